/**
 * Test helper: a trainer worker without a thread. The UI side gets a WorkerEndpoint (one end of a MessageChannel,
 * plus `error` / `messageerror` events the test fires, and `terminate`); the other end exposes a fake
 * TrainerWorkerApi with Comlink, as trainer.worker.ts does. Calls the test `hold`s never answer, like a worker
 * that is busy or dead; calls it `refuse`s throw. Only imported by tests.
 */
import * as Comlink from 'comlink';
import type { BackendReport, NetworkModelReading, RunRequest, TrainerWorkerApi, WorkerMessage } from '../../workers/protocol';
import type { LockRequester, WorkerEndpoint } from '../worker/workerClient';

/** Web Locks without a browser: a lock a fake worker holds is let go when the worker ends. */
export class FakeLocks implements LockRequester {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();

  async request(name: string, callback: () => unknown): Promise<unknown> {
    if (this.held.has(name)) await new Promise<void>((granted) => this.waiting.set(name, [...(this.waiting.get(name) ?? []), granted]));
    return callback();
  }

  /** Held until `release` (a worker's life lock). */
  holdUntilReleased(name: string): void {
    this.held.add(name);
  }

  release(name: string): void {
    this.held.delete(name);
    for (const granted of this.waiting.get(name) ?? []) granted();
    this.waiting.delete(name);
  }

  /** Names of the locks held now. */
  get heldNames(): string[] {
    return [...this.held];
  }
}

type Method = keyof TrainerWorkerApi;

const STAND_IN_ROWS = { sparsityRate: 0, compressionRate: 1, parameterSharing: 1, totalRows: 100, zeroRows: 0, uniqueRows: 100, totalParams: 1000, nonZeroParams: 1000, uniqueParams: 1000, tiedBytes: 4400 };

export class FakeWorker implements WorkerEndpoint {
  readonly calls: { method: Method; args: unknown[] }[] = [];
  terminated = false;
  private readonly events = new EventTarget();
  private readonly ui: MessagePort;
  private port: MessagePort | null = null;
  private readonly held = new Set<Method>();
  /** The answers of held calls, for `answer`. */
  private readonly heldAnswers = new Map<Method, (() => void)[]>();
  private readonly refused = new Map<Method, string>();

  /** The life lock the worker holds (with `locks`). */
  private lifeLock: string | null = null;
  /** Ended without a word (endSilently): no call is answered any more. */
  private ended = false;

