/**
 * State of the explorer (settings, preference, runs with their readings, the mirrored worker queue, the front
 * view) and the pure reducers that change it. explorerStore.ts wraps them in a zustand store; tests call them
 * directly.
 */
import type { BudgetName, FrontMetric } from '../../experiment/choices';
import { defaultSettings, withChoices, type ExperimentSettings, type ParameterValues, type TrainerConfig } from '../../experiment/config';
import { INITIAL_PREFERENCE, type SharedParameterKey } from '../../experiment/link/experiment';
import type { NetworkResult } from '../../engine/readings';
import type { EpochSummary, LayerRowClasses, LoopState, WorkerMessage } from '../../workers/protocol';
import { roundPreference, type Preference } from '../../experiment/preference';
import { StepHistory } from './stepHistory';

/** 'interrupted': the page was closed or reloaded while it ran (restored from the browser's storage). */
export type RunState = 'queued' | 'loading' | 'running' | 'paused' | 'finishing' | 'finished' | 'failed' | 'stopped' | 'interrupted';

export interface RunRecord {
  id: string;
  /** 1, 2, 3, … in the order runs were created (shown as "run 3"). */
  ordinal: number;
  config: TrainerConfig;
  state: RunState;
  totalSteps: number | null;
  sparse: boolean;
  backend: string | null;
  /** Steps taken (the newest reading's global step + 1). */
  stepCount: number;
  steps: StepHistory;
  epochs: EpochSummary[];
  notes: string[];
  result: NetworkResult | null;
  layers: LayerRowClasses[] | null;
  /** Size of the trained kernels and whether they were kept (for the weights download); null before the end. */
  kernels: { bytes: number; kept: boolean } | null;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface FrontView {
  metric: FrontMetric;
  /** Sparsity rate on the x axis (y = mean task metric) instead of task 1 vs task 2. */
  sparsityAxis: boolean;
  /** Hypervolume reference point in plot coordinates; null = automatic. */
  reference: [number, number] | null;
}

export interface ExplorerState {
  settings: ExperimentSettings;
  preference: Preference;
  /** The experiment's list of preference vectors (shared in links; "Run all" runs those not yet run). */
  plan: Preference[];
  /** Dragging the handle while a run is active re-targets it. */
  retargetLive: boolean;
  runs: Record<string, RunRecord>;
  /** Run ids in creation order. */
  order: string[];
  /** Ids waiting in the worker's queue, in order (as the worker last reported). */
  queue: string[];
  loop: { state: LoopState; runId: string | null; processing: boolean };
  selectedRunId: string | null;
  front: FrontView;
}

export function initialExplorerState(budget: BudgetName = 'quick'): ExplorerState {
  return {
    settings: defaultSettings(budget),
    preference: [...INITIAL_PREFERENCE],
    plan: [],
    retargetLive: true,
    runs: {},
    order: [],
    queue: [],
    loop: { state: 'idle', runId: null, processing: false },
    selectedRunId: null,
    front: { metric: 'loss', sparsityAxis: false, reference: null },
  };
}

/** True while a run is loaded in the worker (running, paused, loading or finishing). */
export function isActive(state: ExplorerState): boolean {
  return state.loop.state !== 'idle';
}

/** One more than the largest ordinal so far (restored runs keep theirs). */
export function nextOrdinal(state: Pick<ExplorerState, 'order' | 'runs'>): number {
  return state.order.reduce((max, id) => Math.max(max, state.runs[id]?.ordinal ?? 0), 0) + 1;
}

export function addRun(state: ExplorerState, id: string, config: TrainerConfig): ExplorerState {
  const run: RunRecord = {
    id,
    ordinal: nextOrdinal(state),
    config,
    state: 'queued',
    totalSteps: null,
    sparse: config.preference[0] > 0,
    backend: null,
    stepCount: 0,
    steps: StepHistory.empty(config.preference.length, config.method.name),
    epochs: [],
    notes: [],
    result: null,
    layers: null,
    kernels: null,
    error: null,
    startedAt: null,
    endedAt: null,
  };
  return { ...state, runs: { ...state.runs, [id]: run }, order: [...state.order, id] };
}

function updateRun(state: ExplorerState, id: string, change: (run: RunRecord) => Partial<RunRecord>): ExplorerState {
  const run = state.runs[id];
  if (!run) return state;
  return { ...state, runs: { ...state.runs, [id]: { ...run, ...change(run) } } };
}

/** A run that will not change any more. */
export function isEnded(run: Pick<RunRecord, 'state'>): boolean {
  return run.state === 'finished' || run.state === 'failed' || run.state === 'stopped' || run.state === 'interrupted';
}

const LOOP_TO_RUN: Record<Exclude<LoopState, 'idle'>, RunState> = {
  loading: 'loading',
  running: 'running',
  paused: 'paused',
  finishing: 'finishing',
};

function applyMessage(state: ExplorerState, msg: WorkerMessage, now: number): ExplorerState {
  switch (msg.kind) {
    case 'state': {
      let next: ExplorerState = { ...state, queue: msg.queued, loop: { state: msg.state, runId: msg.runId, processing: msg.processing } };
      if (msg.runId && msg.state !== 'idle') {
        const runState = LOOP_TO_RUN[msg.state];
        next = updateRun(next, msg.runId, (r) => (isEnded(r) ? {} : { state: runState }));
      }
      return next;
    }
    case 'run-started':
      return updateRun(state, msg.runId, () => ({ totalSteps: msg.totalSteps, sparse: msg.sparse, backend: msg.backend, startedAt: now }));
    case 'steps':
      return updateRun(state, msg.runId, (r) => {
        const steps = r.steps.append(msg.data);
        const newest = steps.latest('step');
        return { steps, stepCount: newest === null ? r.stepCount : newest + 1 };
      });
    case 'epoch':
      return updateRun(state, msg.runId, (r) => ({ epochs: [...r.epochs, msg.reading] }));
    case 'note':
      return updateRun(state, msg.runId, (r) => ({ notes: [...r.notes, msg.message] }));
    case 'run-finished': {
      const { result } = msg;
      // The explorer's runs are network runs; a teaching run's result is the teaching lab's.
      if (result.kind !== 'network') return state;
      return updateRun(state, msg.runId, () => ({
        state: 'finished',
        result,
        layers: msg.layers,
        kernels: { bytes: msg.kernelBytes, kept: msg.kernels !== null },
        endedAt: now,
      }));
    }
    case 'run-failed':
      return updateRun(state, msg.runId, () => ({ state: 'failed', error: msg.message, endedAt: now }));
    case 'run-stopped':
      return updateRun(state, msg.runId, () => ({ state: 'stopped', endedAt: now }));
  }
}

/** Applies a batch of worker messages in order. */
export function applyMessages(state: ExplorerState, messages: readonly WorkerMessage[], now: number): ExplorerState {
  return messages.reduce((s, m) => applyMessage(s, m, now), state);
}

/** Marks every run that has not ended as failed (the worker crashed). */
export function failUnfinished(state: ExplorerState, message: string, now: number): ExplorerState {
  let next: ExplorerState = { ...state, queue: [], loop: { state: 'idle', runId: null, processing: false } };
  for (const id of state.order) {
    const r = state.runs[id];
    if (!isEnded(r)) {
      next = updateRun(next, id, () => ({ state: 'failed', error: message, endedAt: now }));
    }
  }
  return next;
}

export function setPreference(state: ExplorerState, k: readonly number[]): ExplorerState {
  return { ...state, preference: roundPreference(k) };
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

/**
 * Adds runs restored from the browser's storage (or an imported file) before the session's own runs, which are
 * renumbered after them; runs whose id is already present are skipped.
 */
export function restoreRuns(state: ExplorerState, runs: readonly RunRecord[]): ExplorerState {
  const fresh = runs.filter((r) => !state.runs[r.id]).sort((a, b) => a.ordinal - b.ordinal);
  if (fresh.length === 0) return state;
  // Numbered after the restored ones: the session's own runs move up behind them.
  const shift = fresh.reduce((max, r) => Math.max(max, r.ordinal), 0);
  const own = state.order.map((id) => ({ ...state.runs[id], ordinal: state.runs[id].ordinal + shift }));
  return {
    ...state,
    runs: Object.fromEntries([...fresh, ...own].map((r) => [r.id, r])),
    order: [...fresh.map((r) => r.id), ...state.order],
  };
}

/** Forgets finished, failed, stopped and interrupted runs (and the selection); active and queued runs stay. */
export function clearResults(state: ExplorerState): ExplorerState {
  const keep = state.order.filter((id) => !isEnded(state.runs[id]));
  return {
    ...state,
    order: keep,
    runs: Object.fromEntries(keep.map((id) => [id, state.runs[id]])),
    selectedRunId: keep.includes(state.selectedRunId ?? '') ? state.selectedRunId : null,
    front: { ...state.front, reference: null },
  };
}
