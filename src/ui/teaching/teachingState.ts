/**
 * State of the teaching lab: its settings, the editor's preference, the projection shown for three tasks and the
 * guided tour's step, with the pure reducers that change it (teachingStore.ts binds them). Its runs live in the
 * run store (runs/), owned by 'teaching'; the helpers here make them and pick out the ones of a problem.
 */
import type { MethodKey } from '../../experiment/choices';
import { isEnded, MAIN_WORKER, newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { nextOrdinal, type RunNumbers } from '../runs/runsState';
import { DEFAULT_TEACHING, objectiveCount, problemKey, teachingRunConfig, type TeachingSettings } from './teachingSettings';

export interface TeachingState {
  /** The teaching lab is the view (the link's `problem` is a teaching problem). */
  active: boolean;
  settings: TeachingSettings;
  /** The editor's preference (m entries). */
  preference: number[];
  /** Three tasks: the two objectives on the plot's axes (0-based). */
  projection: [number, number];
  /** Guided tour: the open step, or null when closed. */
  tourStep: number | null;
  /** The Pareto set model's newest answer at the editor's preference (null: no model, or not asked yet). */
  probe: ModelAnswer | null;
  /**
   * The finished model's answers at the sweep's grid, so that the table measures it on the same preferences as the
   * methods that ran once per grid point (null: not asked yet; the table falls back to its 101 saved answers).
   */
  gridAnswers: ModelAnswers | null;
}

/** A model's answers at several preferences. */
export interface ModelAnswers {
  run: string;
  preferences: number[][];
  objectives: number[][];
}

/** What a Pareto set model answered at a preference, without training. */
export interface ModelAnswer {
  /** The model's run. */
  run: string;
  preference: number[];
  objectives: number[];
}

/** The editor's starting preference for m objectives (the centre, rounded to 3 decimals with Σ = 1). */
export const centrePreference = (m: number): number[] => (m === 3 ? [0.334, 0.333, 0.333] : [0.5, 0.5]);

export function initialTeachingState(): TeachingState {
  return {
    active: false,
    settings: DEFAULT_TEACHING,
    preference: [0.5, 0.5],
    projection: [0, 1],
    tourStep: null,
    probe: null,
    gridAnswers: null,
  };
}

/** New settings; the preference is reset when the number of objectives changes. */
export function setTeachingSettings(state: TeachingState, settings: TeachingSettings): TeachingState {
  const m = objectiveCount(settings);
  const preference = state.preference.length === m ? state.preference : centrePreference(m);
  const projection: [number, number] = m === 3 ? state.projection : [0, 1];
  return { ...state, settings, preference, projection };
}

export interface TeachingRunSpec {
  id: string;
  key: MethodKey;
  preference: number[];
  /** The worker it goes to (a parallel sweep deals runs out to helpers). */
  worker?: string;
}

/** Queued teaching runs of the settings' problem instance, numbered after the lab's other runs. */
export function newTeachingRuns(runs: RunNumbers, settings: TeachingSettings, specs: readonly TeachingRunSpec[]): TeachingRun[] {
  const first = nextOrdinal(runs, 'teaching');
  const problem = problemKey(settings);
  return specs.map((r, i) =>
    newTeachingRun(r.id, first + i, { config: teachingRunConfig(settings, r.key, r.preference), problem, key: r.key }, r.worker ?? MAIN_WORKER),
  );
}

/** The lab's ended runs of this problem instance and methods (a new sweep replaces them); all when null. */
export function endedRunIds(runs: readonly TeachingRun[], problem: string | null, keys: readonly MethodKey[] | null): string[] {
  return runs.filter((r) => isEnded(r) && (problem === null || r.problem === problem) && (keys === null || keys.includes(r.key))).map((r) => r.id);
}

/**
 * The Pareto set model the handle reads on this problem instance: the newest Pareto set learning run that is being
 * trained in the main worker (it answers between its steps) or finished with its model; null when there is none.
 */
export function modelRun(runs: readonly TeachingRun[], problem: string): TeachingRun | null {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i];
    if (r.key !== 'psl' || r.pin || r.problem !== problem) continue;
    if (r.state === 'finished' && r.paretoSet) return r;
    if ((r.state === 'running' || r.state === 'paused') && r.worker === MAIN_WORKER) return r;
  }
  return null;
}

/** A point pinned off a model's answer: a finished run of its own, at the answer's preference, with no training. */
export function pinnedRun(id: string, ordinal: number, model: TeachingRun, answer: ModelAnswer): TeachingRun {
  return {
    ...newTeachingRun(id, ordinal, { config: { ...model.config, preference: [...answer.preference] }, problem: model.problem, key: 'psl' }, MAIN_WORKER),
    state: 'finished',
    worker: null,
    totalSteps: 0,
    backend: model.backend,
    result: [...answer.objectives],
    pin: { run: model.id, ordinal: model.ordinal },
  };
}

/** Runs of the current problem instance, in creation order. */
export function currentRuns(state: { runs: readonly TeachingRun[]; settings: TeachingSettings }): TeachingRun[] {
  const key = problemKey(state.settings);
  return state.runs.filter((r) => r.problem === key);
}