  constructor(
    private readonly backend: BackendReport = { name: 'cpu', forced: false, passedOver: [], runsAtOnce: 1 },
    /** Web Locks the worker can hold its life lock with (none: it answers that it has none). */
    private readonly locks: FakeLocks | null = null,
  ) {
    const channel = new MessageChannel();
    this.ui = channel.port1;
    const record = (method: Method, args: unknown[], answer: unknown = undefined) => {
      this.calls.push({ method, args });
      if (this.ended) return new Promise<never>(() => {});
      const refusal = this.refused.get(method);
      if (refusal !== undefined) return Promise.reject(new Error(refusal));
      if (!this.held.has(method)) return Promise.resolve(answer);
      return new Promise<unknown>((resolve) => this.heldAnswers.set(method, [...(this.heldAnswers.get(method) ?? []), () => resolve(answer)]));
    };
    const api: TrainerWorkerApi = {
      init: (options) => record('init', [options], this.backend) as Promise<BackendReport>,
      selfTest: () => record('selfTest', []) as Promise<never>,
      connect: (port) => {
        this.port = port;
        void record('connect', []);
      },
      holdLifeLock: (name: string) => {
        if (this.locks) {
          this.locks.holdUntilReleased(name);
          this.lifeLock = name;
        }
        return record('holdLifeLock', [name], this.locks !== null) as Promise<boolean>;
      },
      run: (request: RunRequest) => record('run', [request]) as Promise<void>,
      enqueue: (requests: RunRequest[]) => record('enqueue', [requests]) as Promise<void>,
      startQueue: () => record('startQueue', []) as Promise<void>,
      pause: () => record('pause', []) as Promise<void>,
      resume: () => record('resume', []) as Promise<void>,
      step: () => record('step', []) as Promise<void>,
      stop: (runIds?: string[]) => record('stop', runIds ? [runIds] : []) as Promise<void>,
      setPreference: (runId: string, k: number[]) => record('setPreference', [runId, k]) as Promise<void>,
      // A stand-in model: f = (1 − k₁, 1 − k₂, …) at each preference k.
      paretoSetAnswers: (query) => record('paretoSetAnswers', [query], query.preferences.map((k) => k.map((v) => 1 - v))) as Promise<number[][] | null>,
      // A stand-in model: accuracy 50 + 40·k_i per task, sparsity 100·k₀.
      askNetworkModel: (query) =>
        record(
          'askNetworkModel',
          [query],
          query.reads.map((read) => ({
            preference: query.preference,
            accuracy: query.preference.slice(1).map((v) => 50 + 40 * v),
            nll: query.preference.slice(1).map((v) => 1 - v),
            rows: { ...STAND_IN_ROWS, sparsityRate: 100 * (query.preference[0] ?? 0) },
            growlPenalty: 1,
            parameterCount: 1000,
            examples: read.examples ?? 64,
            split: read.split,
            seconds: 0.01,
          })),
        ) as Promise<NetworkModelReading[] | null>,
      loadNetworkModel: (request) => record('loadNetworkModel', [request], true) as Promise<true>,
      forgetModels: (runIds: string[]) => record('forgetModels', [runIds]) as Promise<void>,
      // A stand-in front (the real one: engine/teaching/exactFront.ts).
      exactFront: (problem, seed) =>
        record('exactFront', [problem, seed], [
          [0, 1],
          [1, 0],
        ]) as Promise<number[][]>,
    };
    Comlink.expose(api, channel.port2);
  }

  /** Calls of this method will never be answered. */
  hold(method: Method): this {
    this.held.add(method);
    return this;
  }

  /** Answers the held calls of this method, and its later calls at once (a slow start that ends). */
  answer(method: Method): void {
    this.held.delete(method);
    for (const resolve of this.heldAnswers.get(method) ?? []) resolve();
    this.heldAnswers.delete(method);
  }

  /** Calls of this method throw this message (the worker lives on). */
  refuse(method: Method, message: string): this {
    this.refused.set(method, message);
    return this;
  }

  /** The worker sends a batch of messages on the port the UI gave it. */
  send(messages: WorkerMessage[]): void {
    if (!this.port) throw new Error('the UI has not connected yet');
    this.port.postMessage(messages);
  }

  /** The worker throws (an uncaught error reaches the Worker's `error` event). */
  crash(message: string): void {
    const event = new Event('error', { cancelable: true });
    Object.assign(event, { message, filename: 'http://localhost/assets/trainer.worker-abc.js', lineno: 3, colno: 9 });
    this.events.dispatchEvent(event);
  }

  /** The worker ends without an error event (it closed itself, or the browser ended it): it answers nothing more. */
  endSilently(): void {
    this.ended = true;
    if (this.lifeLock) this.locks?.release(this.lifeLock);
  }

  /** A message from the worker cannot be deserialised. */
  garble(): void {
    this.events.dispatchEvent(new Event('messageerror'));
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.ui.postMessage(message, transfer ?? []);
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') this.ui.addEventListener('message', listener as EventListener);
    else this.events.addEventListener(type, listener);
    this.ui.start();
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') this.ui.removeEventListener('message', listener as EventListener);
    else this.events.removeEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
    this.ui.close();
    if (this.lifeLock) this.locks?.release(this.lifeLock);
  }
}

/** Waits until pending message-port deliveries have run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
