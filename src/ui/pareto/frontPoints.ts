/**
 * From runs to the points of the Pareto front plot: plot coordinates for the chosen axes, the same in
 * minimisation form for dominance and hypervolume, the automatic reference point, and the live position and
 * trail of a running run. Pure.
 *
 * Axes: metric 'loss' = test NLL per task, 'error' = test error (100 − accuracy) per task. Normally x = task 1,
 * y = task 2 (sparsity as colour); with `sparsityAxis` x = sparsity rate (higher is better), y = the mean of
 * the two tasks' metric.
 */
import { max } from 'd3-array';
import type { TaskScores } from '../../engine/readings';
import type { FrontView } from '../explorer/explorerState';
import { finalPreference, preferenceText, type NetworkRun } from '../runs/runRecord';
import { nonDominatedIndices } from './dominance';
import { hypervolume2d } from './hypervolume';

export interface FrontPoint {
  runId: string;
  ordinal: number;
  x: number;
  y: number;
  sparsity: number;
  /** No other point is at least as good on both axes and better on one. */
  nonDominated: boolean;
  /**
   * No other run is at least as good in both tasks and in sparsity and better in one: a point of the front of all three
   * objectives (the paper's), which the two axes shown may not tell (a sparse run worse in both tasks, say).
   */
  nonDominatedWithSparsity: boolean;
  /** What a hover readout says of the run. */
  readout: { preference: number[]; accuracy: number[]; compression: number; method: string; seed: number; retargeted: string | null; pinnedFrom?: number };
}

type Axes = Pick<FrontView, 'metric' | 'sparsityAxis'>;

export function taskValues(scores: TaskScores, metric: FrontView['metric']): number[] {
  return metric === 'loss' ? scores.nll : scores.accuracy.map((a) => 100 - a);
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export function plotCoordinates(tasks: readonly number[], sparsity: number, axes: Axes): [number, number] {
  return axes.sparsityAxis ? [sparsity, mean(tasks)] : [tasks[0], tasks[1]];
}

/** Plot coordinates turned into minimisation (sparsity is maximised). */
export function toMinimization(p: readonly [number, number], axes: Axes): [number, number] {
  return axes.sparsityAxis ? [-p[0], p[1]] : [p[0], p[1]];
}

/** The runs of one problem (the front shows one problem at a time). */
export function runsOfProblem(runs: readonly NetworkRun[], problem: string): NetworkRun[] {
  return runs.filter((r) => r.config.problem === problem);
}

/** The finished runs as points; a run without finite coordinates has no place on the plot and is left out. */
export function frontPoints(runs: readonly NetworkRun[], axes: Axes): FrontPoint[] {
  const placed = runs.flatMap((run) => {
    if (run.state !== 'finished' || !run.result) return [];
    const coords = plotCoordinates(taskValues(run.result.test, axes.metric), run.result.rows.sparsityRate, axes);
    return coords.every(Number.isFinite) ? [{ run, result: run.result, coords }] : [];
  });
  const nd = new Set(nonDominatedIndices(placed.map((p) => toMinimization(p.coords, axes))));
  const nd3 = new Set(nonDominatedIndices(placed.map(({ result }) => [...taskValues(result.test, axes.metric), -result.rows.sparsityRate])));
  return placed.map(({ run, result, coords }, i) => ({
    runId: run.id,
    ordinal: run.ordinal,
    x: coords[0],
    y: coords[1],
    sparsity: result.rows.sparsityRate,
    nonDominated: nd.has(i),
    nonDominatedWithSparsity: nd3.has(i),
    readout: {
      preference: finalPreference(run),
      retargeted: run.retargets.length > 0 ? preferenceText(run) : null,
      accuracy: result.test.accuracy,
      compression: result.rows.compressionRate,
      method: run.config.method.name === 'chebyshev-al' ? `chebyshev-al (${run.config.method.variant})` : run.config.method.name,
      seed: run.config.seed,
      ...(run.pin ? { pinnedFrom: run.pin.ordinal } : {}),
    },
  }));
}

/** The largest value each axis can hold: 100 for a percentage (a test error, the sparsity rate), none for an NLL. */
export function axisLimits(axes: Axes): [number, number] {
  const task = axes.metric === 'error' ? 100 : Number.POSITIVE_INFINITY;
  return [axes.sparsityAxis ? 100 : task, task];
}

/**
 * Automatic reference point: 10 % beyond the worst value of each axis (sparsity axis: 0 %), at most the axis's limit
 * (an error of 103 % is no point of the plot: a run at 100 % error adds nothing either way).
 */
export function automaticReference(points: readonly Pick<FrontPoint, 'x' | 'y'>[], axes: Axes): [number, number] {
  // No point yet: an axis of errors (%) spans them all, an axis of losses a unit.
  if (points.length === 0) {
    const task = axes.metric === 'error' ? 100 : 1;
    return axes.sparsityAxis ? [0, task] : [task, task];
  }
  const [limitX, limitY] = axisLimits(axes);
  const maxY = max(points, (p) => p.y) ?? 1;
  const x = axes.sparsityAxis ? 0 : Math.min((max(points, (p) => p.x) ?? 1) * 1.1, limitX);
  return [x, Math.min(maxY * 1.1, limitY)];
}

/** Hypervolume of the points for a reference point in plot coordinates. */
export function frontHypervolume(points: readonly FrontPoint[], reference: readonly [number, number], axes: Axes): number {
  return hypervolume2d(
    points.map((p) => toMinimization([p.x, p.y], axes)),
    toMinimization([reference[0], reference[1]], axes),
  );
}

/**
 * The running run's live position and trail. Loss axes: exponentially smoothed training-batch NLLs (the only
 * per-step signal; finished points use the test split). Error axes: validation errors of each finished epoch.
 * Sparsity: that of the latest epoch (0 before the first).
 */
export function liveTrail(run: NetworkRun, axes: Axes, maxPoints = 300): [number, number][] {
  const sparsityAt = (step: number) => {
    let s = 0;
    for (const e of run.epochs) if (e.globalStep <= step) s = e.sparsityRate;
    return s;
  };
  if (axes.metric === 'error') {
    return run.epochs.map((e) => plotCoordinates(taskValues(e.val, 'error'), e.sparsityRate, axes));
  }
  const steps = run.steps.column('step');
  const task1 = run.steps.column('objective', 1);
  const task2 = run.steps.column('objective', 2);
  const every = Math.max(1, Math.ceil(steps.length / maxPoints));
  const out: [number, number][] = [];
  let f1 = Number.NaN;
  let f2 = Number.NaN;
  const alpha = 0.2;
  steps.forEach((step, i) => {
    const a = task1[i];
    const b = task2[i];
    f1 = Number.isNaN(f1) ? a : f1 + alpha * (a - f1);
    f2 = Number.isNaN(f2) ? b : f2 + alpha * (b - f2);
    if (i % every === 0 || i === steps.length - 1) out.push(plotCoordinates([f1, f2], sparsityAt(step), axes));
  });
  return out;
}
