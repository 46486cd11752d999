/**
 * What the lab's Sweep runs: every picked method at each point of the grid, a Pareto set model once (one model for the
 * whole grid, at the editor's preference), and which of those runs exist already on the problem shown — finished
 * with these very settings (seeded: they would give the same point again, so they stay) or queued or training.
 * Pure.
 */
import { samePreference } from '../../experiment/preference';
import type { MethodKey } from '../../experiment/choices';
import { isEnded, type TeachingRun } from '../runs/runRecord';
import { simplexGrid } from '../compare/sweepGrid';
import { runStatesSignature, sweepStanding, type SweepStanding } from '../compare/sweepStanding';
import { sameData } from '../explorer/preferencePlan';
import { objectiveCount, problemKey, teachingRunConfig, type TeachingSettings } from './teachingSettings';

export interface LabSweepEntry {
  key: MethodKey;
  preference: number[];
}

export function labSweepEntries(settings: TeachingSettings, preference: readonly number[], methods: readonly MethodKey[], size: number): LabSweepEntry[] {
  const grid = simplexGrid(objectiveCount(settings), size);
  return methods.flatMap((key): LabSweepEntry[] => (key === 'psl' ? [{ key, preference: [...preference] }] : grid.map((k) => ({ key, preference: k }))));
}


/**
 * The run that finished this entry with these settings on the problem shown (a model at any preference; a pin is no
 * run). Preferences agree to rounding: Run at a typed k = (0.3, 0.7) is the grid's (0.30000000000000004, 0.7000000000000001).
 */
export function finishedRunOf(labRuns: readonly TeachingRun[], settings: TeachingSettings, entry: LabSweepEntry): TeachingRun | undefined {
  const config = teachingRunConfig(settings, entry.key, entry.preference);
  const rest = (c: typeof config) => ({ ...c, preference: null });
  const problem = problemKey(settings);
  return labRuns.find(
    (r) =>
      r.state === 'finished' &&
      !r.pin &&
      r.problem === problem &&
      r.key === entry.key &&
      (entry.key === 'psl' || samePreference(r.config.preference, entry.preference)) &&
      sameData(rest(r.config), rest(config)),
  );
}

/** Whether a run of this entry is queued or training on the problem (a model in training stands for every preference). */
export function isComing(labRuns: readonly TeachingRun[], problem: string, entry: LabSweepEntry): boolean {
  return labRuns.some((r) => r.problem === problem && !isEnded(r) && r.key === entry.key && (entry.key === 'psl' || samePreference(r.config.preference, entry.preference)));
}

export interface LabSweepChanges {
  /** The entries Sweep queues: neither finished with these settings nor queued or training. */
  toRun: LabSweepEntry[];
  /**
   * The ended runs it forgets: those of the methods it runs again that are not among the plan's finished runs (swept at
   * another number of preferences, Run at k, stopped or failed). Pinned points stay.
   */
  forgotten: TeachingRun[];
}

export function labSweepChanges(labRuns: readonly TeachingRun[], settings: TeachingSettings, entries: readonly LabSweepEntry[]): LabSweepChanges {
  const problem = problemKey(settings);
  const finished = entries.map((entry) => finishedRunOf(labRuns, settings, entry));
  const kept = new Set(finished.flatMap((run) => run?.id ?? []));
  const toRun = entries.filter((entry, i) => finished[i] === undefined && !isComing(labRuns, problem, entry));
  const keys = new Set(toRun.map((entry) => entry.key));
  const forgotten = labRuns.filter((r) => r.problem === problem && isEnded(r) && keys.has(r.key) && !r.pin && !kept.has(r.id));
  return { toRun, forgotten };
}

let planMemo: { key: string; value: SweepStanding } | null = null;
/**
 * The standing of the lab's sweep plan (labSweepEntries of these arguments) among its runs; memoised on the plan and
 * the runs' states (the lab asks on every batch of readings).
 */
export function labPlanStanding(labRuns: readonly TeachingRun[], settings: TeachingSettings, preference: readonly number[], methods: readonly MethodKey[], size: number): SweepStanding {
  const key = `${JSON.stringify([settings, preference, methods, size])}#${runStatesSignature(labRuns)}`;
  if (planMemo?.key === key) return planMemo.value;
  const value = labSweepStanding(labRuns, settings, labSweepEntries(settings, preference, methods, size));
  planMemo = { key, value };
  return value;
}

export function labSweepStanding(labRuns: readonly TeachingRun[], settings: TeachingSettings, entries: readonly LabSweepEntry[]): SweepStanding {
  const problem = problemKey(settings);
  const standing = sweepStanding(
    entries,
    (e) => finishedRunOf(labRuns, settings, e) !== undefined,
    (e) => isComing(labRuns, problem, e),
  );
  const replaces = labSweepChanges(labRuns, settings, entries).forgotten.filter((r) => r.state === 'finished').length;
  return replaces > 0 ? { ...standing, replaces } : standing;
}
