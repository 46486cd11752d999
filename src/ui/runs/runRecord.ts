/**
 * A run as the UI keeps it, whichever view started it. Every run has the same lifecycle fields (state, worker,
 * steps, times, error); what it trains and what it keeps of its readings depend on its owner: the explorer's
 * runs are network runs (a TrainerConfig, step history, epochs, final metrics, kernels), the teaching lab's
 * runs are teaching-problem runs (a TeachingConfig, the live objective vector and its trail, f at the end).
 * `owner` tells them apart, so no field is optional for one kind and meaningless for the other. Pure.
 */
import type { MethodKey } from '../../experiment/choices';
import type { TrainerConfig } from '../../experiment/config';
import type { NetworkResult, ParetoSetModel } from '../../engine/readings';
import { isSparse } from '../../engine/phases/schedule';
import type { TeachingConfig } from '../../engine/teaching/config';
import type { EpochSummary, LayerRowClasses, RunRequest } from '../../workers/protocol';
import { StepHistory } from '../explorer/stepHistory';
import { kText } from '../../experiment/preference';

/**
 * queued → loading → running ⇄ paused → finishing → finished | failed | stopped. 'interrupted': restored from the
 * browser's storage, the page having been closed or reloaded while it ran.
 */
export type RunState = 'queued' | 'loading' | 'running' | 'paused' | 'finishing' | 'finished' | 'failed' | 'stopped' | 'interrupted';

/** The view that started a run and lists it. */
export type RunOwner = 'explorer' | 'teaching';

/** The worker every view hands its runs to unless a sweep deals them out to helpers. */
export const MAIN_WORKER = 'main';

interface RunBase {
  id: string;
  /** 1, 2, 3, … in the order its owner created its runs (shown as "run 3"). */
  ordinal: number;
  state: RunState;
  /** The worker it was handed to ('main', 'helper-1', …); null for a run restored from storage or a file. */
  worker: string | null;
  totalSteps: number | null;
  /** Steps taken (the newest reading's global step + 1). */
  stepCount: number;
  backend: string | null;
  error: string | null;
  /** performance.now() times. */
  startedAt: number | null;
  endedAt: number | null;
  /** Work between two steps that takes seconds (the search's clustering), while it goes on: its progress stands still. */
  working: string | null;
}

/**
 * The time a run spent paused (performance.now() ms), apart: the pauses within its finished epochs, within the epoch
 * under way, and since when it is paused now. An epoch's seconds are wall time (a pause included); the ETA takes them
 * out (runProgress.ts).
 */
export interface PausedTime {
  inEpochs: number;
  inEpoch: number;
  since: number | null;
}

export const NOT_PAUSED: PausedTime = Object.freeze({ inEpochs: 0, inEpoch: 0, since: null }) as PausedTime;

/** A run of the network explorer (or of its sweeps) on a dataset problem. */
export interface NetworkRun extends RunBase {
  owner: 'explorer';
  paused: PausedTime;
  config: TrainerConfig;
  sparse: boolean;
  steps: StepHistory;
  epochs: EpochSummary[];
  notes: string[];
  result: NetworkResult | null;
  layers: LayerRowClasses[] | null;
  /** Size of the trained kernels and whether they were kept (for the weights download); null before the end. */
  kernels: { bytes: number; kept: boolean } | null;
  /** Every change of its preference while it trained: from `step` on it trained at `preference`. */
  retargets: Retarget[];
  /** A point pinned off a Pareto set model at the config's preference (no training of its own): which model. */
  pin: PinnedFrom | null;
}

export interface Retarget {
  step: number;
  preference: number[];
}

/** The most re-targetings a run records (and a saved run or a file may hold): the latest always among them. */
export const MAX_RETARGETS = 10_000;

/**
 * Re-targetings as a run records them (runReadings.ts withRetarget): one a step, the last of it, and at most
 * MAX_RETARGETS with the latest kept — for records and files written before the cap (one a drag event). Entries
 * that are not objects with a step are left for the schema to refuse.
 */
