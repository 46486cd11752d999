/**
 * What the Pareto front plot shows, selected from the explorer's state: the finished runs of the chosen problem
 * as points, the running run's trail (and those of the runs trained at once with it), the reference point, the axis labels. Memoised on the inputs that matter,
 * so the panel that selects it re-renders only when one of them changed. Pure.
 */
import { activeRun, runById, type ExplorerView } from '../explorer/explorerView';
import { axisLimits, frontPoints, liveTrail, runsOfProblem, type FrontPoint } from './frontPoints';
import { modelCurve, modelRun, probePoint, type ProbePoint } from '../explorer/paretoModel';
import { isEnded, preferenceText, type NetworkRun } from '../runs/runRecord';
import { runsOfSetting, shownSetting } from '../explorer/shownSetting';
import { explorerComparison } from '../compare/explorerComparison';
import type { FrontView } from '../explorer/explorerState';

/** A run drawn live on the front: several may train at once, so each marker says which run it is. */
export interface LiveRun {
  id: string;
  ordinal: number;
  /** "run 2, k = (0.2, 0.2, 0.6)" */
  name: string;
}

export interface FrontData {
  points: FrontPoint[];
  trail: [number, number][];
  /** The run the trail follows (null without one). */
  followed: LiveRun | null;
  /** The runs trained at once with the followed one, with their trails (empty when it trains alone). */
  companions: (LiveRun & { trail: [number, number][] })[];
  /** The newest finished Pareto set model's curve through its run's preference (empty without one). */
  modelCurve: [number, number][];
  /** The model read at the handle: where, at which preference, on which split; or null. */
  probe: ProbePoint | null;
  reference: [number, number];
  /**
   * One finished run against the automatic reference: its box is nothing but the reference's margin past it, so neither
   * a hypervolume nor a shaded area is shown (from the second run, or with a reference set by hand, both are).
   */
  hypervolumeWithheld: boolean;
  /**
   * The setting whose runs are the points (its label, and whether it is the current settings'), where that needs
   * saying: runs of several settings are finished, or only another setting's; else null.
   */
  setting: { label: string; current: boolean } | null;
  /** The largest value each axis can hold (frontPoints.ts axisLimits): no tick past it. */
  limits: [number, number];
  /**
   * Runs of the problem without a point: queued (also again after a reload), starting or training, or ended without one
   * (failed, stopped, interrupted).
   */
  unfinished: { waiting: number; active: number; ended: number };
  selected: string | null;
  xLabel: string;
  yLabel: string;
  sparsityAxis: boolean;
  /** The axes' task metric: the finished points' test NLL or error (a live trail is of training losses, or validation errors). */
  metric: FrontView['metric'];
}

type Input = Pick<ExplorerView, 'runs' | 'front' | 'selectedRunId' | 'loop' | 'settings' | 'probe' | 'preference' | 'settingPick' | 'gridAnswers'>;

let memo: { key: unknown[]; value: FrontData } | null = null;
export function frontData(s: Input): FrontData {
  const problem = s.settings.problem;
  const active = activeRun(s);
  const { finished, settings, shown, current, shownLabel } = shownSetting(s);
  // The reference point is Methods side by side's: every setting's runs and a Pareto set model's answers inside it.
  const { reference } = explorerComparison(s);
  const key = [s.runs, s.front, s.selectedRunId, s.loop.runIds, problem, s.probe, shown, current, reference];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.value;
  const axes = s.front;
  // One problem's front at a time (the losses of different datasets do not compare), and one setting's: another
  // network, recipe or budget is no point of the same front.
  const points = frontPoints(runsOfSetting(finished, shown), axes);
  const live = (run: NonNullable<typeof active>) => run.state !== 'finished' && run.config.problem === problem;
  const trail = active && live(active) ? liveTrail(active, axes) : [];
  const liveRun = (run: NetworkRun): LiveRun => ({ id: run.id, ordinal: run.ordinal, name: `run ${run.ordinal}, ${preferenceText(run)}` });
  const companions = active
    ? s.loop.runIds.flatMap((id) => {
        const run = id === active.id ? null : runById(s, id);
        return run && live(run) ? [{ ...liveRun(run), trail: liveTrail(run, axes) }] : [];
      })
    : [];
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const model = modelRun(s.runs, problem, shown);
  const value: FrontData = {
    points,
    trail,
    followed: active && live(active) ? liveRun(active) : null,
    companions,
    modelCurve: modelCurve(model, axes),
    probe: model && s.probe?.run === model.id ? probePoint(s.probe.reading, axes) : null,
    reference,
    // The automatic reference is taken from every setting's finished runs of the problem: only where this run is the one
    // run of them all is its box nothing but the reference's margin (Methods side by side follows the same reference).
    hypervolumeWithheld: s.front.reference === null && finished.length <= 1,
    // Named where it needs telling apart: from other settings' runs, or from the current settings (none of theirs yet).
    setting: shownLabel !== null && (settings.length > 1 || shown !== current) ? { label: shownLabel, current: shown === current } : null,
    selected: s.selectedRunId,
    xLabel: axes.sparsityAxis ? 'sparsity rate % (higher is better)' : `task 1 ${metric}`,
    yLabel: axes.sparsityAxis ? `mean ${metric}` : `task 2 ${metric}`,
    sparsityAxis: axes.sparsityAxis,
    metric: axes.metric,
    limits: axisLimits(axes),
    unfinished: {
      waiting: runsOfProblem(s.runs, problem).filter((r) => r.state === 'queued').length,
      active: runsOfProblem(s.runs, problem).filter((r) => r.state !== 'queued' && !isEnded(r)).length,
      ended: runsOfProblem(s.runs, problem).filter((r) => isEnded(r) && r.state !== 'finished').length,
    },
  };
  memo = { key, value };
  return value;
}
