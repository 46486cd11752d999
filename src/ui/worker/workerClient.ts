/**
 * The UI's side of one trainer worker, the main one or a sweep helper: it wraps the worker's Comlink endpoint,
 * hands the worker a port for its batches of messages (at most ~10 a second, messageBatcher.ts) and passes each
 * batch on, and watches the worker die. Comlink leaves a call to a dead worker pending for ever; here every call
 * that has not answered when the worker dies — it threw while running or starting (an `error` event), a message
 * could not be read (`messageerror`), it was terminated, or it ended silently (its life lock was let go) — rejects
 * with a WorkerGoneError naming the worker, and later calls reject at once. No stores here: what a death means for
 * runs and notices is `onGone`'s.
 */
import * as Comlink from 'comlink';
import type { TrainerWorkerApi, WorkerMessage } from '../../workers/protocol';

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerEndpoint extends Comlink.Endpoint {
  terminate(): void;
}

/** What the client needs of the Web Locks API (`navigator.locks`; a fake in tests). */
export interface LockRequester {
  /** Calls `callback` once the lock `name` is free (and holds it until the callback's promise settles). */
  request(name: string, callback: () => unknown): Promise<unknown>;
}

/** Why a worker that ended without an error event is gone (what its runs fail with). */
export const SILENT_END = 'stopped without an error (it closed, or the browser ended it, e.g. when memory ran short)';

export class WorkerGoneError extends Error {
  constructor(
    /** The worker's name ('main', 'helper-1', …). */
    readonly worker: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerGoneError';
  }
}

export interface WorkerClientOptions {
  /** The run store's name for the worker ('main', 'helper-1', …). */
  name: string;
  /** How messages name it: "the trainer worker", "helper worker 1". */
  label: string;
  /** A batch of the worker's messages, in order. */
  onMessages(messages: WorkerMessage[]): void;
  /** The worker died (called once; every pending call has been rejected with `error`). */
  onGone(error: WorkerGoneError): void;
  /** Web Locks to watch the worker's life with (default `navigator.locks`; none: only errors tell of a death). */
  locks?: LockRequester;
}

/** What an `error` event of a worker says happened. */
export function describeWorkerError(event: Event): string {
  const e = event as Partial<ErrorEvent>;
  const where = e.filename ? ` (${e.filename.split('/').pop()}:${e.lineno}:${e.colno})` : '';
  if (e.message) return `${e.message}${where}`;
  if (e.error instanceof Error) return `${e.error.message}${where}`;
  return 'the worker script failed to load or stopped without details (see the browser console)';
}

export class WorkerClient {
  readonly name: string;
  readonly label: string;
  private readonly api: Comlink.Remote<TrainerWorkerApi>;
  private readonly port: MessagePort;
  private goneError: WorkerGoneError | null = null;
  /** The reject functions of the calls not yet answered. */
  private readonly pending = new Set<(error: WorkerGoneError) => void>();

  constructor(
    private readonly worker: WorkerEndpoint,
    private readonly options: WorkerClientOptions,
  ) {
    this.name = options.name;
    this.label = options.label;
    worker.addEventListener('error', (event) => {
      event.preventDefault(); // shown by onGone, not as an uncaught error in the console
      this.die(`${this.label} crashed: ${describeWorkerError(event)}`);
    });
    worker.addEventListener('messageerror', () => this.die(`${this.label} crashed: a message from it could not be read`));
    this.api = Comlink.wrap<TrainerWorkerApi>(worker);
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (event: MessageEvent<WorkerMessage[]>) => options.onMessages(event.data);
    this.call((api) => api.connect(Comlink.transfer(channel.port2, [channel.port2]))).catch(() => {}); // a death is reported by onGone
    void this.watchLife(options.locks ?? globalThis.navigator?.locks);
  }

  /** The error the worker died with (null while it lives). */
  get gone(): WorkerGoneError | null {
    return this.goneError;
  }

  /** Calls the worker; rejects with a WorkerGoneError if it dies (or has died) before it answers. */
  call<T>(f: (api: Comlink.Remote<TrainerWorkerApi>) => Promise<T>): Promise<T> {
    if (this.goneError) return Promise.reject(this.goneError);
    let answer: Promise<T>;
    try {
      answer = f(this.api);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      answer.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  /** Stops the worker at once; its pending calls reject and its runs are reported gone with `reason`. */
  terminate(reason = 'it was stopped'): void {
    this.die(`${this.label} was terminated: ${reason}`);
  }

  /**
   * A worker can end without an `error` event (it closes itself; the browser ends it): its calls would then hang and
   * its runs stay "running" for ever. The worker holds a Web Lock while it lives; asking for the same lock here gets it
   * the moment the worker is gone.
   */
  private async watchLife(locks: LockRequester | undefined): Promise<void> {
    if (!locks) return;
    const name = `paretoscope-worker:${this.name}:${crypto.randomUUID()}`;
    try {
      if (!(await this.call((api) => api.holdLifeLock(name)))) return;
      await locks.request(name, () => this.die(`${this.label} ${SILENT_END}`));
    } catch {
      // Gone before it held the lock (onGone said so), or no lock to be had: the error events still report a death.
    }
  }

  private die(message: string): void {
    if (this.goneError) return;
    const error = new WorkerGoneError(this.name, message);
    this.goneError = error;
    this.worker.terminate();
    // Batches still in flight belong to a worker whose runs are now reported failed: they must not revive them.
    this.port.onmessage = null;
    this.port.close();
    for (const reject of this.pending) reject(error);
    this.pending.clear();
    this.options.onGone(error);
  }
}
