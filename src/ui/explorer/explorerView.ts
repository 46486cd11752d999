/**
 * What the explorer's views read: its own state joined with the runs it owns (network runs, in creation order)
 * and the main worker's loop, from the run store; the selections on it (the active, focused and selected runs);
 * and the explorer's writes to the run store (a new run, clearing results). Pure, apart from the hook.
 */
import type { TrainerConfig } from '../../experiment/config';
import type { WorkerLoop } from '../runs/runLifecycle';
import { isEnded, MAIN_WORKER, newNetworkRun, type NetworkRun } from '../runs/runRecord';
import { nextOrdinal, removeRuns, type RunsState } from '../runs/runsState';
import { ownedRuns, workerLoop } from '../runs/runViews';
import { useRunsView } from '../runs/useRunsView';
import { afterClear, type ExplorerState } from './explorerState';
import { useExplorerStore } from './explorerStore';

export type ExplorerView = ExplorerState & {
  /** The explorer's runs, in creation order. */
  runs: readonly NetworkRun[];
  /** The main worker's loop (it may be busy with a teaching run: see activeRun). */
  loop: WorkerLoop;
};

let memo: { runs: readonly NetworkRun[]; loop: WorkerLoop; explorer: ExplorerState; view: ExplorerView } | null = null;

/** The same object while the explorer's runs, the loop and the explorer's state are the same. */
export function explorerView(runsState: Pick<RunsState, 'byId' | 'workers'>, explorer: ExplorerState): ExplorerView {
  const runs = ownedRuns(runsState, 'explorer');
  const loop = workerLoop(runsState, MAIN_WORKER);
  if (memo && memo.runs === runs && memo.loop === loop && memo.explorer === explorer) return memo.view;
  const view = { ...explorer, runs, loop };
  memo = { runs, loop, explorer, view };
  return view;
}

/** A zustand-style selector hook over the explorer's view. */
export function useExplorerView<T>(selector: (view: ExplorerView) => T): T {
  return useRunsView(useExplorerStore, explorerView, selector);
}

/** True while a run is loaded in the main worker (running, paused, loading or finishing). */
export function isActive(view: Pick<ExplorerView, 'loop'>): boolean {
  return view.loop.state !== 'idle';
}

export function runById(view: Pick<ExplorerView, 'runs'>, id: string | null): NetworkRun | null {
  return id === null ? null : (view.runs.find((r) => r.id === id) ?? null);
}

/**
 * The explorer's run the main worker is busy with (null when idle or busy with a teaching run); of several runs
 * trained at once, the selected one, else the first.
 */
export function activeRun(view: Pick<ExplorerView, 'runs' | 'loop'> & { selectedRunId?: string | null }): NetworkRun | null {
  const { runIds } = view.loop;
  const selected = view.selectedRunId ?? null;
  return runById(view, selected !== null && runIds.includes(selected) ? selected : (runIds[0] ?? null));
}

/** The first of the loaded runs with work under way between steps (runs trained at once cluster one after another). */
export function workingRun(view: Pick<ExplorerView, 'runs' | 'loop'>): NetworkRun | null {
  for (const id of view.loop.runIds) {
    const run = runById(view, id);
    if (run?.working) return run;
  }
  return null;
}

/**
 * The run that ended last (by when it ended), for the progress line between runs and the queue's ETA; null before any.
 * A point pinned off a model trained nothing: no run that ended ("run 7 finished at step 0").
 */
export function lastEndedRun(view: Pick<ExplorerView, 'runs'>): NetworkRun | null {
  let last: NetworkRun | null = null;
  for (const run of view.runs) if (isEnded(run) && !run.pin && (last === null || (run.endedAt ?? 0) >= (last.endedAt ?? 0))) last = run;
  return last;
}

/**
 * The run the live readings show: the selected one, else the active one, else the newest that has readings (a queued
 * run has none yet: after a reload its empty charts hid the run that had trained), else the newest. A point
 * pinned off a Pareto set model trained nothing: the model's run stands for it (its readings are the ones the point
 * came from).
 */
export function focusedRun(view: Pick<ExplorerView, 'runs' | 'loop' | 'selectedRunId'>): NetworkRun | null {
  let newest: NetworkRun | undefined;
  let newestStarted: NetworkRun | undefined;
  for (let i = view.runs.length - 1; i >= 0 && !newestStarted; i--) {
    const run = view.runs[i];
    if (run.pin) continue;
    newest ??= run;
    if (run.state === 'finished' || run.stepCount > 0) newestStarted = run;
  }
  const run = runById(view, view.selectedRunId ?? view.loop.runIds[0] ?? (newestStarted ?? newest)?.id ?? null);
  return run?.pin ? (runById(view, run.pin.run) ?? run) : run;
}

/** Queued network runs of the explorer for the main worker, numbered after its other runs. */
export function newExplorerRuns(runs: RunsState, requests: readonly { id: string; config: TrainerConfig }[]): NetworkRun[] {
  const first = nextOrdinal(runs, 'explorer');
  return requests.map((r, i) => newNetworkRun(r.id, first + i, r.config, MAIN_WORKER));
}

let queuedMemo: { runs: readonly NetworkRun[]; queued: readonly string[]; value: NetworkRun[] } | null = null;
/** The explorer's runs waiting in the main worker's queue, in its order (the same array while nothing changed). */
export function queuedExplorerRuns(view: Pick<ExplorerView, 'runs' | 'loop'>): NetworkRun[] {
  if (queuedMemo && queuedMemo.runs === view.runs && queuedMemo.queued === view.loop.queued) return queuedMemo.value;
  const byId = new Map(view.runs.map((r) => [r.id, r]));
  const value = view.loop.queued.flatMap((id) => byId.get(id) ?? []);
  queuedMemo = { runs: view.runs, queued: view.loop.queued, value };
  return value;
}

/**
 * Forgets the explorer's finished, failed, stopped and interrupted runs (active and queued ones stay); with `only`,
 * those of them in it (the runs that had ended when a clear of the saved runs began: one that ended since is saved).
 */
export function clearResults(runs: RunsState, explorer: ExplorerState, only?: ReadonlySet<string>): { runs: RunsState; explorer: ExplorerState } {
  const mine = ownedRuns(runs, 'explorer');
  const forgotten = mine.filter((r) => isEnded(r) && (!only || only.has(r.id))).map((r) => r.id);
  const remaining = new Set(mine.map((r) => r.id).filter((id) => !forgotten.includes(id)));
  return { runs: removeRuns(runs, forgotten), explorer: afterClear(explorer, remaining) };
}
