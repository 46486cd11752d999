/**
 * A run as it is kept in the browser (IndexedDB) and written to an exported file: its config, final metrics,
 * row classes, epoch summaries and a downsampled history of step readings. Kernels are kept apart (they are
 * large and only read for a weights download). Pure.
 *
 * `status` 'running' is the record written when a run starts; it becomes 'finished' when the result arrives,
 * or 'interrupted' when a later page load finds it left over from a page that is gone (reconcile.ts).
 */
import type { TrainerConfig } from '../../experiment/config';
import type { FinalResult } from '../../engine/readings';
import type { EpochSummary, LayerRowClasses } from '../../workers/protocol';
import { stepLayout } from '../../workers/stepPacking';
import type { RunRecord } from '../explorer/explorerState';
import type { StepHistory } from '../explorer/stepHistory';

export type SavedStatus = 'running' | 'finished' | 'interrupted';

/** Step readings kept per saved run (evenly thinned, the last one always kept). */
export const SAVED_STEP_ROWS = 200;

export interface SavedSteps {
  /** Objectives per reading (the layout of workers/stepPacking.ts). */
  m: number;
  count: number;
  /** count × stepLayout(m).stride values. */
  data: Float64Array;
}

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
  result: FinalResult | null;
  layers: LayerRowClasses[] | null;
  kernels: { bytes: number; kept: boolean } | null;
  epochs: EpochSummary[];
  steps: SavedSteps;
  notes: string[];
}

/** At most `rows` readings of a history, evenly spaced, always including the newest. */
export function downsampleSteps(history: StepHistory, rows = SAVED_STEP_ROWS): SavedSteps {
  const { stride, m } = history;
  const all: Float64Array[] = [];
  for (let i = 0; i < history.count; i++) all.push(history.data.subarray(i * stride, (i + 1) * stride));
  if (history.last && (all.length === 0 || all[all.length - 1][0] !== history.last[0])) all.push(history.last);
  let kept = all;
  if (all.length > rows) {
    kept = [];
    for (let j = 0; j < rows; j++) kept.push(all[Math.round((j * (all.length - 1)) / (rows - 1))]);
  }
  const data = new Float64Array(kept.length * stride);
  kept.forEach((r, i) => data.set(r, i * stride));
  return { m, count: kept.length, data };
}

export function historyOf(steps: SavedSteps): StepHistory {
  const stride = stepLayout(steps.m).stride;
  const last = steps.count > 0 ? steps.data.slice((steps.count - 1) * stride, steps.count * stride) : null;
  return { m: steps.m, stride, data: steps.data, count: steps.count, keepEvery: 1, seen: steps.count, last };
}

export function savedRunOf(run: RunRecord, status: SavedStatus, session: string, startedAt: number, endedAt: number | null): SavedRun {
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
    steps: downsampleSteps(run.steps),
    notes: run.notes,
  };
}

/**
 * The explorer's record of a saved run: finished, or interrupted (a 'running' record shows as interrupted).
 * `timeOrigin` (performance.timeOrigin) turns the saved wall-clock times into the page's performance.now() scale.
 */
export function runRecordOf(saved: SavedRun, timeOrigin = 0): RunRecord {
  const interrupted = saved.status !== 'finished';
  return {
    id: saved.id,
    ordinal: saved.ordinal,
    config: saved.config,
    state: interrupted ? 'interrupted' : 'finished',
    totalSteps: saved.totalSteps,
    sparse: saved.sparse,
    backend: saved.backend,
    stepCount: saved.stepCount,
    steps: historyOf(saved.steps),
    epochs: saved.epochs,
    notes: saved.notes,
    result: interrupted ? null : saved.result,
    layers: interrupted ? null : saved.layers,
    kernels: saved.kernels,
    error: interrupted ? 'interrupted: the page was closed or reloaded while it ran' : null,
    startedAt: saved.startedAt - timeOrigin,
    endedAt: saved.endedAt === null ? null : saved.endedAt - timeOrigin,
  };
}
