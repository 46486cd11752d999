/**
 * What the Pareto front plot shows, selected from the explorer's state: the finished runs of the chosen problem
 * as points, the running run's trail, the reference point, the axis labels. Memoised on the inputs that matter,
 * so the panel that selects it re-renders only when one of them changed. Pure.
 */
import { activeRun, type ExplorerView } from '../explorer/explorerView';
import { automaticReference, frontPoints, liveTrail, runsOfProblem, type FrontPoint } from './frontPoints';

export interface FrontData {
  points: FrontPoint[];
  trail: [number, number][];
  reference: [number, number];
  selected: string | null;
  xLabel: string;
  yLabel: string;
  sparsityAxis: boolean;
}

type Input = Pick<ExplorerView, 'runs' | 'front' | 'selectedRunId' | 'loop' | 'settings'>;

let memo: { key: unknown[]; value: FrontData } | null = null;
export function frontData(s: Input): FrontData {
  const problem = s.settings.problem;
  const active = activeRun(s);
  const key = [s.runs, s.front, s.selectedRunId, s.loop.runId, problem];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.value;
  const axes = s.front;
  // One problem's front at a time: the losses of different datasets do not compare.
  const points = frontPoints(runsOfProblem(s.runs, problem), axes);
  const trail = active && active.state !== 'finished' && active.config.problem === problem ? liveTrail(active, axes) : [];
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const value: FrontData = {
    points,
    trail,
    reference: axes.reference ?? automaticReference(points, axes),
    selected: s.selectedRunId,
    xLabel: axes.sparsityAxis ? 'sparsity rate % (higher is better)' : `task 1 ${metric}`,
    yLabel: axes.sparsityAxis ? `mean ${metric}` : `task 2 ${metric}`,
    sparsityAxis: axes.sparsityAxis,
  };
  memo = { key, value };
  return value;
}
