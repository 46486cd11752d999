/**
 * Selections of the run store for the views: the runs one owner started, one run of an owner by id, a worker's
 * loop. `ownedRuns` keeps its answer the same array while none of the owner's runs changed, so readings of the
 * teaching lab's runs do not re-render the explorer (and the other way round). Pure apart from that memo.
 */
import { IDLE_LOOP, type WorkerLoop } from './runLifecycle';
import { isEnded, MAIN_WORKER, type RunOf, type RunOwner, type RunRecord } from './runRecord';
import type { RunsState } from './runsState';

const ownedMemo = new Map<RunOwner, { byId: RunsState['byId']; runs: readonly RunRecord[] }>();

/** The owner's runs in creation order. */
export function ownedRuns<O extends RunOwner>(state: Pick<RunsState, 'byId'>, owner: O): readonly RunOf<O>[] {
  const memo = ownedMemo.get(owner);
  if (memo?.byId === state.byId) return memo.runs as readonly RunOf<O>[];
  const runs = [...state.byId.values()].filter((r): r is RunOf<O> => r.owner === owner);
  const same = memo !== undefined && memo.runs.length === runs.length && memo.runs.every((r, i) => r === runs[i]);
  const kept = same ? (memo.runs as readonly RunOf<O>[]) : runs;
  ownedMemo.set(owner, { byId: state.byId, runs: kept });
  return kept;
}

/** The owner's run with this id (undefined for an unknown id or another owner's run). */
export function ownRun<O extends RunOwner>(state: Pick<RunsState, 'byId'>, owner: O, id: string | null): RunOf<O> | undefined {
  const run = id === null ? undefined : state.byId.get(id);
  return run?.owner === owner ? (run as RunOf<O>) : undefined;
}

/** What the worker's loop last reported (idle before its first report, and after it died). */
export function workerLoop(state: Pick<RunsState, 'workers'>, worker: string = MAIN_WORKER): WorkerLoop {
  return state.workers.get(worker) ?? IDLE_LOOP;
}

/** Runs handed to the worker that have not ended, in creation order. */
export function unendedOn(state: Pick<RunsState, 'byId'>, worker: string): RunRecord[] {
  return [...state.byId.values()].filter((r) => r.worker === worker && !isEnded(r));
}
