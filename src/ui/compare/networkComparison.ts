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

export interface NetworkComparison {
  chart: MethodChartData;
  summaries: MethodSummary[];
  /** The reference point in plot coordinates. */
  reference: [number, number];
}

/**
 * The Pareto set model's points: its answers at the sweep's preferences when they were read (then the model's run
 * and the points pinned off models stand aside: the model is compared point for point, as one run a preference would
 * be), else none beyond those runs.
 */
type TimedPoint = MethodChartData['points'][number] & { seconds: number };

function modelPoints(s: Input, finished: readonly NetworkRun[]): { points: TimedPoint[]; readOff: boolean } {
  const answers = s.gridAnswers;
  const model = answers ? finished.find((r) => r.id === answers.run) : undefined;
  if (!answers || !model) return { points: [], readOff: false };
  const points = answers.readings.flatMap((reading, i) => {
    const [x, y] = plotCoordinates(taskValues({ accuracy: reading.accuracy, nll: reading.nll }, s.front.metric), reading.rows.sparsityRate, s.front);
    const title = `run ${model.ordinal}'s Pareto set model at k = (${answers.preferences[i].join(', ')})`;
    const seconds = (model.result?.trainingSeconds ?? 0) / answers.readings.length;
    return Number.isFinite(x) && Number.isFinite(y) ? [{ id: `${model.id}@${i}`, key: 'psl' as const, x, y, title, seconds }] : [];
  });
  return { points, readOff: true };
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
  const value = { chart, summaries, reference };
  memo = { front: s.front, answers: s.gridAnswers, finished, value };
  return value;
}
