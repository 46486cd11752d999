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
}

type TimedPoint = MethodChartData['points'][number] & { seconds: number };

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
      const title = `run ${model.ordinal}'s Pareto set model at ${kText(read.preferences[i])}`;
      // The model's one training, shared evenly among its answers.
      const seconds = (model.result?.trainingSeconds ?? 0) / read.scores.length;
      points.push({ id, key: 'psl', x, y, title, seconds });
      answers.push({ id, run: model.id, preference: read.preferences[i], accuracy: score.accuracy, sparsityRate: score.sparsityRate, from: read.from });
    });
  }
  return { points, answers, readOff };
}

let memo: { front: unknown; answers: unknown; finished: NetworkRun[]; value: NetworkComparison } | null = null;
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
      return { id: p.runId, key: keyOf(run), x: p.x, y: p.y, title: `run ${p.ordinal} · ${preferenceText(run)}`, seconds };
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
  const summaries = summarizeMethods(
    points.map((p) => ({ id: p.id, key: p.key, objectives: toMinimization([p.x, p.y], axes), seconds: p.seconds })),
    toMinimization(reference, axes),
    null,
  );
  const value = { chart, summaries, reference, modelAnswers: model.answers };
  memo = { front: s.front, answers: s.gridAnswers, finished, value };
  return value;
}
