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
import { automaticReference, frontPoints, toMinimization } from '../pareto/frontPoints';
import type { MethodChartData } from './methodChartLayout';
import { keyOfMethod } from './methodKeys';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';
import { summarizeMethods, type MethodSummary } from './methodSummary';

type Input = Pick<ExplorerView, 'runs' | 'front'>;

export interface NetworkComparison {
  chart: MethodChartData;
  summaries: MethodSummary[];
  /** The reference point in plot coordinates. */
  reference: [number, number];
}

let memo: { front: unknown; finished: NetworkRun[]; value: NetworkComparison } | null = null;
export function networkComparison(s: Input): NetworkComparison {
  const finished = s.runs.filter((r) => r.state === 'finished' && r.result);
  if (memo && memo.front === s.front && memo.finished.length === finished.length && memo.finished.every((r, i) => r === finished[i])) return memo.value;
  const axes = s.front;
  const keyOf = (r: NetworkRun): MethodKey => keyOfMethod(r.config.method);
  const byId = new Map(finished.map((r) => [r.id, r]));
  const front = frontPoints(finished, axes);
  const points = front.map((p) => {
    const run = byId.get(p.runId) as NetworkRun;
    return { id: p.runId, key: keyOf(run), x: p.x, y: p.y, title: `run ${p.ordinal} · ${preferenceText(run)}` };
  });
  const reference = axes.reference ?? automaticReference(front, axes);
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const chart: MethodChartData = {
    points,
    live: null,
    front: null,
    keys: METHOD_KEYS.filter((k) => points.some((p) => p.key === k)),
    xLabel: axes.sparsityAxis ? 'sparsity rate % (higher is better)' : `task 1 ${metric}`,
    yLabel: axes.sparsityAxis ? `mean ${metric}` : `task 2 ${metric}`,
    reference,
  };
  const summaries = summarizeMethods(
    points.map((p) => ({ id: p.id, key: p.key, objectives: toMinimization([p.x, p.y], axes) })),
    toMinimization(reference, axes),
    null,
  );
  const value = { chart, summaries, reference };
  memo = { front: s.front, finished, value };
  return value;
}
