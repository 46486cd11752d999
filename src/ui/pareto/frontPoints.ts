/**
 * From runs to the points of the Pareto front plot: plot coordinates for the chosen axes, the same in
 * minimisation form for dominance and hypervolume, the automatic reference point, and the live position and
 * trail of a running run. Pure.
 *
 * Axes: metric 'loss' = test NLL per task, 'error' = test error (100 − accuracy) per task. Normally x = task 1,
 * y = task 2 (sparsity as colour); with `sparsityAxis` x = sparsity rate (higher is better), y = the mean of
 * the two tasks' metric.
 */
import type { TaskScores } from '../../engine/readings';
import type { FrontView } from '../explorer/explorerState';
import type { NetworkRun } from '../runs/runRecord';
import { nonDominatedIndices } from './dominance';
import { hypervolume2d } from './hypervolume';

export interface FrontPoint {
  runId: string;
  ordinal: number;
  x: number;
  y: number;
  sparsity: number;
  nonDominated: boolean;
}

type Axes = Pick<FrontView, 'metric' | 'sparsityAxis'>;

function taskValues(scores: TaskScores, metric: FrontView['metric']): number[] {
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

export function frontPoints(runs: readonly NetworkRun[], axes: Axes): FrontPoint[] {
  const finished = runs.filter((r) => r.state === 'finished' && r.result);
  const coords = finished.map((r) => {
    const result = r.result as NonNullable<NetworkRun['result']>;
    return plotCoordinates(taskValues(result.test, axes.metric), result.rows.sparsityRate, axes);
  });
  const nd = new Set(nonDominatedIndices(coords.map((c) => toMinimization(c, axes))));
  return finished.map((r, i) => ({
    runId: r.id,
    ordinal: r.ordinal,
    x: coords[i][0],
    y: coords[i][1],
    sparsity: (r.result as NonNullable<NetworkRun['result']>).rows.sparsityRate,
    nonDominated: nd.has(i),
  }));
}

/** Automatic reference point: 10 % beyond the worst value of each axis (sparsity axis: 0 %). */
export function automaticReference(points: readonly FrontPoint[], axes: Axes): [number, number] {
  if (points.length === 0) return axes.sparsityAxis ? [0, 1] : [1, 1];
  const maxY = Math.max(...points.map((p) => p.y));
  const x = axes.sparsityAxis ? 0 : Math.max(...points.map((p) => p.x)) * 1.1;
  return [x, maxY * 1.1];
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
