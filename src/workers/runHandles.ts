/**
 * What the worker's run loop (runController.ts) trains: one run behind a TrainerHandle (a Trainer, a teaching
 * problem, a Pareto set model), or K runs of the queue trained at once behind a StackHandle (engine/stacked). The
 * loop sees both as LoadedRuns, a group of runs stepped together (a group of one for a TrainerHandle), so that
 * pause, step, stop, re-targeting and the readings work the same for either. `nextGroup` says which queued runs load
 * together.
 *
 * No TF.js here: the handles are built by the worker (trainer.worker.ts) and faked in the loop's tests.
 */
import type { FinalResult } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import type { KernelValues } from '../engine/kernel';
import type { PslEvaluateOptions, PslEvaluation } from '../engine/psl/network';
import { stackingProblems, teachingStackingProblems } from '../engine/stacked/stacking';
import type { NetworkRunRequest, RunRequest, TeachingRunRequest } from './protocol';

export type NamedKernel = KernelValues & { name: string };

/** The part of engine/trainer.ts's Trainer the loop uses. */
export interface TrainerHandle {
  readonly done: boolean;
  readonly totalSteps: number;
  readonly sparse: boolean;
  step(): Promise<StepResult>;
  setPreference(k: number[]): void;
  /** The run is ending: a step under way ends at its next pause, throwing RunInterrupted (engine/interruption.ts). */
  interrupt?(): void;
  /** A Pareto set model's answers at any preference, without training (absent or null for other runs). */
  readonly answerAt?: ((preferences: number[][]) => Promise<number[][]>) | null;
  /** A network's Pareto set model at any preference, without training (absent for other runs). */
  evaluateAt?(preference: number[], reads: readonly PslEvaluateOptions[]): Promise<PslEvaluation[]>;
  /** Kept loaded after it finished (a Pareto set model goes on answering), until KEPT_MODELS newer ones were. */
  readonly keepAfterFinish?: boolean;
  /** Every value of a Pareto set model, sent with its result so that the page can save it and rebuild it. */
  modelValues?(): Promise<NamedKernel[]>;
  finalResult(backend: string): Promise<FinalResult>;
  kernelValues(): Promise<NamedKernel[]>;
  dispose(): void;
}

/** The part of engine/stacked's StackedTrainer the loop uses: K network runs that differ only in their preference. */
export interface StackHandle {
  readonly done: boolean;
  readonly totalSteps: number;
  readonly sparse: boolean;
  /** One step of every run: run i's result at index i. */
  step(): Promise<StepResult[]>;
  setPreference(index: number, k: number[]): void;
  /** The runs are ending: a step under way ends at its next pause, throwing RunInterrupted. */
  interrupt?(): void;
  /** Every run's final result, run i's at index i (the runs' own networks then hold their final values). */
  finalResults(backend: string): Promise<FinalResult[]>;
  /** Run i's kernels (after finalResults). */
  kernelValues(index: number): Promise<NamedKernel[]>;
  dispose(): void;
}

/** A finished run's result, kernels and (a Pareto set model's) every value. */
export interface FinishedRun {
  result: FinalResult;
  kernels: NamedKernel[];
  model: NamedKernel[] | null;
}

/** The runs the loop has loaded, stepped together as a stack is: run i is the loop's request i. */
export interface LoadedRuns extends Pick<StackHandle, 'done' | 'totalSteps' | 'sparse' | 'step' | 'setPreference' | 'dispose'> {
  interrupt(): void;
  finish(backend: string): Promise<FinishedRun[]>;
  /** The handle of a group of one (its model answers questions; it may be kept after it finished); null for a stack. */
  readonly single: TrainerHandle | null;
}

/**
 * The most teaching runs a worker trains at once: a lab sweep's runs of one method (at most 50 preferences) in one
 * stack. A teaching step costs its ops' overhead, not their arithmetic, on any backend: K runs at once cost about one
 * (`npm run bench:lab-sweep`).
 */
export const TEACHING_RUNS_AT_ONCE = 50;

/** How many runs of each kind may load together (1: one at a time). */
export interface GroupLimits {
  network: number;
  teaching: number;
}

/**
 * The runs at the head of `queue` that load together: the first, and after it, up to the limit of its kind in all,
 * the queued runs of its kind that can train with it (the same settings but their preference; engine/stacked/stacking.ts).
 */
export function nextGroup(queue: readonly RunRequest[], limits: GroupLimits): RunRequest[] {
  const [head] = queue;
  if (!head) return [];
  const rest = queue.slice(1);
  if (head.kind === 'teaching') {
    const group: TeachingRunRequest[] = [head];
    for (const next of rest) {
      if (group.length >= limits.teaching || next.kind !== 'teaching' || teachingStackingProblems([head.config, next.config]).length > 0) break;
      group.push(next);
    }
    return group;
  }
  const group: NetworkRunRequest[] = [head];
  for (const next of rest) {
    if (group.length >= limits.network || next.kind === 'teaching' || stackingProblems([head.config, next.config]).length > 0) break;
    group.push(next);
  }
  return group;
}

export function oneRun(handle: TrainerHandle): LoadedRuns {
  return {
    get done() {
      return handle.done;
    },
    totalSteps: handle.totalSteps,
    sparse: handle.sparse,
    step: async () => [await handle.step()],
    setPreference: (_index, k) => handle.setPreference(k),
    interrupt: () => handle.interrupt?.(),
    async finish(backend) {
      const result = await handle.finalResult(backend);
      const kernels = await handle.kernelValues();
      return [{ result, kernels, model: handle.modelValues ? await handle.modelValues() : null }];
    },
    single: handle,
    dispose: () => handle.dispose(),
  };
}

export function stackedRuns(handle: StackHandle): LoadedRuns {
  return {
    get done() {
      return handle.done;
    },
    totalSteps: handle.totalSteps,
    sparse: handle.sparse,
    step: () => handle.step(),
    setPreference: (index, k) => handle.setPreference(index, k),
    interrupt: () => handle.interrupt?.(),
    async finish(backend) {
      const results = await handle.finalResults(backend);
      const finished: FinishedRun[] = [];
      for (const [i, result] of results.entries()) finished.push({ result, kernels: await handle.kernelValues(i), model: null });
      return finished;
    },
    single: null,
    dispose: () => handle.dispose(),
  };
}
