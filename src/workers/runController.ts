/**
 * The worker's run loop: a queue of runs, one loaded run at a time, stepped one optimiser step per turn with a
 * yield to the event loop between steps so that pause / stop / re-target messages are handled promptly.
 *
 * No TF.js and no worker globals: the trainer factory, the message sink and the yield are injected, so the
 * whole state machine is unit-tested with a fake trainer (runController.test.ts).
 */
import type { TrainerConfig } from '../experiment/config';
import type { FinalResult } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import type { KernelValues } from '../engine/kernel';
import type { TeachingConfig } from '../engine/teaching/config';
import type { PslEvaluateOptions, PslEvaluation } from '../engine/psl/network';
import { MAX_KERNEL_BYTES, type EpochSummary, type KernelData, type LoopState, type RunRequest, type WorkerMessage } from './protocol';
import { layerRowClasses } from './rowClasses';
import { packSteps } from './stepPacking';

/** The part of engine/trainer.ts's Trainer the loop uses. */
export interface TrainerHandle {
  readonly done: boolean;
  readonly totalSteps: number;
  readonly sparse: boolean;
  step(): Promise<StepResult>;
  setPreference(k: number[]): void;
  /** A Pareto set model's answers at any preference, without training (absent or null for other runs). */
  readonly answerAt?: ((preferences: number[][]) => Promise<number[][]>) | null;
  /** A network's Pareto set model at any preference, without training (absent for other runs). */
  evaluateAt?(preference: number[], reads: readonly PslEvaluateOptions[]): Promise<PslEvaluation[]>;
  /** Kept loaded after it finished (a Pareto set model goes on answering), until KEPT_MODELS newer ones were. */
  readonly keepAfterFinish?: boolean;
  /** Every value of a Pareto set model, sent with its result so that the page can save it and rebuild it. */
  modelValues?(): Promise<(KernelValues & { name: string })[]>;
  finalResult(backend: string): Promise<FinalResult>;
  kernelValues(): Promise<(KernelValues & { name: string })[]>;
  dispose(): void;
}

export interface ControllerDeps {
  createTrainer(config: TrainerConfig): Promise<TrainerHandle>;
  /** Teaching-problem runs (`kind: 'teaching'`): a TeachingTrainer behind the same handle (teachingHandle.ts). */
  createTeachingTrainer?(config: TeachingConfig): Promise<TrainerHandle>;
  /** Name of the active TF.js backend (recorded in results). */
  backend(): string;
  /** Sends a message to the UI (through the batcher); urgent ones go out at once. */
  post(message: WorkerMessage, urgent: boolean): void;
  /** Lets queued messages (commands) run before the next step. */
  yieldToEvents(): Promise<void>;
}

interface Current {
  request: RunRequest;
  trainer: TrainerHandle | null;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function epochSummary(r: NonNullable<StepResult['epoch']>): EpochSummary {
  return {
    phase: r.phase,
    outer: r.outer,
    epoch: r.epoch,
    globalStep: r.globalStep,
    trainObjectives: r.trainObjectives,
    val: r.val,
    growlPenalty: r.growlPenalty,
    best: r.best,
    seconds: r.seconds,
    sparsityRate: r.rows.sparsityRate,
    compressionRate: r.rows.compressionRate,
  };
}

/** Float32 copies that own their buffers (safe to transfer: a backend may hand out its own storage). */
function ownCopies(kernels: readonly (KernelValues & { name: string })[]): KernelData[] {
  return kernels.map((k) => ({ name: k.name, shape: [...k.shape], values: Float32Array.from(k.values) }));
}

/** Finished runs whose models the worker keeps answering with (the newest ones; each holds its network). */
export const KEPT_MODELS = 2;

export class RunController {
  private readonly deps: ControllerDeps;
  private queue: RunRequest[] = [];
  private current: Current | null = null;
  private processing = false;
  private paused = false;
  private stopRequested = false;
  private stepRequests = 0;
  private looping = false;
  private state: LoopState = 'idle';
  private wake: (() => void) | null = null;
  /** Optimiser steps the current run has taken. */
  private stepsTaken = 0;
  /** Finished runs kept loaded (keepAfterFinish), oldest first. */
  private readonly kept = new Map<string, TrainerHandle>();
  /** Runs whose models were let go (release): one still finishing is not kept when it ends. */
  private readonly released = new Set<string>();

