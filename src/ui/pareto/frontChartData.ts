/**
 * What the Pareto front plot shows, selected from the explorer's state: the finished runs of the chosen problem
 * as points, the running run's trail (and those of the runs trained at once with it), the reference point, the axis labels. Memoised on the inputs that matter,
 * so the panel that selects it re-renders only when one of them changed. Pure.
 */
import { activeRun, runById, type ExplorerView } from '../explorer/explorerView';
import { automaticReference, axisLimits, frontPoints, liveTrail, runsOfProblem, type FrontPoint } from './frontPoints';
import { modelCurve, modelRun, probePoint, type ProbePoint } from '../explorer/paretoModel';

export interface FrontData {
  points: FrontPoint[];
  trail: [number, number][];
  /** The trails of the runs trained at once with the followed one (empty when it trains alone). */
  companions: [number, number][][];
  /** The newest finished Pareto set model's curve through its run's preference (empty without one). */
  modelCurve: [number, number][];
  /** The model read at the handle: where, at which preference, on which split; or null. */
  probe: ProbePoint | null;
  reference: [number, number];
  /** The largest value each axis can hold (frontPoints.ts axisLimits): no tick past it. */
  limits: [number, number];
  /** Runs of the problem that have not finished (queued, waiting after a reload, failed …): an empty plot says so. */
  unfinished: number;
  selected: string | null;
  xLabel: string;
  yLabel: string;
  sparsityAxis: boolean;
}

type Input = Pick<ExplorerView, 'runs' | 'front' | 'selectedRunId' | 'loop' | 'settings' | 'probe'>;

let memo: { key: unknown[]; value: FrontData } | null = null;
export function frontData(s: Input): FrontData {
  const problem = s.settings.problem;
  const active = activeRun(s);
  const key = [s.runs, s.front, s.selectedRunId, s.loop.runIds, problem, s.probe];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.value;
  const axes = s.front;
  // One problem's front at a time: the losses of different datasets do not compare.
  const points = frontPoints(runsOfProblem(s.runs, problem), axes);
  const live = (run: NonNullable<typeof active>) => run.state !== 'finished' && run.config.problem === problem;
  const trail = active && live(active) ? liveTrail(active, axes) : [];
  const companions = active
    ? s.loop.runIds.flatMap((id) => {
        const run = id === active.id ? null : runById(s, id);
        return run && live(run) ? [liveTrail(run, axes)] : [];
      })
    : [];
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const model = modelRun(s.runs, problem);
  const value: FrontData = {
    points,
    trail,
    companions,
    modelCurve: modelCurve(model, axes),
    probe: model && s.probe?.run === model.id ? probePoint(s.probe.reading, axes) : null,
    reference: axes.reference ?? automaticReference(points, axes),
    selected: s.selectedRunId,
    xLabel: axes.sparsityAxis ? 'sparsity rate % (higher is better)' : `task 1 ${metric}`,
    yLabel: axes.sparsityAxis ? `mean ${metric}` : `task 2 ${metric}`,
    sparsityAxis: axes.sparsityAxis,
    limits: axisLimits(axes),
    unfinished: runsOfProblem(s.runs, problem).filter((r) => r.state !== 'finished').length,
  };
  memo = { key, value };
  return value;
}
