/**
 * The experiment's list of preference vectors against the runs: which entries already have a run with exactly
 * the config they would get now (same settings, seed and preference), and which "Run all" still has to run.
 * Failed, stopped and interrupted runs do not count as done. Pure.
 */
import type { TrainerConfig } from '../../experiment/config';
import { resolveConfig } from '../../experiment/config';
import { isEnded, type NetworkRun } from '../runs/runRecord';
import type { ExplorerView } from './explorerView';
import type { Preference } from '../../experiment/preference';

/** Deep equality of plain data, independent of key order (configs restored from files may be ordered differently). */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether a run trained at its config's preference: not re-targeted (it did not train at one k), not pinned off a model. */
export const trainedAtItsPreference = (run: NetworkRun): boolean => run.retargets.length === 0 && !run.pin;

/** A run stands for a list entry while it runs or once it finished, if it trained at its preference. */
const counts = (run: NetworkRun) => (run.state === 'finished' || !isEnded(run)) && trainedAtItsPreference(run);

/** What makes two runs the same run: a Pareto set model is one run for every preference. */
export const runIdentity = (config: TrainerConfig): unknown => (config.method.name === 'psl' ? { ...config, preference: null } : config);

export type PlanEntryStatus = 'to run' | 'queued' | 'running' | 'done';

export interface PlanEntry {
  preference: Preference;
  config: TrainerConfig;
  status: PlanEntryStatus;
  /** The run that did (or does) it. */
  runId: string | null;
  /** That run is a Pareto set model: it answers at this preference, no run trained at it. */
  byModel: boolean;
}

const MODEL_STATUS: Record<PlanEntryStatus, string> = { 'to run': 'to run', queued: 'model queued', running: 'model training', done: 'model answers' };

/** The entry's status as the list says it: a Pareto set model's entries say that the model, not a run, stands for them. */
export function planStatusText(entry: Pick<PlanEntry, 'status' | 'byModel'>): string {
  return entry.byModel ? MODEL_STATUS[entry.status] : entry.status;
}

export function planEntries(state: Pick<ExplorerView, 'plan' | 'settings' | 'runs'>): PlanEntry[] {
  const runs = state.runs.filter(counts);
  return state.plan.map((preference) => {
    const config = resolveConfig(state.settings, preference);
    const run = runs.find((r) => sameData(runIdentity(r.config), runIdentity(config))) ?? null;
    const status: PlanEntryStatus = !run ? 'to run' : run.state === 'finished' ? 'done' : run.state === 'queued' ? 'queued' : 'running';
    return { preference, config, status, runId: run?.id ?? null, byModel: run?.config.method.name === 'psl' };
  });
}

let repeatMemo: { settings: unknown; preference: unknown; runs: readonly NetworkRun[]; states: string[]; run: NetworkRun | null } | null = null;

/**
 * The run (finished, training or queued) that the editor's settings at its preference would repeat: runs are seeded,
 * so Run there gives its point again. Null where none would. Memoised: the same answer while no run's config or state
 * changed (readings streaming in leave it).
 */
export function repeatedRun(state: Pick<ExplorerView, 'settings' | 'preference' | 'runs'>): NetworkRun | null {
  const m = repeatMemo;
  if (m && m.settings === state.settings && m.preference === state.preference && m.runs.length === state.runs.length && state.runs.every((r, i) => r.config === m.runs[i].config && r.state === m.states[i])) return m.run;
  const identity = runIdentity(resolveConfig(state.settings, state.preference));
  const run = state.runs.find((r) => counts(r) && sameData(runIdentity(r.config), identity)) ?? null;
  repeatMemo = { settings: state.settings, preference: state.preference, runs: state.runs, states: state.runs.map((r) => r.state), run };
  return run;
}

/** The entries "Run all" starts (with Pareto set learning, one: its model answers at every entry). */
export function pendingPlan(state: Pick<ExplorerView, 'plan' | 'settings' | 'runs'>): PlanEntry[] {
  const todo = planEntries(state).filter((e) => e.status === 'to run');
  return state.settings.method === 'psl' ? todo.slice(0, 1) : todo;
}