export function thinRetargets<T>(list: readonly T[]): T[] {
  const stepOf = (r: unknown) => (typeof r === 'object' && r !== null && 'step' in r ? (r as { step: unknown }).step : undefined);
  const out: T[] = [];
  for (const r of list) {
    const step = stepOf(r);
    if (out.length > 0 && step !== undefined && stepOf(out[out.length - 1]) === step) out[out.length - 1] = r;
    else out.push(r);
  }
  return out.length > MAX_RETARGETS ? [...out.slice(0, MAX_RETARGETS - 1), out[out.length - 1]] : out;
}

/** The preference a network run trained at last: its config's, or that of its last re-targeting. */
export function finalPreference(run: Pick<NetworkRun, 'config' | 'retargets'>): number[] {
  return run.retargets.at(-1)?.preference ?? run.config.preference;
}

/** "k = (0.2, 0.4, 0.4)", and for a re-targeted run where it started: "k = (…), re-targeted from (…) at step 37". */
export function preferenceText(run: Pick<NetworkRun, 'config' | 'retargets'>): string {
  const k = kText(finalPreference(run));
  const first = run.retargets[0];
  if (!first) return k;
  const more = run.retargets.length > 1 ? ` (${run.retargets.length} changes)` : '';
  return `${k}, re-targeted from (${run.config.preference.join(', ')}) at step ${first.step}${more}`;
}

/** A run of the teaching lab: one method at one preference on a problem whose exact front is known. */
export interface TeachingRun extends RunBase {
  owner: 'teaching';
  config: TeachingConfig;
  /** The problem instance (teachingSettings.ts problemKey): runs of one instance share an exact front. */
  problem: string;
  key: MethodKey;
  /** Newest objective vector read during training. */
  live: number[] | null;
  /** Objective vectors every TRAIL_EVERY steps (the path the run took). */
  trail: number[][];
  /** f at the returned parameters. */
  result: number[] | null;
  /** A Pareto set learning run: its trained model and the model's answers at a lattice of preferences. */
  paretoSet: ParetoSetModel | null;
  /** A point pinned off a Pareto set model at the config's preference (no training of its own): which model. */
  pin: PinnedFrom | null;
  /** Trained as one of this many runs at once (one stacked computation: its wall-clock time is theirs together); absent: alone. */
  runsAtOnce?: number;
}

/** The Pareto set learning run a pinned point was read off. */
export interface PinnedFrom {
  run: string;
  ordinal: number;
}

export type RunRecord = NetworkRun | TeachingRun;

/** The record type of one owner's runs. */
export type RunOf<O extends RunOwner> = Extract<RunRecord, { owner: O }>;

/** A run that will not change any more. */
export function isEnded(run: Pick<RunRecord, 'state'>): boolean {
  return run.state === 'finished' || run.state === 'failed' || run.state === 'stopped' || run.state === 'interrupted';
}

/** What a worker is handed to train this run (again, after the worker that had it queued died). */
export function requestOf(run: RunRecord): RunRequest {
  return run.owner === 'teaching' ? { id: run.id, kind: 'teaching', config: run.config } : { id: run.id, config: run.config };
}

const fresh = { state: 'queued', totalSteps: null, stepCount: 0, backend: null, error: null, startedAt: null, endedAt: null, working: null } as const;

export function newNetworkRun(id: string, ordinal: number, config: TrainerConfig, worker: string = MAIN_WORKER): NetworkRun {
  return {
    ...fresh,
    id,
    owner: 'explorer',
    ordinal,
    worker,
    config,
    sparse: isSparse(config),
    steps: StepHistory.empty(config.preference.length, config.method.name),
    epochs: [],
    notes: [],
    result: null,
    layers: null,
    kernels: null,
    retargets: [],
    pin: null,
    paused: NOT_PAUSED,
  };
}

export function newTeachingRun(
  id: string,
  ordinal: number,
  run: { config: TeachingConfig; problem: string; key: MethodKey },
  worker: string = MAIN_WORKER,
): TeachingRun {
  return { ...fresh, id, owner: 'teaching', ordinal, worker, ...run, live: null, trail: [], result: null, paretoSet: null, pin: null };
}
