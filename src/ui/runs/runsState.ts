/**
 * Every run of the page, whoever owns it, keyed by id in a Map (an id such as `constructor`, `__proto__` or
 * `toString` is an ordinary key, never a lookup into the object prototype), with what each worker's run loop last
 * reported and the exact fronts teaching runs brought; and the pure reducers that change them (runsStore.ts binds
 * them to a zustand store). The explorer, the teaching lab and sweeps read and write runs only through these.
 */
import type { RunRequest, WorkerMessage } from '../../workers/protocol';
import { advanceRun, failRun, messageRunIds, type WorkerLoop } from './runLifecycle';
import { isEnded, requestOf, type RunOwner, type RunRecord } from './runRecord';

export interface RunsState {
  /** Every run by id, in creation order (runs restored from storage or a file first). */
  byId: ReadonlyMap<string, RunRecord>;
  /** What each worker's loop last reported, by worker name ('main', 'helper-1', …). */
  workers: ReadonlyMap<string, WorkerLoop>;
  /**
   * Exact fronts of teaching problem instances by problem key: asked of the worker when the lab shows an instance
   * (or from the first of its runs to finish, if that came first); kept when the runs are cleared.
   */
  exactFronts: ReadonlyMap<string, number[][]>;
  /**
   * The highest number of each owner's runs deleted one by one in this page (the run list's Delete): a number the user
   * saw deleted is not given to another run while the owner has runs on screen.
   */
  deletedOrdinals: ReadonlyMap<RunOwner, number>;
  /**
   * The highest number held by each owner's saved records this version cannot read (left in storage, named in a
   * notice): not given to a new run while they are stored, so that the notice's "run 2" names no run on screen.
   */
  storedOrdinals: ReadonlyMap<RunOwner, number>;
  /**
   * The highest number each owner's runs had in this browser before this page was loaded (issuedOrdinal.ts keeps the
   * explorer's across reloads): a run stopped or deleted left no saved record, and its number, seen in a notice or a
   * label, is not given to another run after a reload. Forgotten, as deletedOrdinals, when the owner has no run left.
   */
  earlierOrdinals: ReadonlyMap<RunOwner, number>;
}

export function emptyRuns(): RunsState {
  return { byId: new Map(), workers: new Map(), exactFronts: new Map(), deletedOrdinals: new Map(), storedOrdinals: new Map(), earlierOrdinals: new Map() };
}

/** What numbering a new run reads. */
export type RunNumbers = Pick<RunsState, 'byId' | 'deletedOrdinals' | 'storedOrdinals' | 'earlierOrdinals'>;

/**
 * One more than the largest number of the owner's runs (restored runs keep theirs), of the models their pins name,
 * of the runs deleted in this page, of the saved records that cannot be read and of the runs of this browser before
 * this page: "run 5" never names two runs on one screen (a pin of a deleted model says its number still), nor, after a
 * reload, a run stopped before it.
 */
export function nextOrdinal(state: RunNumbers, owner: RunOwner): number {
  let max = Math.max(state.deletedOrdinals.get(owner) ?? 0, state.storedOrdinals.get(owner) ?? 0, state.earlierOrdinals.get(owner) ?? 0);
  for (const run of state.byId.values()) if (run.owner === owner) max = Math.max(max, run.ordinal, run.pin?.ordinal ?? 0);
  return max + 1;
}

/** Adds new runs after the others (a run whose id is taken is left out: ids are unique). */
export function addRuns(state: RunsState, runs: readonly RunRecord[]): RunsState {
  const byId = new Map(state.byId);
  for (const run of runs) if (!byId.has(run.id)) byId.set(run.id, run);
  return byId.size === state.byId.size ? state : { ...state, byId };
}

