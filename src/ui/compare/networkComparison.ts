/**
 * The network explorer's runs grouped by method: chart data for MethodFrontChart (the front view's axes and
 * reference point, each finished run in its method's colour and marker) and the per-method measures (hypervolume
 * against the front view's reference point; no exact front is known here). Only finished runs count, and the
 * result is memoised on them (a finished run's record does not change): readings streaming in during a run cost
 * nothing here. The running run and its trail are in the Pareto front plot above. Pure.
 */
import { preferenceText } from '../runs/runRecord';
import type { ExplorerView } from '../explorer/explorerView';
import type { NetworkRun } from '../runs/runRecord';
import { automaticReference, axisLimits, frontPoints, plotCoordinates, taskValues, toMinimization } from '../pareto/frontPoints';
import type { MethodChartData } from './methodChartLayout';
import { keyOfMethod } from './methodKeys';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';
import { summarizeMethods, type MethodSummary } from './methodSummary';
import { curveOfView } from '../explorer/paretoModel';
import { kText } from '../../experiment/preference';

type Input = Pick<ExplorerView, 'runs' | 'front' | 'gridAnswers'>;

/** A Pareto set model's answer placed as a point of the comparison: which run's model, at which preference. */
export interface ModelAnswerPoint {
  /** The point's id in the chart (`<run id>@<index>`). */
  id: string;
  run: string;
  preference: number[];
  /** Per task, percent (test subset). */
  accuracy: number[];
  sparsityRate: number;
  /**
   * Where the answer comes from: read in this page at the sweep's preferences, stored with a sweep's result, or the
   * model's curve (a model with neither: its answers along the task split, or along k₀ with sparsity on the x axis).
   */
  from: 'read' | 'sweep' | 'curve';
}

export interface NetworkComparison {
  chart: MethodChartData;
  summaries: MethodSummary[];
  /** The reference point in plot coordinates. */
  reference: [number, number];
  /** The chart's points that are a Pareto set model's answers, not runs of their own (the rest are runs: their ids). */
  modelAnswers: ModelAnswerPoint[];
  /** Each method's points' sparsity rates, lowest and highest (%): on the task axes, points of unequal sparsity. */
  sparsity: SparsityRange[];
}

export interface SparsityRange {
  key: MethodKey;
  min: number;
  max: number;
}

/** Sparsity points within which the methods' points count as equally sparse. */
export const EQUAL_SPARSITY_POINTS = 2;

/**
 * Where the points on the task axes are not equally sparse, what a reader needs told: a denser point has an edge there
 * (a Pareto set model read at the sweep's k₀ need not zero what runs at that k₀ zero). '' when they are, or when
 * sparsity is on the x axis.
 */
export function unequalSparsityText(ranges: readonly SparsityRange[], sparsityAxis: boolean, label: (key: MethodKey) => string): string {
  if (sparsityAxis || ranges.length === 0) return '';
  const lowest = Math.min(...ranges.map((r) => r.min));
  const highest = Math.max(...ranges.map((r) => r.max));
  if (highest - lowest <= EQUAL_SPARSITY_POINTS) return '';
  const pct = (v: number) => v.toFixed(1);
  const each = ranges.map((r) => `${label(r.key)} ${r.max - r.min < 0.05 ? pct(r.min) : `${pct(r.min)}–${pct(r.max)}`} %`).join(', ');
  return `These points are not equally sparse (zero rows: ${each}): on the task axes a denser point has an edge. Tick Sparsity on the x axis to compare them with their sparsity in view.`;
}

type TimedPoint = MethodChartData['points'][number] & { seconds: number };

/**
 * The model's run with the answers read in this page at the sweep's preferences kept as its sweep's answers (what an
 * exported file carries: the importing page compares the model as this one did, not by its curve); other runs as they
 * are. An answer that is not finite is left out, as the comparison leaves it out (and the file's schema refuses it).
 */
export function withReadAnswers(run: NetworkRun, live: Input['gridAnswers']): NetworkRun {
  const set = run.result?.paretoSet;
  if (!live || live.run !== run.id || !run.result || !set) return run;
  const sweep = live.readings
    .map((r, i) => ({ preference: [...live.preferences[i]], test: { accuracy: [...r.accuracy], nll: [...r.nll] }, sparsityRate: r.rows.sparsityRate, compressionRate: r.rows.compressionRate }))
    .filter((p) => [...p.test.accuracy, ...p.test.nll, p.sparsityRate, p.compressionRate].every(Number.isFinite));
  return { ...run, result: { ...run.result, paretoSet: { ...set, sweep } } };
}

/** A model's answers: read live (the explorer's gridAnswers), stored with a sweep's result, or along its curve. */
interface Answers {
  preferences: number[][];
  scores: { accuracy: number[]; nll: number[]; sparsityRate: number }[];
  from: ModelAnswerPoint['from'];
}

/**
 * The Pareto set models' points: each finished model's answers at the sweep's preferences — read live in this page
 * (gridAnswers: they win) or stored with its result (`npm run sweep`: paretoSet.sweep). A model with neither, and no
 * point pinned off it, counts by its curve, the answers the front view draws for it (trained outside a sweep: by
 * `npm run train --method psl`, or here without psl among the sweep's methods) — not by the one point of the
 * preference it trained at, which is no front. A model read off, and the points pinned off it, stand aside: it is
 * compared by its answers, as runs at those preferences would be.
 */
