/**
 * State of the teaching lab: its settings, the editor's preference, the teaching runs with their live and
 * final objective vectors, the exact fronts the worker sent (one per problem instance), the projection shown
 * for three tasks and the guided tour's step; and the pure reducers that change it (teachingStore.ts binds
 * them). The worker's messages for teaching runs are applied here; messages about other runs are ignored.
 */
import type { WorkerMessage } from '../../workers/protocol';
import { unpackColumns } from '../../workers/stepPacking';
import type { MethodKey } from '../../experiment/choices';
import { DEFAULT_TEACHING, objectiveCount, problemKey, type TeachingSettings } from './teachingSettings';

export type TeachingRunState = 'queued' | 'running' | 'finished' | 'failed' | 'stopped';

export interface TeachingRun {
  id: string;
  ordinal: number;
  /** problemKey of the settings it ran with. */
  problem: string;
  key: MethodKey;
  preference: number[];
  state: TeachingRunState;
  totalSteps: number | null;
  steps: number;
  /** Newest objective vector read during training. */
  live: number[] | null;
  /** Objective vectors every TRAIL_EVERY steps (the path the run took). */
  trail: number[][];
  /** f at the returned parameters. */
  result: number[] | null;
  error: string | null;
}

export const TRAIL_EVERY = 20;

export interface TeachingState {
  /** The teaching lab is the view (the link's `problem` is a teaching problem). */
  active: boolean;
  settings: TeachingSettings;
  /** The editor's preference (m entries). */
  preference: number[];
  runs: Record<string, TeachingRun>;
  order: string[];
  /** Exact fronts by problemKey. */
  fronts: Record<string, number[][]>;
  /** Three tasks: the two objectives on the plot's axes (0-based). */
  projection: [number, number];
  /** Guided tour: the open step, or null when closed. */
  tourStep: number | null;
}

/** The editor's starting preference for m objectives (the centre, rounded to 3 decimals with Σ = 1). */
export const centrePreference = (m: number): number[] => (m === 3 ? [0.334, 0.333, 0.333] : [0.5, 0.5]);

export function initialTeachingState(): TeachingState {
  return {
    active: false,
    settings: DEFAULT_TEACHING,
    preference: [0.5, 0.5],
    runs: {},
    order: [],
    fronts: {},
    projection: [0, 1],
    tourStep: null,
  };
}

/** New settings; the preference is reset when the number of objectives changes. */
export function setTeachingSettings(state: TeachingState, settings: TeachingSettings): TeachingState {
  const m = objectiveCount(settings);
  const preference = state.preference.length === m ? state.preference : centrePreference(m);
  const projection: [number, number] = m === 3 ? state.projection : [0, 1];
  return { ...state, settings, preference, projection };
}

export function addTeachingRuns(state: TeachingState, runs: { id: string; key: MethodKey; preference: number[] }[]): TeachingState {
  let ordinal = state.order.reduce((max, id) => Math.max(max, state.runs[id].ordinal), 0);
  const problem = problemKey(state.settings);
  const added = Object.fromEntries(
    runs.map((r): [string, TeachingRun] => [
      r.id,
      { ...r, ordinal: ++ordinal, problem, state: 'queued', totalSteps: null, steps: 0, live: null, trail: [], result: null, error: null },
    ]),
  );
  return { ...state, runs: { ...state.runs, ...added }, order: [...state.order, ...runs.map((r) => r.id)] };
}

/** Forgets ended runs of this problem instance and methods (a new sweep replaces them); all when keys is null. */
export function dropEnded(state: TeachingState, problem: string | null, keys: readonly MethodKey[] | null): TeachingState {
  const drop = (r: TeachingRun) => isEnded(r) && (problem === null || r.problem === problem) && (keys === null || keys.includes(r.key));
  const order = state.order.filter((id) => !drop(state.runs[id]));
  return { ...state, order, runs: Object.fromEntries(order.map((id) => [id, state.runs[id]])) };
}

export const isEnded = (r: Pick<TeachingRun, 'state'>) => r.state === 'finished' || r.state === 'failed' || r.state === 'stopped';

function update(state: TeachingState, id: string, change: (r: TeachingRun) => Partial<TeachingRun>): TeachingState {
  const run = state.runs[id];
  if (!run) return state;
  return { ...state, runs: { ...state.runs, [id]: { ...run, ...change(run) } } };
}

function applyMessage(state: TeachingState, msg: WorkerMessage): TeachingState {
  switch (msg.kind) {
    case 'state':
      return msg.runId && msg.state !== 'idle' ? update(state, msg.runId, (r) => (isEnded(r) ? {} : { state: 'running' })) : state;
    case 'run-started':
      return update(state, msg.runId, () => ({ state: 'running', totalSteps: msg.totalSteps }));
    case 'steps':
      return update(state, msg.runId, (r) => {
        const { step, objective } = unpackColumns(msg.data, msg.objectives, msg.method);
        if (step.length === 0) return {};
        const trail = [...r.trail];
        let live = r.live;
        step.forEach((s, i) => {
          live = objective.map((f) => f[i]);
          if (s % TRAIL_EVERY === 0) trail.push(live);
        });
        return { live, trail, steps: step[step.length - 1] + 1 };
      });
    case 'run-finished': {
      const run = state.runs[msg.runId];
      if (!run) return state;
      const outcome = msg.result.kind === 'teaching' ? msg.result : null;
      const next = update(state, msg.runId, () => ({ state: 'finished', result: outcome ? [...outcome.objectives] : null }));
      if (!outcome || next.fronts[run.problem]) return next;
      return { ...next, fronts: { ...next.fronts, [run.problem]: outcome.exactFront } };
    }
    case 'run-failed':
      return update(state, msg.runId, () => ({ state: 'failed', error: msg.message }));
    case 'run-stopped':
      return update(state, msg.runId, () => ({ state: 'stopped' }));
    default:
      return state;
  }
}

/** Applies a batch of worker messages; runs that are not teaching runs are left alone. */
export function applyTeachingMessages(state: TeachingState, messages: readonly WorkerMessage[]): TeachingState {
  return messages.reduce(applyMessage, state);
}

/** Marks every run that has not ended as failed (the worker crashed). */
export function failTeachingRuns(state: TeachingState, message: string): TeachingState {
  return state.order.reduce((s, id) => (isEnded(s.runs[id]) ? s : update(s, id, () => ({ state: 'failed', error: message }))), state);
}

/** Runs of the current problem instance, in creation order. */
export function currentRuns(state: Pick<TeachingState, 'runs' | 'order' | 'settings'>): TeachingRun[] {
  const key = problemKey(state.settings);
  return state.order.map((id) => state.runs[id]).filter((r) => r.problem === key);
}
