/**
 * State of the explorer (settings, preference, the list of preferences, the selection, the front view) and the
 * pure reducers that change it. Its runs live in the run store (runs/), owned by 'explorer'; explorerView.ts
 * joins the two for the views. explorerStore.ts wraps these reducers in a zustand store; tests call them directly.
 */
import type { BudgetName, FrontMetric } from '../../experiment/choices';
import { defaultSettings, settingsOfConfig, withChoices, type ExperimentSettings, type ParameterValues, type TrainerConfig } from '../../experiment/config';
import { INITIAL_PREFERENCE, type SharedParameterKey } from '../../experiment/link/experiment';
import { roundPreference, type Preference } from '../../experiment/preference';
import type { NetworkModelReading } from '../../workers/protocol';

export interface FrontView {
  metric: FrontMetric;
  /** Sparsity rate on the x axis (y = mean task metric) instead of task 1 vs task 2. */
  sparsityAxis: boolean;
  /** Hypervolume reference point in plot coordinates; null = automatic. */
  reference: [number, number] | null;
}

/**
 * The Pareto set model of run `run` read at the handle's preference (in the worker, on the split probeRead says); reading
 * null: the worker no longer has that model (the page was reloaded, or newer models took its place).
 */
export interface ModelProbe {
  run: string;
  reading: NetworkModelReading | null;
}

/** A setting the user picked to show (shownSetting.ts), while the explorer's settings were those of `current`. */
export interface SettingPick {
  key: string;
  current: string;
}

/** A finished Pareto set model read on the test subset at the network sweep's preferences (the methods comparison). */
export interface ModelGridAnswers {
  run: string;
  preferences: number[][];
  readings: NetworkModelReading[];
}

export interface ExplorerState {
  settings: ExperimentSettings;
  preference: Preference;
  /** The experiment's list of preference vectors (shared in links; "Run all" runs those not yet run). */
  plan: Preference[];
  /** Dragging the handle while a run is active re-targets it. */
  retargetLive: boolean;
  selectedRunId: string | null;
  front: FrontView;
  probe: ModelProbe | null;
  gridAnswers: ModelGridAnswers | null;
  /** The k₀ the last network sweep ran at (its Pareto set model is read there); null before one. */
  sweepK0: number | null;
  /** The setting whose runs the front shows, where the user picked one (shownSetting.ts); null: the current settings'. */
  settingPick: SettingPick | null;
}

export function initialExplorerState(budget: BudgetName = 'quick'): ExplorerState {
  return {
    settings: defaultSettings(budget),
    preference: [...INITIAL_PREFERENCE],
    plan: [],
    // Off: dragging the handle to set up the next run must not change the current one by surprise.
    retargetLive: false,
    selectedRunId: null,
    front: { metric: 'loss', sparsityAxis: false, reference: null },
    probe: null,
    gridAnswers: null,
    sweepK0: null,
    settingPick: null,
  };
}

export function setPreference(state: ExplorerState, k: readonly number[]): ExplorerState {
  return { ...state, preference: roundPreference(k) };
}

/**
 * The editor takes a run's settings and the preference it started at, exactly (not rounded as the handle rounds):
 * Run trains that run again; an edit first, a variation of it.
 */
export function withRunSettings(state: ExplorerState, config: TrainerConfig): ExplorerState {
  return { ...state, settings: settingsOfConfig(config), preference: [...config.preference] as Preference };
}

export function setBudget(state: ExplorerState, budget: BudgetName): ExplorerState {
  const { problem, method, variant, recipe } = state.settings;
  return { ...state, settings: { ...defaultSettings(budget, problem), method, variant, recipe } };
}

export type SettingKey = 'problem' | 'network' | 'method' | 'variant' | 'recipe';

/** A choice changed; edits whose preset changes with it are dropped (experiment/config.ts withChoices). */
export function setSetting<K extends SettingKey>(state: ExplorerState, key: K, value: ExperimentSettings[K]): ExplorerState {
  return { ...state, settings: withChoices(state.settings, { [key]: value }) };
}

export function setOverride<K extends SharedParameterKey>(state: ExplorerState, field: K, value: ParameterValues[K] | undefined): ExplorerState {
  return { ...state, settings: { ...state.settings, overrides: { ...state.settings.overrides, [field]: value } } };
}

/** Adds k to the experiment's list unless it is there already. */
export function addToPlan(state: ExplorerState, k: readonly number[]): ExplorerState {
  const entry = [...k] as Preference;
  if (state.plan.some((p) => p.every((v, i) => v === entry[i]))) return state;
  return { ...state, plan: [...state.plan, entry] };
}

export function removeFromPlan(state: ExplorerState, index: number): ExplorerState {
  return { ...state, plan: state.plan.filter((_, i) => i !== index) };
}

/** After "Clear results": the selection goes unless its run is still here, the reference point is automatic again. */
export function afterClear(state: ExplorerState, remaining: ReadonlySet<string>): ExplorerState {
  const selectedRunId = state.selectedRunId !== null && remaining.has(state.selectedRunId) ? state.selectedRunId : null;
  return { ...state, selectedRunId, front: { ...state.front, reference: null } };
}
