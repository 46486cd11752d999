/**
 * The worker's run loop: a queue of runs, one loaded group of runs at a time, stepped one optimiser step per turn
 * with a yield to the event loop between steps so that pause / stop / re-target messages are handled promptly. A
 * group is one run, or several runs from the head of the queue that differ only in their preference, trained at once
 * as one stacked computation (engine/stacked): network runs where the backend gains from it (runsAtOnce > 1: WebGPU),
 * so that "Run all" of a preference list fills its points together; teaching runs on any backend, up to
 * TEACHING_RUNS_AT_ONCE (a lab sweep's runs of one method).
 *
 * No TF.js and no worker globals: the trainer factories, the message sink and the yield are injected, so the
 * whole state machine is unit-tested with fake trainers (runController.test.ts).
 */
import type { TrainerConfig } from '../experiment/config';
import type { StepResult } from '../engine/trainer';
import type { TeachingConfig } from '../engine/teaching/config';
import type { PslEvaluateOptions, PslEvaluation } from '../engine/psl/network';
import { StackedRunError } from '../engine/stacked/stacking';
import { RunInterrupted } from '../engine/interruption';
import type { LoopState, NetworkRunRequest, RunRequest, TeachingRunRequest, WorkerMessage } from './protocol';
import { nextGroup, oneRun, stackedRuns, TEACHING_RUNS_AT_ONCE, type FinishedRun, type LoadedRuns, type StackHandle, type TrainerHandle } from './runHandles';
import { errorMessage, failedMessage, finishedMessage, stepMessages } from './runMessages';
import { kText } from '../experiment/preference';
import { KeptModels } from './keptModels';

export interface ControllerDeps {
  /** `onWork`: the run's work between steps while it goes on (engine/trainer.ts TrainerOptions), posted as `working`. */
  createTrainer(config: TrainerConfig, onWork?: (work: string | null) => void): Promise<TrainerHandle>;
  /** Teaching-problem runs (`kind: 'teaching'`): a TeachingTrainer behind the same handle (teachingHandle.ts). */
  createTeachingTrainer?(config: TeachingConfig): Promise<TrainerHandle>;
  /** Network runs that differ only in their preference, trained at once (engine/stacked). */
  createStack?(configs: TrainerConfig[], onWork?: (index: number, work: string | null) => void): Promise<StackHandle>;
  /** Teaching runs that differ only in their preference, trained at once (teachingHandle.ts); absent: one at a time. */
  createTeachingStack?(configs: TeachingConfig[]): Promise<StackHandle>;
  /** The most queued teaching runs trained at once (absent: TEACHING_RUNS_AT_ONCE). */
  teachingRunsAtOnce?(): number;
  /** The most queued runs trained at once on the active backend (1: one at a time). */
  runsAtOnce?(): number;
  /** Name of the active TF.js backend (recorded in results). */
  backend(): string;
  /** Sends a message to the UI (through the batcher); urgent ones go out at once. */
  post(message: WorkerMessage, urgent: boolean): void;
  /** Lets queued messages (commands) run before the next step. */
  yieldToEvents(): Promise<void>;
}

