/**
 * State of the explorer (settings, preference, runs with their readings, the mirrored worker queue, the front
 * view) and the pure reducers that change it. explorerStore.ts wraps them in a zustand store; tests call them
 * directly.
 */
import type { TrainerConfig } from '../../engine/config';
import type { FinalResult } from '../../engine/readings';
import type { EpochSummary, LayerRowClasses, LoopState, WorkerMessage } from '../../workers/protocol';
import { defaultSettings, type BudgetName, type EditableField, type ExperimentSettings } from './budgets';
import { roundPreference, type Preference } from './simplex';
import { appendSteps, emptyHistory, type StepHistory } from './stepHistory';

export type RunState = 'queued' | 'loading' | 'running' | 'paused' | 'finishing' | 'finished' | 'failed' | 'stopped';

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
  result: FinalResult | null;
  layers: LayerRowClasses[] | null;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export type FrontMetric = 'loss' | 'error';

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

export const INITIAL_PREFERENCE: Preference = [0.2, 0.4, 0.4];

export function initialExplorerState(budget: BudgetName = 'quick'): ExplorerState {
  return {
    settings: defaultSettings(budget),
    preference: INITIAL_PREFERENCE,
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

export function addRun(state: ExplorerState, id: string, config: TrainerConfig): ExplorerState {
  const run: RunRecord = {
    id,
    ordinal: state.order.length + 1,
    config,
    state: 'queued',
    totalSteps: null,
    sparse: config.preference[0] > 0,
    backend: null,
    stepCount: 0,
    steps: emptyHistory(config.preference.length),
    epochs: [],
    notes: [],
    result: null,
    layers: null,
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
        next = updateRun(next, msg.runId, (r) => (r.state === 'finished' || r.state === 'failed' || r.state === 'stopped' ? {} : { state: runState }));
      }
      return next;
    }
    case 'run-started':
      return updateRun(state, msg.runId, () => ({ totalSteps: msg.totalSteps, sparse: msg.sparse, backend: msg.backend, startedAt: now }));
    case 'steps':
      return updateRun(state, msg.runId, (r) => {
        const steps = appendSteps(r.steps, msg.data);
        return { steps, stepCount: steps.last ? steps.last[0] + 1 : r.stepCount };
      });
    case 'epoch':
      return updateRun(state, msg.runId, (r) => ({ epochs: [...r.epochs, msg.reading] }));
    case 'note':
      return updateRun(state, msg.runId, (r) => ({ notes: [...r.notes, msg.message] }));
    case 'run-finished':
      return updateRun(state, msg.runId, () => ({ state: 'finished', result: msg.result, layers: msg.layers, endedAt: now }));
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
    if (r.state !== 'finished' && r.state !== 'failed' && r.state !== 'stopped') {
      next = updateRun(next, id, () => ({ state: 'failed', error: message, endedAt: now }));
    }
  }
  return next;
}

export function setPreference(state: ExplorerState, k: readonly number[]): ExplorerState {
  return { ...state, preference: roundPreference(k) };
}

export function setBudget(state: ExplorerState, budget: BudgetName): ExplorerState {
  return { ...state, settings: { ...defaultSettings(budget), variant: state.settings.variant } };
}

export function setSetting<K extends 'network' | 'variant'>(state: ExplorerState, key: K, value: ExperimentSettings[K]): ExplorerState {
  // Multiplier defaults differ between the variants: drop the overrides that depend on them.
  const overrides = key === 'variant' ? { ...state.settings.overrides, mu0: undefined, rho: undefined } : state.settings.overrides;
  return { ...state, settings: { ...state.settings, [key]: value, overrides } };
}

export function setOverride(state: ExplorerState, field: EditableField, value: number | null | undefined): ExplorerState {
  return { ...state, settings: { ...state.settings, overrides: { ...state.settings.overrides, [field]: value } } };
}

/** Forgets finished, failed and stopped runs (and the selection); active and queued runs stay. */
export function clearResults(state: ExplorerState): ExplorerState {
  const keep = state.order.filter((id) => {
    const s = state.runs[id].state;
    return s !== 'finished' && s !== 'failed' && s !== 'stopped';
  });
  return {
    ...state,
    order: keep,
    runs: Object.fromEntries(keep.map((id) => [id, state.runs[id]])),
    selectedRunId: keep.includes(state.selectedRunId ?? '') ? state.selectedRunId : null,
    front: { ...state.front, reference: null },
  };
}
