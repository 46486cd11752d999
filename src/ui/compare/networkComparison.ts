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

/** A model's answers at a sweep's preferences: read live (the explorer's gridAnswers) or stored with its result. */
interface Answers {
  preferences: number[][];
  scores: { accuracy: number[]; nll: number[]; sparsityRate: number }[];
}

/**
 * The Pareto set models' points: each finished model's answers at the sweep's preferences — read live in this page
 * (gridAnswers: they win) or stored with its result (`npm run sweep`: paretoSet.sweep). When any model is read off,
 * the models' runs and the points pinned off models stand aside: a model is compared point for point, as one run a
 * preference would be. Else none beyond those runs.
 */
function modelPoints(s: Input, finished: readonly NetworkRun[]): { points: TimedPoint[]; answers: ModelAnswerPoint[]; readOff: boolean } {
  const live = s.gridAnswers;
  const answersOf = (run: NetworkRun): Answers | null => {
    if (live && live.run === run.id) return { preferences: live.preferences, scores: live.readings.map((r) => ({ accuracy: r.accuracy, nll: r.nll, sparsityRate: r.rows.sparsityRate })) };
    const stored = run.config.method.name === 'psl' && !run.pin ? run.result?.paretoSet?.sweep : undefined;
    return stored && stored.length > 0 ? { preferences: stored.map((p) => p.preference), scores: stored.map((p) => ({ ...p.test, sparsityRate: p.sparsityRate })) } : null;
  };
  const points: TimedPoint[] = [];
  const answers: ModelAnswerPoint[] = [];
  let readOff = false;
  for (const model of finished) {
    const read = answersOf(model);
    if (!read) continue;
    readOff = true;
    read.scores.forEach((score, i) => {
      const [x, y] = plotCoordinates(taskValues({ accuracy: score.accuracy, nll: score.nll }, s.front.metric), score.sparsityRate, s.front);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      const id = `${model.id}@${i}`;
      const title = `run ${model.ordinal}'s Pareto set model at k = (${read.preferences[i].join(', ')})`;
      // The model's one training, shared evenly among its answers.
      const seconds = (model.result?.trainingSeconds ?? 0) / read.scores.length;
      points.push({ id, key: 'psl', x, y, title, seconds });
      answers.push({ id, run: model.id, preference: read.preferences[i], accuracy: score.accuracy, sparsityRate: score.sparsityRate });
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
  const counted = model.readOff ? finished.filter((r) => r.config.method.name !== 'psl') : finished;
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
