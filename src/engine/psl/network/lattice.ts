/**
 * The preferences a finished network PSL run is read at, to draw its model beside the runs' points: the run's k₀
 * with the task split moved from task 2 to task 1 (a curve in the task-vs-task view), and the run's task split with
 * k₀ moved from 0 to the k₀ at which the masks saturate (a curve along the sparsity axis). Pure.
 */

/** Task splits w = share of task 1 in the task part of the preference, 0.05 … 0.95. */
export const TASK_SPLITS = Array.from({ length: 11 }, (_, i) => 0.05 + 0.09 * i);

/** k₀ steps from 0 to the saturating k₀. */
export const SPARSITY_STEPS = 6;

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** r = (k₀, (1 − k₀)·w, (1 − k₀)·(1 − w)) for two tasks, rounded so that the entries sum to 1. */
export function preferenceAt(k0: number, split: number): number[] {
  const a = round(k0);
  const b = round((1 - a) * split);
  return [a, b, round(1 - a - b)];
}

/**
 * The task curve at k's k₀ (11 preferences), then the sparsity curve at k's task split (SPARSITY_STEPS preferences
 * with k₀ = 0 … fullSparsityK0). Two tasks (the networks' problems have two).
 */
export function networkPreferenceLattice(k: readonly number[], fullSparsityK0: number): { task: number[][]; sparsity: number[][] } {
  const tasks = k[1] + k[2];
  const split = tasks > 0 ? k[1] / tasks : 0.5;
  return {
    task: TASK_SPLITS.map((w) => preferenceAt(k[0], w)),
    sparsity: Array.from({ length: SPARSITY_STEPS }, (_, i) => preferenceAt((fullSparsityK0 * i) / (SPARSITY_STEPS - 1), split)),
  };
}
