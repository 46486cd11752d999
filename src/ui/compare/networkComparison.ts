/**
 * The network explorer's runs grouped by method: chart data for MethodFrontChart (the front view's axes and
 * reference point, each finished run in its method's colour and marker, the running run and its trail) and the
 * per-method measures (hypervolume against the front view's reference point; no exact front is known here).
 * Memoised on the inputs; pure.
 */
import type { ExplorerState } from '../explorer/explorerState';
import { automaticReference, frontPoints, liveTrail, toMinimization } from '../pareto/frontPoints';
import type { MethodChartData } from './MethodFrontChart';
import { keyOfMethod, METHOD_KEYS, type MethodKey } from './methodKeys';
import { summarizeMethods, type MethodSummary } from './methodSummary';

type Input = Pick<ExplorerState, 'runs' | 'order' | 'front' | 'loop'>;

export interface NetworkComparison {
  chart: MethodChartData;
  summaries: MethodSummary[];
  /** The reference point in plot coordinates. */
  reference: [number, number];
}

let memo: { input: unknown[]; value: NetworkComparison } | null = null;
export function networkComparison(s: Input): NetworkComparison {
  const input = [s.runs, s.order, s.front, s.loop.runId];
  if (memo && memo.input.every((v, i) => v === input[i])) return memo.value;
  const axes = s.front;
  const runs = s.order.map((id) => s.runs[id]);
  const keyOf = (id: string): MethodKey => keyOfMethod(s.runs[id].config.method, s.runs[id].config.variant);
  const points = frontPoints(runs, axes).map((p) => ({ id: p.runId, key: keyOf(p.runId), x: p.x, y: p.y, title: `run ${p.ordinal} · ${s.runs[p.runId].config.preference.join(', ')}` }));
  const reference = axes.reference ?? automaticReference(frontPoints(runs, axes), axes);
  const active = s.loop.runId ? s.runs[s.loop.runId] : undefined;
  const trail = active && active.state !== 'finished' ? liveTrail(active, axes) : [];
  const last = trail[trail.length - 1];
  const live = active && last ? { key: keyOf(active.id), x: last[0], y: last[1], trail } : null;
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const chart: MethodChartData = {
    points,
    live,
    front: null,
    keys: METHOD_KEYS.filter((k) => points.some((p) => p.key === k) || live?.key === k),
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
  memo = { input, value };
  return value;
}

export const networkChartData = (s: Input): MethodChartData => networkComparison(s).chart;
