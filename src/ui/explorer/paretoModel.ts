/**
 * The explorer's Pareto set model (method psl on a network): which run's model the handle reads, the point a reading
 * pins as a finished run of its own, and the model's curves and probe in the front plot's coordinates. Pure.
 */
import type { NetworkModelPoint, NetworkParetoSet } from '../../engine/readings';
import { pslNetworkResult } from '../../engine/psl/network/result';
import type { ModelRead, NetworkModelReading } from '../../workers/protocol';
import type { FrontView } from './explorerState';
import { newNetworkRun, MAIN_WORKER, type NetworkRun } from '../runs/runRecord';
import { plotCoordinates, taskValues } from '../pareto/frontPoints';
import { settingKeyOf } from './shownSetting';

/** Images of the validation split the handle's readings are measured on while the model trains (the run's subset if smaller). */
export const PROBE_EXAMPLES = 500;


/**
 * Images of the test split a finished model's handle readings are measured on: the whole test subset of the tiny and
 * quick budgets, the first images of a larger one (each move reads them all: the answer stays quick).
 */
export const FINISHED_PROBE_EXAMPLES = 1000;

/**
 * What the handle's reading is measured on: the data of the points it is seen beside. While the model trains, a
 * validation subset, as the running run's trail; once it has finished, the test subset its curve and the finished
 * runs are measured on — at a preference of the curve, the ring lies on it (on a larger subset, near it).
 */
export function probeRead(run: NetworkRun): ModelRead {
  return run.state === 'finished' ? { split: 'test', examples: FINISHED_PROBE_EXAMPLES } : { split: 'val', examples: PROBE_EXAMPLES };
}

/** A split's name in words ("validation"). */
export const splitName = (split: ModelRead['split']) => (split === 'test' ? 'test' : 'validation');

/** How a reading names what it was measured on ("500 validation images"). */
export function readingData(reading: Pick<NetworkModelReading, 'split' | 'examples'>): string {
  return `${reading.examples} ${splitName(reading.split)} images`;
}

/**
 * The model the handle reads: the newest Pareto set learning run of the problem (not a pin) that is training in the
 * main worker, or finished with its curves and of the setting the front shows (`shown`, shownSetting.ts; null: any) — a
 * finished model of another network, recipe or budget answers for points that are not on the front. One in training
 * is followed whatever the front shows, as the front draws any training run's trail (it has no finished run of its
 * setting yet to show). A finished one may since have left the worker (the probe then says so).
 */
export function modelRun(runs: readonly NetworkRun[], problem: string, shown: string | null): NetworkRun | null {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i];
    if (r.config.method.name !== 'psl' || r.pin || r.config.problem !== problem) continue;
    if (r.state === 'finished' && r.result?.paretoSet && (shown === null || settingKeyOf(r.config) === shown)) return r;
    if ((r.state === 'running' || r.state === 'paused') && r.worker === MAIN_WORKER) return r;
  }
  return null;
}

/**
 * A point pinned off a model: a finished run of its own at the readings' preference, measured on the run's whole
 * validation and test subsets, with no training (its steps and epochs are empty).
 */
export function pinnedRun(id: string, ordinal: number, model: NetworkRun, val: NetworkModelReading, test: NetworkModelReading): NetworkRun {
  const result = pslNetworkResult(val, test, { trainingSeconds: 0, samplesPerSecond: 0, steps: 0, backend: model.backend ?? '' });
  return {
    ...newNetworkRun(id, ordinal, { ...model.config, preference: [...test.preference] }, MAIN_WORKER),
    state: 'finished',
    worker: null,
    totalSteps: 0,
    backend: model.backend,
    result,
    pin: { run: model.id, ordinal: model.ordinal },
  };
}

type Axes = Pick<FrontView, 'metric' | 'sparsityAxis'>;

const place = (test: NetworkModelPoint['test'], sparsity: number, axes: Axes) => plotCoordinates(taskValues(test, axes.metric), sparsity, axes);

/**
 * The model's curve in the plot's view: along the task split (task vs task) or along k₀ (sparsity on the x axis);
 * points without finite coordinates are left out.
 */
export function modelCurve(run: NetworkRun | null, axes: Axes): [number, number][] {
  const set = run?.state === 'finished' ? run.result?.paretoSet : undefined;
  if (!set) return [];
  return curveOfView(set, axes).map((p) => place(p.test, p.sparsityRate, axes)).filter((c) => c.every(Number.isFinite));
}