  constructor(deps: ControllerDeps) {
    this.deps = deps;
  }

  get loopState(): LoopState {
    return this.state;
  }

  /** Runs this request now; a current run is discarded first. */
  run(request: RunRequest): void {
    this.queue.unshift(request);
    if (this.current) this.stopRequested = true;
    this.processing = true;
    this.paused = false;
    this.stepRequests = 0;
    this.kick();
  }

  enqueue(requests: RunRequest[]): void {
    this.queue.push(...requests);
    this.kick();
  }

  startQueue(): void {
    this.processing = true;
    this.paused = false;
    this.kick();
  }

  dequeue(ids: string[]): void {
    this.queue = this.queue.filter((r) => !ids.includes(r.id));
    this.postState(true);
  }

  pause(): void {
    this.paused = true;
    this.kick();
  }

  resume(): void {
    this.paused = false;
    this.processing = true;
    this.kick();
  }

  step(): void {
    if (!this.paused) return;
    this.stepRequests++;
    this.processing = true;
    this.kick();
  }

  stop(): void {
    if (this.current) this.stopRequested = true;
    this.processing = false;
    this.paused = false;
    this.stepRequests = 0;
    this.kick();
  }

  /**
   * Re-targets the current run from its next step, and tells the UI so (the run records every change of its
   * preference); throws for an invalid preference (the caller sees the error).
   */
  setPreference(k: number[]): void {
    const current = this.current;
    if (!current?.trainer) return;
    current.trainer.setPreference(k);
    this.deps.post({ kind: 'retargeted', runId: current.request.id, step: this.stepsTaken, preference: [...k] }, true);
  }

  /**
   * The loaded run's Pareto set model, answering at any preference between training steps; null when `runId` is
   * not the loaded run (queued, ended, elsewhere) or not a Pareto set learning run.
   */
  answerer(runId: string): ((preferences: number[][]) => Promise<number[][]>) | null {
    const current = this.current;
    if (current?.request.id !== runId || !current.trainer) return null;
    return current.trainer.answerAt ?? null;
  }

  /**
   * The network Pareto set model of run `runId`: the loaded run's (between its training steps) or a finished one the
   * worker kept; null when the worker has no such model (another kind of run, or it was let go).
   */
  evaluator(runId: string): ((preference: number[], reads: readonly PslEvaluateOptions[]) => Promise<PslEvaluation[]>) | null {
    const current = this.current;
    const handle = current?.request.id === runId && current.trainer ? current.trainer : this.kept.get(runId);
    return handle?.evaluateAt ? (preference, reads) => (handle.evaluateAt as NonNullable<TrainerHandle['evaluateAt']>).call(handle, preference, reads) : null;
  }

  /** Keeps a model rebuilt from its saved values (a finished run's, after a reload), like one that just finished. */
  keepModel(runId: string, handle: TrainerHandle): void {
    this.kept.get(runId)?.dispose();
    this.kept.delete(runId);
    this.keep(runId, handle);
  }

  /** Lets go of the kept models of these runs (they were forgotten). */
  release(runIds: readonly string[]): void {
    for (const id of runIds) {
      this.released.add(id);
      this.kept.get(id)?.dispose();
      this.kept.delete(id);
    }
  }

  /** Resolves when the loop has nothing left to do (for tests). */
  async idle(): Promise<void> {
    while (this.looping) await this.deps.yieldToEvents();
  }

  // ---------------------------------------------------------------------------------------------------------

  private keep(runId: string, trainer: TrainerHandle): void {
    if (this.released.has(runId)) {
      trainer.dispose();
      return;
    }
    this.kept.set(runId, trainer);
    for (const [id, old] of this.kept) {
      if (this.kept.size <= KEPT_MODELS) break;
      old.dispose();
      this.kept.delete(id);
    }
  }

  private kick(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
    this.postState(true);
    if (!this.looping) void this.loop();
  }

  private setState(state: LoopState): void {
    if (state === this.state) return;
    this.state = state;
    this.postState(false);
  }

  private lastStateKey = '';

