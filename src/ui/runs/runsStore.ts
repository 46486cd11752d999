/** The run store: the state of runsState.ts in a zustand store, its reducers bound as actions. */
import { create } from 'zustand';
import type { WorkerMessage } from '../../workers/protocol';
import type { RunOwner, RunRecord } from './runRecord';
import { addExactFront, addRuns, applyMessages, emptyRuns, failRuns, failWorkerRuns, keepEarlierOrdinal, keepStoredOrdinal, removeRuns, restoreRuns, stopRuns, type RunsState } from './runsState';

export interface RunsActions {
  add(runs: readonly RunRecord[]): void;
  /** A batch of messages from the named worker. */
  applyMessages(worker: string, messages: readonly WorkerMessage[]): void;
  /** Runs that could not be handed to a worker fail with `cause`. */
  fail(ids: readonly string[], cause: string): void;
  /** The named worker died: its unfinished runs fail with `cause` (those still queued wait on, with `keepQueue`). */
  failWorker(worker: string, cause: string, keepQueue?: boolean): void;
  /** Runs taken out of a queue before they started. */
  stop(ids: readonly string[]): void;
  /** Forgets runs; `retire`: their numbers are not given again (runsState.ts removeRuns). */
  remove(ids: Iterable<string>, retire?: boolean): void;
  /** Runs restored from the browser's storage or an imported file. */
  restore(runs: readonly RunRecord[]): void;
  /** A teaching problem instance's exact front, by its problem key. */
  addExactFront(problem: string, front: number[][]): void;
  /** The highest number the owner's saved records this version cannot read hold (runsState.ts storedOrdinals). */
  keepStoredOrdinal(owner: RunOwner, ordinal: number): void;
  /** The highest number the owner's runs had in this browser before this page (runsState.ts earlierOrdinals). */
  keepEarlierOrdinal(owner: RunOwner, ordinal: number): void;
}

export type RunsStore = RunsState & RunsActions;

export const useRunsStore = create<RunsStore>()((set) => ({
  ...emptyRuns(),
  add: (runs) => set((s) => addRuns(s, runs)),
  applyMessages: (worker, messages) => set((s) => applyMessages(s, worker, messages, performance.now())),
  fail: (ids, cause) => set((s) => failRuns(s, ids, cause, performance.now())),
  failWorker: (worker, cause, keepQueue) => set((s) => failWorkerRuns(s, worker, cause, performance.now(), keepQueue)),
  stop: (ids) => set((s) => stopRuns(s, ids, performance.now())),
  remove: (ids, retire) => set((s) => removeRuns(s, ids, retire)),
  restore: (runs) => set((s) => restoreRuns(s, runs)),
  addExactFront: (problem, front) => set((s) => addExactFront(s, problem, front)),
  keepStoredOrdinal: (owner, ordinal) => set((s) => keepStoredOrdinal(s, owner, ordinal)),
  keepEarlierOrdinal: (owner, ordinal) => set((s) => keepEarlierOrdinal(s, owner, ordinal)),
}));