/** The model's answers the view draws as its curve: along the task split, or along k₀ with sparsity on the x axis. */
export const curveOfView = (set: NetworkParetoSet, axes: Pick<Axes, 'sparsityAxis'>): NetworkModelPoint[] => (axes.sparsityAxis ? set.sparsity : set.task);

/**
 * Whether the handle's preference lies on the curve the view draws for the model: at the run's k₀ (the task split's
 * curve), or, with sparsity on the x axis, at the run's task split (the k₀ curve). Within a step of the editor's
 * rounding (3 decimals): a drag along the task split lands on k₀ = 0.201 as often as on 0.2.
 */
export function handleOnCurve(run: NetworkRun, k: readonly number[], axes: Pick<Axes, 'sparsityAxis'>): boolean {
  const [k0, k1, k2] = run.config.preference;
  if (!axes.sparsityAxis) return Math.abs(k[0] - k0) <= 1.5e-3;
  const split = (a: number, b: number) => (a + b > 0 ? a / (a + b) : 0.5);
  return Math.abs(split(k[1], k[2]) - split(k1, k2)) <= 1e-3;
}

/** A finished model's test accuracy per task along the task split, as [lowest, highest] (null without that curve). */
export function taskSplitSpread(run: NetworkRun): [number, number][] | null {
  const curve = run.state === 'finished' ? run.result?.paretoSet?.task : undefined;
  if (!curve || curve.length < 2) return null;
  return curve[0].test.accuracy.map((_, task) => {
    const values = curve.map((p) => p.test.accuracy[task]).filter(Number.isFinite);
    return [Math.min(...values), Math.max(...values)];
  });
}

/**
 * How a finished model's sparsity follows k₀ along its k₀ curve: the lowest and highest share of zero rows (%) and the
 * smallest k₀ at which it reaches the highest (null without that curve). A model's own mapping: not a single run's.
 */
export function sparsityAlongK0(run: NetworkRun): { min: number; max: number; fullFrom: number } | null {
  const curve = run.state === 'finished' ? run.result?.paretoSet?.sparsity : undefined;
  const points = (curve ?? []).filter((p) => Number.isFinite(p.sparsityRate));
  if (points.length < 2) return null;
  const rates = points.map((p) => p.sparsityRate);
  const max = Math.max(...rates);
  const fullFrom = Math.min(...points.filter((p) => p.sparsityRate >= max - 0.05).map((p) => p.preference[0]));
  return { min: Math.min(...rates), max, fullFrom };
}

/** The model's k₀ mapping in words: "Along k₀ it zeroes 0.0–30.6 % of rows, 30.6 % first at k₀ = 0.5." */
export const sparsityText = (s: { min: number; max: number; fullFrom: number }): string =>
  `Along k₀ it zeroes ${s.min.toFixed(1)}–${s.max.toFixed(1)} % of rows, ${s.max.toFixed(1)} % first at k₀ = ${Number(s.fullFrom.toFixed(3))}.`;

/** Accuracy points within which the model's answers along the task split count as barely moving. */
export const FLAT_SPREAD_POINTS = 2;

/** What the spread says to a reader: how far the model's answers move along the split, and when that is little. */
export function spreadText(spread: readonly [number, number][]): string {
  const ranges = spread.map(([lo, hi], i) => `${lo.toFixed(1)}–${hi.toFixed(1)} % (task ${i + 1})`).join(' and ');
  const flat = spread.every(([lo, hi]) => hi - lo < FLAT_SPREAD_POINTS);
  return `Along the task split its test accuracy runs ${ranges}${
    flat ? ': little — this model gives up little of one task for the other, so moving the handle along the split changes its answer little.' : '.'
  }`;
}

/** The probe's place in the plot, its preference and the split it was measured on. */
export interface ProbePoint {
  at: [number, number];
  preference: number[];
  split: ModelRead['split'];
}

/** The probe in the plot (null without a reading, or when it is not finite). */
export function probePoint(reading: NetworkModelReading | null, axes: Axes): ProbePoint | null {
  if (!reading) return null;
  const at = place({ accuracy: reading.accuracy, nll: reading.nll }, reading.rows.sparsityRate, axes);
  return at.every(Number.isFinite) ? { at, preference: reading.preference, split: reading.split } : null;
}
