/**
 * What the teaching lab shows, derived from its state joined with its runs and the exact fronts from the run
 * store (TeachingView): the chart's data (finished runs of the current problem
 * instance by method, the running one with its trail, the exact front — projected onto the chosen pair of
 * objectives when there are three) and the per-method measures (hypervolume in all m objectives against one
 * common reference point, distance to and coverage of the exact front). Memoised on the inputs; pure.
 */
import type { MethodChartData } from '../compare/methodChartLayout';
import { METHOD_STYLES } from '../compare/methodKeys';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';
import { commonReference, summarizeMethods, type MethodPoint, type MethodSummary } from '../compare/methodSummary';
import { euclidean, frontSampling } from '../../engine/pareto';
import { teachingChebyshevPoint } from '../../engine/teaching/chebyshevPoint';
import type { TeachingConfig } from '../../engine/teaching/config';
import type { WorkerLoop } from '../runs/runLifecycle';
import { MAIN_WORKER, type TeachingRun } from '../runs/runRecord';
import type { RunsState } from '../runs/runsState';
import { ownedRuns, workerLoop } from '../runs/runViews';
import { useRunsView } from '../runs/useRunsView';
import { currentRuns, type TeachingState } from './teachingState';
import { objectiveCount, problemKey } from './teachingSettings';
import { useTeachingStore } from './teachingStore';

export type TeachingView = TeachingState & {
  /** The lab's runs, in creation order. */
  runs: readonly TeachingRun[];
  /** Exact fronts by problem key. */
  fronts: ReadonlyMap<string, number[][]>;
  /** The main worker's loop. */
  loop: WorkerLoop;
};

let viewMemo: { runs: readonly TeachingRun[]; fronts: unknown; loop: WorkerLoop; teaching: TeachingState; view: TeachingView } | null = null;

/** The same object while the lab's runs, the fronts, the main loop and the lab's state are the same. */
export function teachingView(runsState: RunsState, teaching: TeachingState): TeachingView {
  const runs = ownedRuns(runsState, 'teaching');
  const fronts = runsState.exactFronts;
  const loop = workerLoop(runsState, MAIN_WORKER);
  const m = viewMemo;
  if (m && m.runs === runs && m.fronts === fronts && m.loop === loop && m.teaching === teaching) return m.view;
  const view = { ...teaching, runs, fronts, loop };
  viewMemo = { runs, fronts, loop, teaching, view };
  return view;
}

/** A zustand-style selector hook over the teaching lab's view. */
export function useTeachingView<T>(selector: (view: TeachingView) => T): T {
  return useRunsView(useTeachingStore, teachingView, selector);
}

type ViewInput = Pick<TeachingView, 'runs' | 'settings' | 'fronts' | 'projection'> & Partial<Pick<TeachingView, 'probe' | 'gridAnswers'>>;

export interface TeachingMeasures {
  /** The exact front of the current problem (null until the worker gave it). */
  front: number[][] | null;
  /** Hypervolume reference point, one entry per objective. */
  reference: number[];
  summaries: MethodSummary[];
  points: MethodPoint[];
  /** How finely the exact front is sampled, and within what distance of it a point is on it (engine/pareto.ts frontSampling); null without one. */
  sampling: { spacing: number; tolerance: number } | null;
}

const fmt = (v: readonly number[]) => v.map((x) => x.toFixed(3)).join(', ');

/** Memoised on the finished runs (their records no longer change), the front and the model's grid answers: live readings cost nothing. */
let measuresMemo: { finished: TeachingRun[]; front: number[][] | null; grid: unknown; value: TeachingMeasures } | null = null;
export function teachingMeasures(s: ViewInput): TeachingMeasures {
  const front = s.fronts.get(problemKey(s.settings)) ?? null;
  const finished = currentRuns(s).filter((r) => r.state === 'finished' && r.result);
  const grid = s.gridAnswers ?? null;
  const m = measuresMemo;
  if (m && m.front === front && m.grid === grid && m.finished.length === finished.length && m.finished.every((r, i) => r === finished[i])) return m.value;
  // A Pareto set model counts by its answers at the sweep's grid (the preferences the other methods ran at) once the
  // worker gave them, else at its saved lattice; only the newest model counts (an older one was replaced), and points
  // pinned off it are not more of it.
  const newestModel = newestFinishedModel(finished);
  const points: MethodPoint[] = finished.flatMap((r): MethodPoint[] => {
    if (r.pin || (r.paretoSet && r !== newestModel)) return [];
    // Wall-clock seconds from its start to its end in the worker (a model's answers share its run's, runs trained at once their stack's).
    const seconds = r.startedAt !== null && r.endedAt !== null ? (r.endedAt - r.startedAt) / 1000 / (r.runsAtOnce ?? 1) : undefined;
    const answers = grid?.run === r.id ? grid.objectives : r.paretoSet?.objectives;
    if (answers) return answers.map((objectives, j) => ({ id: `${r.id}#${j}`, key: r.key, objectives, ...(seconds === undefined ? {} : { seconds: seconds / answers.length }) }));
    return [{ id: r.id, key: r.key, objectives: r.result as number[], ...(seconds === undefined ? {} : { seconds }) }];
  });
  const reference = commonReference(
    points.map((p) => p.objectives),
    front,
  );
  const sampling = front === null ? null : m?.front === front ? m.value.sampling : frontSampling(front, objectiveCount(s.settings) === 2);
  // Where each Chebyshev method's runs should have landed, and how far they did (their own k's exact point).
  const summaries = summarizeMethods(points, reference, front).map((summary) => {
    if (front === null) return summary;
    if (!CHEBYSHEV_KEYS.has(summary.key)) return { ...summary, target: null };
    const off = finished.filter((r) => r.key === summary.key && !r.pin && !r.paretoSet).map((r) => euclidean(r.result as number[], chebyshevTarget(r.config)));
    return { ...summary, target: off.length === 0 ? null : { each: off, mean: off.reduce((a, b) => a + b, 0) / off.length, max: Math.max(...off) } };
  });
  const value = { front, reference, points, summaries, sampling };
  measuresMemo = { finished, front, grid, value };
  return value;
}