/** Applies a batch of one worker's messages in order (one copy of the maps per batch, not per message). */
export function applyMessages(state: RunsState, worker: string, messages: readonly WorkerMessage[], now: number): RunsState {
  let byId: Map<string, RunRecord> | null = null;
  let workers: Map<string, WorkerLoop> | null = null;
  let fronts: Map<string, number[][]> | null = null;
  for (const msg of messages) {
    if (msg.kind === 'state') {
      workers ??= new Map(state.workers);
      workers.set(worker, { state: msg.state, runIds: msg.runIds, queued: msg.queued, processing: msg.processing });
    }
    for (const id of messageRunIds(msg)) {
      const run = (byId ?? state.byId).get(id);
      if (!run) continue;
      const next = advanceRun(run, msg, now);
      if (next === run) continue;
      byId ??= new Map(state.byId);
      byId.set(run.id, next);
      if (msg.kind !== 'run-finished' || next.owner !== 'teaching') continue;
      const front = msg.result.kind === 'teaching' ? msg.result.exactFront : undefined;
      if (front && !(fronts ?? state.exactFronts).has(next.problem)) {
        fronts ??= new Map(state.exactFronts);
        fronts.set(next.problem, front);
      }
    }
  }
  if (!byId && !workers) return state;
  return { ...state, byId: byId ?? state.byId, workers: workers ?? state.workers, exactFronts: fronts ?? state.exactFronts };
}

/** The exact front of a teaching problem instance (the first one known is kept: they are the same). */
export function addExactFront(state: RunsState, problem: string, front: number[][]): RunsState {
  if (state.exactFronts.has(problem)) return state;
  return { ...state, exactFronts: new Map(state.exactFronts).set(problem, front) };
}

/** These runs fail with `cause` (they could not be handed to a worker); ended ones stay as they are. */
export function failRuns(state: RunsState, ids: Iterable<string>, cause: string, now: number): RunsState {
  return changeRuns(state, ids, (run) => failRun(run, cause, now));
}

/**
 * The worker died: every run it had taken (loading, training, finishing) fails with `cause`. Runs still waiting in
 * its queue fail too, unless `keepQueue`: then they stay queued, in order, in its loop (idle; `processing` as it was,
 * unless it was paused) for the worker started in its place (`waitingQueue`). Without it the loop reads idle.
 */
export function failWorkerRuns(state: RunsState, worker: string, cause: string, now: number, keepQueue = false): RunsState {
  const handed = [...state.byId.values()].filter((r) => r.worker === worker && !isEnded(r));
  const loop = state.workers.get(worker);
  const waiting = keepQueue ? queueOrder(handed.filter((r) => r.state === 'queued'), loop?.queued ?? []) : [];
  const workers = new Map(state.workers);
  const processing = (loop?.processing ?? false) && loop?.state !== 'paused';
  if (waiting.length > 0) workers.set(worker, { state: 'idle', runIds: [], queued: waiting.map((r) => r.id), processing });
  else workers.delete(worker);
  const failed = handed.filter((r) => !waiting.includes(r)).map((r) => r.id);
  return { ...failRuns(state, failed, cause, now), workers };
}

/** The runs in the order of the worker's queue; runs it had not reported yet (their enqueue was in flight) after. */
function queueOrder(runs: readonly RunRecord[], queued: readonly string[]): RunRecord[] {
  const at = (r: RunRecord) => {
    const i = queued.indexOf(r.id);
    return i < 0 ? queued.length : i;
  };
  return runs.map((r, i) => ({ r, i })).sort((a, b) => at(a.r) - at(b.r) || a.i - b.i).map(({ r }) => r);
}

/**
 * What waits for a dead worker (failWorkerRuns with `keepQueue`): every queued run given to it, as requests, in its
 * queue's order (runs given to it after it died, restored from storage, after); and whether its queue was being
 * processed. Only for a worker that is gone: a live worker holds its queue itself.
 */
export function waitingQueue(state: RunsState, worker: string): { requests: RunRequest[]; processing: boolean } {
  const loop = state.workers.get(worker);
  const waiting = [...state.byId.values()].filter((r) => r.worker === worker && r.state === 'queued');
  return { requests: queueOrder(waiting, loop?.queued ?? []).map(requestOf), processing: loop?.processing ?? false };
}

/** Marks these runs stopped (taken out of a queue before they started); ended ones stay as they are. */
export function stopRuns(state: RunsState, ids: Iterable<string>, now: number): RunsState {
  return changeRuns(state, ids, (run) => advanceRun(run, { kind: 'run-stopped', runId: run.id }, now));
}