  private postState(onlyIfChanged: boolean): void {
    const message: WorkerMessage = {
      kind: 'state',
      state: this.state,
      runId: this.current?.request.id ?? null,
      queued: this.queue.map((r) => r.id),
      processing: this.processing,
    };
    const key = JSON.stringify(message);
    if (onlyIfChanged && key === this.lastStateKey) return;
    this.lastStateKey = key;
    this.deps.post(message, true);
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      for (;;) {
        if (this.stopRequested) {
          this.stopRequested = false;
          if (this.current) this.discard({ kind: 'run-stopped', runId: this.current.request.id });
          continue;
        }
        if (!this.current) {
          if (!this.processing || this.queue.length === 0) break;
          await this.load(this.queue.shift() as RunRequest);
          continue;
        }
        const trainer = this.current.trainer as TrainerHandle;
        if (this.paused && this.stepRequests === 0) {
          this.setState('paused');
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const single = this.paused;
        if (single) this.stepRequests--;
        else this.setState('running');
        await this.stepOnce(trainer, single);
        if (this.current && trainer.done && !this.stopRequested) await this.finish(trainer);
        await this.deps.yieldToEvents();
      }
    } finally {
      this.looping = false;
      this.setState('idle');
    }
  }

  private async load(request: RunRequest): Promise<void> {
    this.current = { request, trainer: null };
    this.stepsTaken = 0;
    this.setState('loading');
    try {
      const trainer = await this.createFor(request);
      this.current.trainer = trainer;
      this.deps.post(
        { kind: 'run-started', runId: request.id, totalSteps: trainer.totalSteps, sparse: trainer.sparse, backend: this.deps.backend() },
        true,
      );
    } catch (err) {
      this.discard({ kind: 'run-failed', runId: request.id, message: `could not start the run: ${errorMessage(err)}` });
    }
  }

  private createFor(request: RunRequest): Promise<TrainerHandle> {
    if (request.kind !== 'teaching') return this.deps.createTrainer(request.config);
    if (!this.deps.createTeachingTrainer) return Promise.reject(new Error('this worker does not train teaching problems'));
    return this.deps.createTeachingTrainer(request.config);
  }

  private async stepOnce(trainer: TrainerHandle, urgent: boolean): Promise<void> {
    const runId = (this.current as Current).request.id;
    let result: StepResult;
    try {
      result = await trainer.step();
    } catch (err) {
      this.discard({ kind: 'run-failed', runId, message: errorMessage(err) });
      return;
    }
    this.stepsTaken++;
    const m = result.step.objectives.length;
    const { method } = result.step;
    this.deps.post({ kind: 'steps', runId, objectives: m, method, data: packSteps([result.step], m, method) }, urgent);
    if (result.epoch) this.deps.post({ kind: 'epoch', runId, reading: epochSummary(result.epoch) }, urgent);
    for (const message of result.events) this.deps.post({ kind: 'note', runId, message }, false);
  }

  private async finish(trainer: TrainerHandle): Promise<void> {
    const runId = (this.current as Current).request.id;
    this.setState('finishing');
    try {
      const result = await trainer.finalResult(this.deps.backend());
      const kernels = await trainer.kernelValues();
      const layers = kernels.map((k) => layerRowClasses(k.name, k));
      const kernelBytes = kernels.reduce((sum, k) => sum + k.values.length * Float32Array.BYTES_PER_ELEMENT, 0);
      const model = trainer.modelValues ? ownCopies(await trainer.modelValues()) : null;
      const message: WorkerMessage = { kind: 'run-finished', runId, result, layers, kernels: kernelBytes <= MAX_KERNEL_BYTES ? ownCopies(kernels) : null, kernelBytes };
      this.discard(model ? { ...message, model } : message, trainer.keepAfterFinish === true);
    } catch (err) {
      this.discard({ kind: 'run-failed', runId, message: `evaluating the final model failed: ${errorMessage(err)}` });
    }
  }

  /** Ends the current run with this message and frees its tensors (or keeps its model loaded: `keep`). */
  private discard(message: WorkerMessage, keep = false): void {
    const current = this.current;
    try {
      if (keep && current?.trainer) this.keep(current.request.id, current.trainer);
      else current?.trainer?.dispose();
    } finally {
      this.current = null;
      this.stepRequests = 0;
      this.deps.post(message, true);
      this.postState(true);
    }
  }
}