function modelPoints(s: Input, finished: readonly NetworkRun[]): { points: TimedPoint[]; answers: ModelAnswerPoint[]; readOff: ReadonlySet<string> } {
  const live = s.gridAnswers;
  const pinnedOff = new Set(finished.flatMap((r) => (r.pin ? [r.pin.run] : [])));
  const answersOf = (run: NetworkRun): Answers | null => {
    if (live && live.run === run.id) return { preferences: live.preferences, scores: live.readings.map((r) => ({ accuracy: r.accuracy, nll: r.nll, sparsityRate: r.rows.sparsityRate })), from: 'read' };
    const set = run.config.method.name === 'psl' && !run.pin ? run.result?.paretoSet : undefined;
    if (!set) return null;
    const stored = set.sweep && set.sweep.length > 0 ? { points: set.sweep, from: 'sweep' as const } : pinnedOff.has(run.id) ? null : { points: curveOfView(set, s.front), from: 'curve' as const };
    return stored && stored.points.length > 0 ? { preferences: stored.points.map((p) => p.preference), scores: stored.points.map((p) => ({ ...p.test, sparsityRate: p.sparsityRate })), from: stored.from } : null;
  };
  const points: TimedPoint[] = [];
  const answers: ModelAnswerPoint[] = [];
  const readOff = new Set<string>();
  for (const model of finished) {
    const read = answersOf(model);
    if (!read) continue;
    readOff.add(model.id);
    read.scores.forEach((score, i) => {
      const [x, y] = plotCoordinates(taskValues({ accuracy: score.accuracy, nll: score.nll }, s.front.metric), score.sparsityRate, s.front);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      const id = `${model.id}@${i}`;
      const title = `run ${model.ordinal}'s Pareto set model at ${kText(read.preferences[i])}: ${plotValues(x, y)}`;
      // The model's one training, shared evenly among its answers.
      const seconds = (model.result?.trainingSeconds ?? 0) / read.scores.length;
      points.push({ id, key: 'psl', x, y, title, seconds });
      answers.push({ id, run: model.id, preference: read.preferences[i], accuracy: score.accuracy, sparsityRate: score.sparsityRate, from: read.from });
    });
  }
  return { points, answers, readOff };
}

let memo: { front: unknown; answers: unknown; finished: NetworkRun[]; value: NetworkComparison } | null = null;
/** A point's coordinates in its title, which names its marker to a screen reader too (as the front's points say theirs). */
const plotValues = (x: number, y: number) => `${x.toPrecision(3)}, ${y.toPrecision(3)}`;

export function networkComparison(s: Input): NetworkComparison {
  const finished = s.runs.filter((r) => r.state === 'finished' && r.result);
  if (memo && memo.front === s.front && memo.answers === s.gridAnswers && memo.finished.length === finished.length && memo.finished.every((r, i) => r === finished[i])) return memo.value;
  const axes = s.front;
  const keyOf = (r: NetworkRun): MethodKey => keyOfMethod(r.config.method);
  const model = modelPoints(s, finished);
  // A model read off, and the points pinned off it, are its answers now; other models and their pins stay as they are.
  const counted = finished.filter((r) => !model.readOff.has(r.id) && !(r.pin && model.readOff.has(r.pin.run)));
  const byId = new Map(counted.map((r) => [r.id, r]));
  const front = frontPoints(counted, axes);
  const points: TimedPoint[] = [
    ...front.map((p) => {
      const run = byId.get(p.runId) as NetworkRun;
      // A point pinned off a model cost no training of its own; runs trained at once share their stack's time.
      const seconds = (run.result?.trainingSeconds ?? 0) / (run.result?.runsAtOnce ?? 1);
      return { id: p.runId, key: keyOf(run), x: p.x, y: p.y, title: `run ${p.ordinal}: ${plotValues(p.x, p.y)} · ${preferenceText(run)}`, seconds };
    }),
    ...model.points,
  ];
  // The model's answers count toward the automatic reference like the runs' points: none falls outside the box.
  const reference = axes.reference ?? automaticReference([...front, ...model.points], axes);
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const chart: MethodChartData = {
    points,
    live: null,
    front: null,
    keys: METHOD_KEYS.filter((k) => points.some((p) => p.key === k)),
    xLabel: axes.sparsityAxis ? 'sparsity rate % (higher is better)' : `task 1 ${metric}`,
    yLabel: axes.sparsityAxis ? `mean ${metric}` : `task 2 ${metric}`,
    reference,
    limits: axisLimits(axes),
  };
  const measured = summarizeMethods(
    points.map((p) => ({ id: p.id, key: p.key, objectives: toMinimization([p.x, p.y], axes), seconds: p.seconds })),
    toMinimization(reference, axes),
    null,
  );
  // One point against the automatic reference measures only the reference's margin past it: no number, as the front's
  // own hypervolume says (ParetoFrontPanel).
  const summaries = points.length === 1 && axes.reference === null ? measured.map((m) => ({ ...m, hypervolume: Number.NaN })) : measured;
  const sparsityOf = new Map<string, number>([
    ...counted.map((r) => [r.id, r.result?.rows?.sparsityRate ?? Number.NaN] as const),
    ...model.answers.map((a) => [a.id, a.sparsityRate] as const),
  ]);
  const sparsity = chart.keys.flatMap((key): SparsityRange[] => {
    const rates = points.filter((p) => p.key === key).map((p) => sparsityOf.get(p.id) ?? Number.NaN).filter(Number.isFinite);
    return rates.length > 0 ? [{ key, min: Math.min(...rates), max: Math.max(...rates) }] : [];
  });
  const value = { chart, summaries, reference, modelAnswers: model.answers, sparsity };
  memo = { front: s.front, answers: s.gridAnswers, finished, value };
  return value;
}