/** The newest finished Pareto set model among these runs (the one the table and the plot show). */
function newestFinishedModel(runs: readonly TeachingRun[]): TeachingRun | undefined {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i].state === 'finished' && runs[i].paretoSet && !runs[i].pin) return runs[i];
  return undefined;
}

/** Objective i's symbol, f₁, f₂ or f₃: its whole name where little room is left (present mode). */
export const shortObjectiveName = (i: number) => `f${'₁₂₃'[i]}`;

export const objectiveName = (i: number, problem: TeachingState['settings']['problem']) =>
  problem === 'fonseca-fleming' ? shortObjectiveName(i) : `task ${i + 1} loss ${shortObjectiveName(i)}`;

/** The methods that scalarize by Chebyshev: a run's point should be its preference's Chebyshev point of the front. */
const CHEBYSHEV_KEYS: ReadonlySet<MethodKey> = new Set(['chebyshev-al', 'chebyshev-al-reference', 'chebyshev-md', 'smooth-tchebycheff']);

/** Each Chebyshev run's exact point, by what it depends on: a few ms each for three tasks, so computed once. */
const chebyshevTargets = new Map<string, number[]>();
const MAX_REMEMBERED_TARGETS = 1000;

function chebyshevTarget({ problem, seed, preference, referencePoint, epsilon }: TeachingConfig): number[] {
  const key = JSON.stringify([problem, seed, preference, referencePoint, epsilon]);
  let point = chebyshevTargets.get(key);
  if (!point) {
    if (chebyshevTargets.size >= MAX_REMEMBERED_TARGETS) chebyshevTargets.clear();
    point = teachingChebyshevPoint(problem, seed, preference, referencePoint, epsilon);
    chebyshevTargets.set(key, point);
  }
  return point;
}

let chartMemo: { input: unknown[]; value: MethodChartData } | null = null;
export function teachingChartData(s: ViewInput): MethodChartData {
  const measures = teachingMeasures(s);
  const input = [measures, s.projection, s.runs, s.probe];
  if (chartMemo && chartMemo.input.every((v, i) => v === input[i])) return chartMemo.value;
  const m = objectiveCount(s.settings);
  const [i, j] = m === 3 ? s.projection : [0, 1];
  const at = (v: readonly number[]): [number, number] => [v[i], v[j]];
  const runs = currentRuns(s);
  const byId = new Map(runs.map((r) => [r.id, r]));
  const finished = runs.filter((r) => r.state === 'finished' && r.result && !r.paretoSet);
  const points = finished.map((run) => {
    const f = run.result as number[];
    const [x, y] = at(f);
    const what = run.pin ? `pinned off the Pareto set model (run ${run.pin.ordinal}), no training` : `run ${run.ordinal} · ${METHOD_STYLES[run.key].short}`;
    // Where a Chebyshev method should have landed, and how far off it is (the table's distance is to the whole front).
    const target = !run.pin && CHEBYSHEV_KEYS.has(run.key) ? chebyshevTarget(run.config) : null;
    const off = target ? `\nits Chebyshev point (${fmt(target)}), ${euclidean(f, target).toPrecision(2)} away` : '';
    return { id: run.id, key: run.key, x, y, title: `${what}: k = (${fmt(run.config.preference)}), f = (${fmt(f)})${off}` };
  });
  const newestModel = newestFinishedModel(runs);
  const curves = runs.flatMap((run) =>
    run === newestModel && run.paretoSet
      ? [{ id: run.id, key: run.key, kind: m === 3 ? ('cloud' as const) : ('curve' as const), points: run.paretoSet.objectives.map(at), title: `Pareto set model (run ${run.ordinal}): its answers at ${run.paretoSet.objectives.length} preferences` }]
      : [],
  );
  const probeRun = s.probe ? byId.get(s.probe.run) : undefined;
  const probe =
    s.probe && probeRun
      ? { x: at(s.probe.objectives)[0], y: at(s.probe.objectives)[1], title: `the model (run ${probeRun.ordinal}) at k = (${fmt(s.probe.preference)}): f = (${fmt(s.probe.objectives)}), no training` }
      : null;
  const running = runs.find((r) => r.state === 'running' && r.live);
  const live = running?.live ? { key: running.key, x: at(running.live)[0], y: at(running.live)[1], trail: [...running.trail, running.live].map(at) } : null;
  const keys = METHOD_KEYS.filter((k: MethodKey) => points.some((p) => p.key === k) || curves.some((c) => c.key === k) || live?.key === k);
  const value: MethodChartData = {
    points,
    curves,
    probe,
    live,
    front: measures.front ? { kind: m === 3 ? 'cloud' : 'curve', points: measures.front.map(at) } : null,
    keys,
    xLabel: objectiveName(i, s.settings.problem),
    yLabel: objectiveName(j, s.settings.problem),
    // A one-point front has no hypervolume to show (MethodTable): no reference point either.
    reference: measures.reference.length === m && measures.front?.length !== 1 ? at(measures.reference) : null,
  };
  chartMemo = { input, value };
  return value;
}