interface Current {
  /** The loaded runs' requests: run i of `runs` is request i. */
  requests: RunRequest[];
  runs: LoadedRuns | null;
}

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
  /** Ends the wait for the runs being loaded (a Stop or Run now while a slow download goes on). */
  private abandonLoad: (() => void) | null = null;
  /** Optimiser steps the current run has taken. */
  private stepsTaken = 0;
  /** Finished runs kept loaded (keepAfterFinish). */
  private readonly kept = new KeptModels();
  /** Runs put back in the queue because a run trained at once with them failed: why, said when they start again. */
  private readonly restarts = new Map<string, { note: string; preference: number[] | null }>();
  /** Run now arrived while several runs trained at once: they go back to the queue instead of being discarded. */
  private putBackLoaded = false;
  /** Runs that Run now put at the head of the queue while a stop was on its way (the loaded runs go back after them). */
  private runsNow = 0;
  /** The loaded runs' preferences where they were re-targeted (a run started again goes on from there). */
  private readonly retargeted = new Map<string, number[]>();

  constructor(deps: ControllerDeps) {
    this.deps = deps;
  }

  get loopState(): LoopState {
    return this.state;
  }

  /**
   * Runs this request now; a current run is discarded first. Several runs trained at once go back to the queue
   * instead, after this one (they came from the queue: a list of preferences is not thrown away for one run).
   */
  run(request: RunRequest): void {
    this.queue.unshift(request);
    if (this.current) {
      // A stop already on its way stops them (Stop, then Run now, before the loop acted).
      if (!this.stopRequested) this.putBackLoaded = this.current.requests.length > 1;
      this.stopRequested = true;
      this.runsNow++;
    }
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
    for (const id of ids) this.restarts.delete(id);
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

  /**
   * Ends the current run and stops the queue. With `runIds`, only those end (protocol.ts TrainerWorkerApi.stop): they
   * leave the queue, the current run ends if it is one of them, and a queue that was going goes on with the rest — the
   * other owner's runs.
   */
  stop(runIds?: readonly string[]): void {
    if (runIds) {
      this.dequeue([...runIds]);
      if (!this.current?.requests.some((r) => runIds.includes(r.id))) return;
    }
    if (this.current) this.stopRequested = true;
    this.putBackLoaded = false;
    if (!runIds) this.processing = false;
    this.paused = false;
    this.stepRequests = 0;
    this.kick();
  }

  /**
   * Re-targets loaded run `runId` from its next step, and tells the UI so (the run records every change of its
   * preference); nothing when that run is not loaded (it ended meanwhile). Throws for an invalid preference (the
   * caller sees the error).
   */
  setPreference(runId: string, k: number[]): void {
    const current = this.current;
    const index = current?.requests.findIndex((r) => r.id === runId) ?? -1;
    if (!current?.runs || index < 0) return;
    current.runs.setPreference(index, k);
    this.retargeted.set(runId, [...k]);
    this.deps.post({ kind: 'retargeted', runId, step: this.stepsTaken, preference: [...k] }, true);
  }

  /** The handle of run `runId` when it is loaded alone. */
  private loadedAlone(runId: string): TrainerHandle | null {
    const current = this.current;
    return current?.requests.length === 1 && current.requests[0].id === runId ? (current.runs?.single ?? null) : null;
  }

  /**
   * The loaded run's Pareto set model, answering at any preference between training steps; null when `runId` is
   * not the loaded run (queued, ended, elsewhere) or not a Pareto set learning run.
   */
  answerer(runId: string): ((preferences: number[][]) => Promise<number[][]>) | null {
    return this.loadedAlone(runId)?.answerAt ?? null;
  }

  /**
   * The network Pareto set model of run `runId`: the loaded run's (between its training steps) or a finished one the
   * worker kept; null when the worker has no such model (another kind of run, or it was let go).
   */
  evaluator(runId: string): ((preference: number[], reads: readonly PslEvaluateOptions[]) => Promise<PslEvaluation[]>) | null {
    const handle = this.loadedAlone(runId) ?? this.kept.get(runId);
    return handle?.evaluateAt ? (preference, reads) => (handle.evaluateAt as NonNullable<TrainerHandle['evaluateAt']>).call(handle, preference, reads) : null;
  }

  /** Keeps a model rebuilt from its saved values (a finished run's, after a reload), like one that just finished. */
  keepModel(runId: string, handle: TrainerHandle): void {
    this.kept.keep(runId, handle);
  }

  /** Lets go of the kept models of these runs (they were forgotten). */
  release(runIds: readonly string[]): void {
    this.kept.release(runIds);
  }

  /** Resolves when the loop has nothing left to do (for tests). */
  async idle(): Promise<void> {
    while (this.looping) await this.deps.yieldToEvents();
  }

  // ---------------------------------------------------------------------------------------------------------

  private kick(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
    if (this.stopRequested) {
      this.abandonLoad?.();
      // A step under way (a search's clustering can take a minute) ends at its next pause instead of at its end.
      this.current?.runs?.interrupt();
    }
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
      runIds: this.current?.requests.map((r) => r.id) ?? [],
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
          const { current, putBackLoaded, runsNow } = this;
          this.putBackLoaded = false;
          this.runsNow = 0;
          if (current && putBackLoaded) this.putBack(current.requests, 'started again: Run now put another run first', runsNow);
          if (current) this.end(putBackLoaded ? [] : current.requests.map((r) => ({ kind: 'run-stopped', runId: r.id })));
          continue;
        }
        if (!this.current) {
          if (!this.processing) break;
          // The queue ran out: it is no longer going, and runs added from now on wait for Start queue (or Run).
          if (this.queue.length === 0) {
            this.processing = false;
            this.postState(true);
            break;
          }
          await this.load(this.takeGroup());
          continue;
        }
        const runs = this.current.runs as LoadedRuns;
        if (this.paused && this.stepRequests === 0) {
          this.setState('paused');
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const single = this.paused;
        if (single) this.stepRequests--;
        else this.setState('running');
        const stepped = await this.stepOnce(runs, single);
        // Runs that Run now would put back but that just took their last step finish instead of starting again — not
        // runs whose step was interrupted: one of them may have been cut short in it (the others done).
        if (stepped && this.current && runs.done && (!this.stopRequested || this.putBackLoaded)) await this.finish(runs);
        await this.deps.yieldToEvents();
      }
    } finally {
      this.looping = false;
      this.setState('idle');
    }
  }

  /** The runs the loop loads next, taken off the queue: one, or several at once where the backend stacks them. */
  private takeGroup(): RunRequest[] {
    const group = nextGroup(this.queue, {
      network: this.deps.createStack ? (this.deps.runsAtOnce?.() ?? 1) : 1,
      teaching: this.deps.createTeachingStack ? (this.deps.teachingRunsAtOnce?.() ?? TEACHING_RUNS_AT_ONCE) : 1,
    });
    this.queue.splice(0, group.length);
    return group;
  }

  private async load(requests: RunRequest[]): Promise<void> {
    const current: Current = { requests, runs: null };
    this.current = current;
    this.stepsTaken = 0;
    this.setState('loading');
    const restarts = requests.map((r) => this.restarts.get(r.id));
    requests.forEach((r) => this.restarts.delete(r.id));
    const creating = this.createFor(requests);
    const stopped = new Promise<null>((resolve) => (this.abandonLoad = () => resolve(null)));
    try {
      const runs = await Promise.race([creating, stopped]);
      if (runs === null) {
        // Stopped while it loaded: the runs end now, not when a slow download ends; what the load makes is let go.
        creating.then(
          (late) => {
            try {
              late.dispose();
            } catch {
              // Nothing to tell: the run it was made for has ended.
            }
          },
          () => {},
        );
        return;
      }
      current.runs = runs;
      requests.forEach((request, i) => {
        const runId = request.id;
        this.deps.post({ kind: 'run-started', runId, totalSteps: runs.totalSteps, sparse: runs.sparse, backend: this.deps.backend() }, true);
        const restart = restarts[i];
        if (!restart) return;
        this.deps.post({ kind: 'note', runId, message: restart.note }, false);
        // Started again, a re-targeted run trains at its last preference from the start (the record says so).
        if (restart.preference) this.setPreference(runId, restart.preference);
      });
    } catch (err) {
      this.end(requests.map((r) => ({ kind: 'run-failed', runId: r.id, message: `could not start the run: ${errorMessage(err)}` })));
    } finally {
      this.abandonLoad = null;
    }
  }

  private async createFor(requests: RunRequest[]): Promise<LoadedRuns> {
    const [request] = requests;
    const working = (index: number, work: string | null) => this.deps.post({ kind: 'working', runId: requests[index].id, work }, true);
    if (requests.length > 1 && request.kind === 'teaching' && this.deps.createTeachingStack) {
      return stackedRuns(await this.deps.createTeachingStack(requests.map((r) => (r as TeachingRunRequest).config)));
    }
    if (requests.length > 1 && this.deps.createStack) {
      const configs = requests.map((r) => (r as NetworkRunRequest).config);
      return stackedRuns(await this.deps.createStack(configs, working));
    }
    if (request.kind !== 'teaching') return oneRun(await this.deps.createTrainer(request.config, (work) => working(0, work)));
    if (!this.deps.createTeachingTrainer) throw new Error('this worker does not train teaching problems');
    return oneRun(await this.deps.createTeachingTrainer(request.config));
  }

  /** One step of the loaded runs; false where it did not complete (interrupted, or the runs ended with a failure). */
  private async stepOnce(runs: LoadedRuns, urgent: boolean): Promise<boolean> {
    const { requests } = this.current as Current;
    let results: StepResult[];
    try {
      results = await runs.step();
    } catch (err) {
      // Interrupted by a stop: the loop ends the runs as stopped (or puts them back for Run now).
      if (err instanceof RunInterrupted && this.stopRequested) return false;
      if (err instanceof StackedRunError && requests[err.runIndex]) this.dropFromStack(requests, err);
      else this.end(requests.map((r) => failedMessage(r.id, err)));
      return false;
    }
    this.stepsTaken++;
    results.forEach((result, i) => {
      // A single step's readings go at once; notes never hurry.
      for (const message of stepMessages(requests[i].id, result)) this.deps.post(message, urgent && message.kind !== 'note');
    });
    return true;
  }

  private async finish(runs: LoadedRuns): Promise<void> {
    const { requests } = this.current as Current;
    this.setState('finishing');
    let finished: FinishedRun[];
    try {
      finished = await runs.finish(this.deps.backend());
    } catch (err) {
      this.end(requests.map((r) => ({ kind: 'run-failed', runId: r.id, message: `evaluating the final model failed: ${errorMessage(err)}` })));
      return;
    }
    this.end(finished.map((run, i) => finishedMessage(requests[i].id, run)), runs.single?.keepAfterFinish === true);
  }

  /**
   * One run of a stack failed (it diverged): it fails with its own message, and the others go back to the head of the
   * queue, to train again from the start without it (their first start's readings are replaced).
   */
  private dropFromStack(requests: RunRequest[], err: StackedRunError): void {
    const failed = requests[err.runIndex];
    const others = requests.filter((r) => r !== failed);
    const failure = { ...failedMessage(failed.id, err), message: err.runMessage };
    // Stopped while the step was under way: the others stop, as they would have.
    if (this.stopRequested && !this.putBackLoaded) {
      this.end([failure, ...others.map((r): WorkerMessage => ({ kind: 'run-stopped', runId: r.id }))]);
      return;
    }
    const k = failed.kind === 'teaching' ? '' : ` (${kText(failed.config.preference)})`;
    this.putBack(others, `started again: a run trained at once with this one${k} failed: ${err.runMessage}`, this.stopRequested ? this.runsNow : 0);
    this.end([failure]);
  }

  /**
   * Loaded runs go back to the queue, to train again from the start (their first start's readings are replaced), at
   * the preference they were re-targeted to: after the first `after` runs of the queue (those Run now put there).
   */
  private putBack(requests: readonly RunRequest[], note: string, after: number): void {
    for (const r of requests) this.restarts.set(r.id, { note, preference: this.retargeted.get(r.id) ?? null });
    this.queue.splice(Math.min(after, this.queue.length), 0, ...requests);
  }

  /** Ends the loaded runs with these messages and frees their tensors (or keeps a single run's model loaded: `keep`). */
  private end(messages: WorkerMessage[], keep = false): void {
    const current = this.current;
    current?.requests.forEach((r) => this.retargeted.delete(r.id));
    try {
      const single = current?.runs?.single;
      if (keep && single && current) this.kept.keep(current.requests[0].id, single);
      else current?.runs?.dispose();
    } finally {
      this.current = null;
      this.stepRequests = 0;
      for (const message of messages) this.deps.post(message, true);
      this.postState(true);
    }
  }
}
