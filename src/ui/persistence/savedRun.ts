/**
 * A run as it is kept in the browser (IndexedDB) and written to an exported file: its config, final metrics,
 * row classes, epoch summaries and a downsampled history of step readings. Kernels are kept apart (they are
 * large and only read for a weights download). Pure.
 *
 * `status` 'queued' is the record of a run waiting in the queue (a later page load queues it again: reconcile.ts);
 * 'running' is the record written when a run starts (and refreshed as it trains); it becomes 'finished'
 * when the result arrives, 'failed' with its cause when training or the worker fails, or 'interrupted' when a later
 * page load finds it left over from a page that is gone (reconcile.ts).
 */
import type { TrainerConfig } from '../../experiment/config';
import type { NetworkResult } from '../../engine/readings';
import type { EpochSummary, LayerRowClasses } from '../../workers/protocol';
import { MAIN_WORKER, NOT_PAUSED, type NetworkRun, type PinnedFrom, type Retarget } from '../runs/runRecord';
import { historyOfSaved, savedStepsOf, type SavedSteps } from './savedSteps';

export type SavedStatus = 'queued' | 'running' | 'finished' | 'failed' | 'interrupted';

export interface SavedRun {
  id: string;
  ordinal: number;
  config: TrainerConfig;
  status: SavedStatus;
  /** The page session that ran it: a 'running' record whose session is gone was interrupted. */
  session: string;
  /** Wall-clock times (ms since 1970). */
  startedAt: number;
  endedAt: number | null;
  backend: string | null;
  totalSteps: number | null;
  sparse: boolean;
  stepCount: number;
  result: NetworkResult | null;
  layers: LayerRowClasses[] | null;
  kernels: { bytes: number; kept: boolean } | null;
  epochs: EpochSummary[];
  steps: SavedSteps;
  notes: string[];
  /** Why a failed run failed (null otherwise; records written before failed runs were kept have none). */
  error: string | null;
  /** Every change of the run's preference while it trained (runs saved before they were recorded have none). */
  retargets: Retarget[];
  /** A point pinned off a Pareto set model: which run's model (absent for every other run). */
  pin?: PinnedFrom;
}

/** The longest cause of failure a saved run keeps (files and stored records refuse longer ones). */
export const MAX_SAVED_ERROR = 1000;

export function savedRunOf(run: NetworkRun, status: SavedStatus, session: string, startedAt: number, endedAt: number | null): SavedRun {
  return {
    id: run.id,
    ordinal: run.ordinal,
    config: run.config,
    status,
    session,
    startedAt,
    endedAt,
    backend: run.backend,
    totalSteps: run.totalSteps,
    sparse: run.sparse,
    stepCount: run.stepCount,
    result: run.result,
    layers: run.layers,
    kernels: run.kernels,
    epochs: run.epochs,
    steps: savedStepsOf(run.steps),
    notes: run.notes,
    // At most what a file or a stored record may hold (savedRunSchema): a long stack trace would make the run unreadable.
    error: status === 'failed' && run.error !== null ? run.error.slice(0, MAX_SAVED_ERROR) : null,
    retargets: run.retargets,
    ...(run.pin ? { pin: run.pin } : {}),
  };
}

const INTERRUPTED = 'the page was closed or reloaded while it ran';

/**
 * The explorer's record of a saved run: queued (for the main worker), finished, failed with its cause, or interrupted
 * (a 'running' record shows as interrupted). `timeOrigin` (performance.timeOrigin) turns the saved wall-clock times into the page's
 * performance.now() scale.
 */
export function runRecordOf(saved: SavedRun, timeOrigin = 0): NetworkRun {
  const state = saved.status === 'finished' || saved.status === 'failed' || saved.status === 'queued' ? saved.status : 'interrupted';
  const interrupted = state === 'failed' || state === 'interrupted';
  return {
    id: saved.id,
    owner: 'explorer',
    paused: NOT_PAUSED,
    worker: state === 'queued' ? MAIN_WORKER : null,
    ordinal: saved.ordinal,
    config: saved.config,
    state,
    totalSteps: saved.totalSteps,
    sparse: saved.sparse,
    backend: saved.backend,
    stepCount: saved.stepCount,
    steps: historyOfSaved(saved.steps),
    epochs: saved.epochs,
    notes: saved.notes,
    result: interrupted ? null : saved.result,
    layers: interrupted ? null : saved.layers,
    kernels: saved.kernels,
    error: state === 'failed' ? (saved.error ?? 'failed') : state === 'interrupted' ? INTERRUPTED : null,
    retargets: saved.retargets,
    pin: saved.pin ?? null,
    // A queued run has not started: its record's startedAt is when it was queued.
    startedAt: state === 'queued' ? null : saved.startedAt - timeOrigin,
    endedAt: saved.endedAt === null ? null : saved.endedAt - timeOrigin,
    working: null,
  };
}