function changeRuns(state: RunsState, ids: Iterable<string>, change: (run: RunRecord) => RunRecord): RunsState {
  let byId: Map<string, RunRecord> | null = null;
  for (const id of ids) {
    const run = (byId ?? state.byId).get(id);
    const next = run && change(run);
    if (!next || next === run) continue;
    byId ??= new Map(state.byId);
    byId.set(id, next);
  }
  return byId ? { ...state, byId } : state;
}

/**
 * Forgets these runs; `retire`: their numbers are not given again while their owner has runs (Delete of a run the user
 * saw; a sweep that replaces its runs, a Reset, Clear results number afresh). An owner left without runs numbers from 1
 * (its numbers of before this page forgotten too).
 */
export function removeRuns(state: RunsState, ids: Iterable<string>, retire = false): RunsState {
  const byId = new Map(state.byId);
  const deletedOrdinals = new Map(state.deletedOrdinals);
  const owners = new Set<RunOwner>();
  for (const id of ids) {
    const run = byId.get(id);
    if (!run) continue;
    byId.delete(id);
    owners.add(run.owner);
    if (retire) deletedOrdinals.set(run.owner, Math.max(deletedOrdinals.get(run.owner) ?? 0, run.ordinal));
  }
  if (owners.size === 0) return state;
  // Only the owners this removal emptied: an explorer with no run yet after a reload keeps its numbers of before
  // (removing a lab run forgot them, and the next explorer run took a stopped run's number again).
  const earlierOrdinals = new Map(state.earlierOrdinals);
  for (const owner of owners) {
    if ([...byId.values()].some((r) => r.owner === owner)) continue;
    deletedOrdinals.delete(owner);
    earlierOrdinals.delete(owner);
  }
  return { ...state, byId, deletedOrdinals, earlierOrdinals };
}

/**
 * Adds runs restored from the browser's storage (or an imported file) before the runs already here; the runs of
 * the same owner created in this session are renumbered after them where their numbers reach down to the restored
 * ones' (numbered after the runs of before this page, they do not). Runs whose id is already present are skipped.
 */
export function restoreRuns(state: RunsState, runs: readonly RunRecord[]): RunsState {
  const fresh = runs.filter((r) => !state.byId.has(r.id)).sort((a, b) => a.ordinal - b.ordinal);
  if (fresh.length === 0) return state;
  const highest = new Map<RunOwner, number>();
  for (const r of fresh) highest.set(r.owner, Math.max(highest.get(r.owner) ?? 0, r.ordinal));
  const lowestHere = new Map<RunOwner, number>();
  for (const r of state.byId.values()) lowestHere.set(r.owner, Math.min(lowestHere.get(r.owner) ?? Infinity, r.ordinal));
  const shift = new Map([...highest].map(([owner, top]) => [owner, Math.max(0, top - ((lowestHere.get(owner) ?? Infinity) - 1))]));
  const byId = new Map<string, RunRecord>();
  for (const r of fresh) if (!byId.has(r.id)) byId.set(r.id, r);
  for (const r of state.byId.values()) byId.set(r.id, shift.get(r.owner) ? { ...r, ordinal: r.ordinal + (shift.get(r.owner) ?? 0) } : r);
  return { ...state, byId };
}

/** `state` with an owner's number kept in one of its maps of numbers not to give again (0: none, removed). */
function keepOrdinal(state: RunsState, field: 'storedOrdinals' | 'earlierOrdinals', owner: RunOwner, ordinal: number): RunsState {
  if ((state[field].get(owner) ?? 0) === ordinal) return state;
  const kept = new Map(state[field]);
  if (ordinal > 0) kept.set(owner, ordinal);
  else kept.delete(owner);
  return { ...state, [field]: kept };
}

/** The highest number the owner's unreadable saved records hold (0: none left). */
export const keepStoredOrdinal = (state: RunsState, owner: RunOwner, ordinal: number): RunsState => keepOrdinal(state, 'storedOrdinals', owner, ordinal);

/** The highest number the owner's runs had in this browser before this page (0: none, or forgotten). */
export const keepEarlierOrdinal = (state: RunsState, owner: RunOwner, ordinal: number): RunsState => keepOrdinal(state, 'earlierOrdinals', owner, ordinal);
