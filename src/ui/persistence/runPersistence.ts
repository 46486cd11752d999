/**
 * Saves runs as the worker reports them: a 'queued' record when a run joins the worker's queue, a 'running' record
 * when it starts (refreshed at each epoch), the finished run with its kernels when it ends, the failed run with its
 * cause; a stopped run's record is deleted. On load it restores the saved runs, marks those left over from a closed
 * page as interrupted, and hands back the runs that were waiting in its queue. Writes happen one after the other, in the
 * order of the messages. Every storage error (a full quota above all) becomes a notice naming the run; none is
 * swallowed. No DOM or React here: the store, the clock and the notice sink are passed in (tested with
 * fake-indexeddb).
 */
import type { KernelData, WorkerMessage } from '../../workers/protocol';
import { readStoredKernels } from './storedKernels';
import { preferenceText, type NetworkRun } from '../runs/runRecord';
import type { Notice } from '../store';
import { readSavedRecord, type StoredRecord } from './savedRecord';
import { reconcile, renumberedLines, type Reconciled } from './reconcile';
import type { RunStore } from './runStore';
import { failureKey, storageErrorText } from './storageError';
import { runRecordOf, savedRunOf, type SavedRun } from './savedRun';

export interface PersistenceDeps {
  store: Promise<RunStore>;
  /** This page's session id (see reconcile.ts). */
  session: string;
  /** Shows a notice; returns its id where the notices have ids (to dismiss it with `dismiss` once it is no longer true). */
  notify(notice: Omit<Notice, 'id'>): number | void;
  dismiss?(id: number): void;
  /** The highest number the saved records this version cannot read hold (0: none), on load and after a clear (runsState.ts storedOrdinals). */
  storedOrdinal?(ordinal: number): void;
  /** The explorer's current record of a run. */
  getRun(id: string): NetworkRun | undefined;
  /** Wall-clock ms. */
  now(): number;
  /** performance.timeOrigin (0 in tests): restored runs' times on the page's performance.now() scale. */
  timeOrigin?: number;
  /** Called after a clear of a store that outlives the page: the other tabs are told (storageChannel.ts). */
  cleared?(): void;
  /** Called with the ids of runs deleted from a store that outlives the page: the other tabs are told. */
  deleted?(ids: string[]): void;
}

/** A stored record's run number, whatever else it holds (0 where it has none to read). */
const storedNumber = (record: StoredRecord): number => (typeof record.ordinal === 'number' && Number.isFinite(record.ordinal) ? record.ordinal : 0);

/** How often the record of a running run is refreshed with its progress (ms). */
export const RUNNING_REFRESH_MS = 2000;

export class RunPersistence {
  private readonly deps: PersistenceDeps;
  private chain: Promise<void> = Promise.resolve();
  private readonly startedAt = new Map<string, number>();
  /** Runs whose save already failed and was reported (their later saves fail quietly into the same notice). */
  private readonly reported = new Set<string>();
  /** The notice naming the records this version cannot read (dismissed once Clear saved runs deleted them). */
  private unreadableNotice: number | null = null;
  /** When each running run's record was last written (its progress is refreshed at most every RUNNING_REFRESH_MS). */
  private readonly lastRunningWrite = new Map<string, number>();
  /** Runs whose 'queued' record is written (and when they were queued), until they start or end. */
  private readonly queuedAt = new Map<string, number>();

  constructor(deps: PersistenceDeps) {
    this.deps = deps;
  }

  /** Resolves to whether saved runs outlive the page (false: kept in memory only). */
  async persistent(): Promise<boolean> {
    try {
      return (await this.deps.store).persistent;
    } catch {
      return false;
    }
  }

  /** Runs `op` after the writes before it; reports its failure as `what`. Resolves to whether it worked. */
  private enqueue(key: string, what: string | (() => string), op: (store: RunStore) => Promise<void>): Promise<boolean> {
    const next = this.chain.then(async () => {
      try {
        await op(await this.deps.store);
        return true;
      } catch (err) {
        const reportedAs = failureKey(err, key);
        if (this.reported.has(reportedAs)) return false;
        this.reported.add(reportedAs);
        this.deps.notify({ source: 'storage', level: 'error', message: storageErrorText(typeof what === 'string' ? what : what(), err) });
        return false;
      }
    });
    this.chain = next.then(() => undefined);
    return next;
  }

  /** Resolves when every write so far has settled. */
  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * Reads the saved runs for display; left-over 'running' records of sessions not in `liveSessions` are marked
   * interrupted (written back, and returned so the caller can say so); queued runs of a page that is gone become this
   * page's (written back; `requeued`, for the caller to queue again, in their order). The write-back is part of the
   * read, so that no write of this page comes between them. The runs read are shown even where a write-back fails (a
   * full quota): that failure is a notice of its own, and the next load writes them again — but a queued run whose
   * adoption was not written is left for that load (another page would adopt it too, and it would train twice).
   */
  async restore(liveSessions: ReadonlySet<string>): Promise<{ runs: NetworkRun[]; interrupted: SavedRun[]; requeued: NetworkRun[] }> {
    // `left`: the queued runs of a closed page whose adoption was not written (left for a later load).
    let read = null as (Reconciled & { left: ReadonlySet<string> }) | null;
    await this.enqueue('restore', 'The saved runs could not be read', async (store) => {
      const readable = this.readable(await store.allRuns());
      const reconciled = reconcile(readable, liveSessions, this.deps.now(), this.deps.session);
      const { interrupted, requeued, renumbered } = reconciled;
      this.sayRenumbered(readable, renumbered);
      const changed = [...new Map([...interrupted, ...requeued, ...renumbered].map((r) => [r.id, r])).values()];
      // Each write on its own: one refused does not keep the others from trying.
      const written = await Promise.allSettled(changed.map((run) => store.putRun(run)));
      const unwritten = new Set(changed.filter((_, i) => written[i].status === 'rejected').map((r) => r.id));
      const left = new Set(requeued.filter((r) => unwritten.has(r.id)).map((r) => r.id));
      read = { ...reconciled, left };
      const failure = written.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) this.restoreWriteFailed(failure.reason, left.size);
    });
    if (read === null) return { runs: [], interrupted: [], requeued: [] };
    const { restore, interrupted, left } = read;
    const requeued = read.requeued.filter((r) => !left.has(r.id));
    for (const run of requeued) this.queuedAt.set(run.id, run.startedAt);
    // readSavedRecord rebuilt each record's readings once already: these cannot throw.
    const runs = restore.filter((r) => !left.has(r.id)).map((r) => runRecordOf(r, this.deps.timeOrigin ?? 0));
    const waiting = new Set(requeued.map((r) => r.id));
    return { runs, interrupted, requeued: runs.filter((r) => waiting.has(r.id)) };
  }

  /** A write-back of the restore failed: said once, apart from the read (which worked: the runs are shown). */
  private restoreWriteFailed(err: unknown, leftQueued: number): void {
    if (this.reported.has(failureKey(err, 'restore-write'))) return;
    this.reported.add(failureKey(err, 'restore-write'));
    const left = leftQueued === 0 ? '' : ` (${leftQueued === 1 ? 'a run that waited in a closed page\'s queue is' : `${leftQueued} runs that waited in a closed page's queue are`} left for a later load)`;
    const what = `The saved runs are shown, but what changed about them on this load (runs marked interrupted, queued again or renumbered) could not be saved${left}`;
    this.deps.notify({ source: 'storage', level: 'error', message: storageErrorText(what, err) });
  }

  /**
   * Two tabs that gave one number to runs of their own: the older run keeps it and the other takes the next free one,
   * said (a user who noted "run 2 is the good one" would otherwise find another run 2).
   */
  private sayRenumbered(before: readonly SavedRun[], renumbered: readonly SavedRun[]): void {
    const details = renumberedLines(before, renumbered, (r, was) => `run ${was} (${preferenceText({ config: r.config, retargets: r.retargets })})`);
    if (details.length === 0) return;
    this.deps.notify({ source: 'storage', level: 'info', message: 'Runs of two tabs had the same number: the older run keeps it, the other was numbered anew.', details });
  }

  /** The records in today's shape (savedRecord.ts); one that cannot be read is left in storage and named in a notice. */
  private readable(records: readonly StoredRecord[]): SavedRun[] {
    const unreadable: string[] = [];
    let highest = 0;
    const readable = records.flatMap((record) => {
      const read = readSavedRecord(record);
      if (!read.ok) highest = Math.max(highest, storedNumber(record));
      if (read.ok) return [read.run];
      unreadable.push(`${typeof record.ordinal === 'number' ? `run ${record.ordinal}` : `a record${typeof record.id === 'string' ? ` (id ${record.id.slice(0, 40)})` : ''}`} (${read.problem})`);
      return [];
    });
    if (unreadable.length > 0) {
      const id = this.deps.notify({
        source: 'storage',
        level: 'warning',
        message: `Saved runs this version cannot read were left in storage: ${unreadable.join(', ')}. Clear saved runs removes them.`,
      });
      this.unreadableNotice = typeof id === 'number' ? id : null;
    }
    this.deps.storedOrdinal?.(highest);
    return readable;
  }

  /** Saves what a batch of worker messages changed (call after the run store applied them). */
  handle(messages: readonly WorkerMessage[]): void {
    for (const m of messages) {
      switch (m.kind) {
        case 'state':
          for (const id of m.queued) this.saveQueued(id);
          break;
        case 'run-started':
          this.queuedAt.delete(m.runId);
          this.startedAt.set(m.runId, this.deps.now());
          this.saveRunning(m.runId);
          break;
        case 'epoch':
          this.saveRunning(m.runId);
          break;
        case 'steps':
          // A page closed mid-epoch keeps the progress of the last few seconds, not only of the last epoch end.
          if (this.deps.now() - (this.lastRunningWrite.get(m.runId) ?? 0) >= RUNNING_REFRESH_MS) this.saveRunning(m.runId);
          break;
        case 'run-finished':
          this.saveFinished(m.runId, m.kernels);
          if (m.model) this.saveModel(m.runId, m.model);
          break;
        case 'run-failed':
          this.saveEnded(m.runId, 'failed');
          break;
        case 'run-stopped':
          this.forget(m.runId);
          void this.enqueue(m.runId, 'A run record could not be removed from this browser', (store) => store.deleteRun(m.runId));
          break;
      }
    }
  }

  /**
   * The worker died, and the run store failed its runs with the cause: each run saved as running is saved as failed,
   * so a reload shows what happened instead of "interrupted"; and so is a run saved as queued that it failed (one that
   * was loading when it died, the likely cause: a reload must not hand it to a worker again).
   */
  workerGone(): void {
    for (const runId of [...this.startedAt.keys(), ...this.queuedAt.keys()]) if (this.deps.getRun(runId)?.state === 'failed') this.saveEnded(runId, 'failed');
  }

  private forget(runId: string): void {
    this.startedAt.delete(runId);
    this.lastRunningWrite.delete(runId);
    this.queuedAt.delete(runId);
  }

  /** Saves an explorer run the worker has queued, once: a reload queues it again (reconcile.ts). */
  private saveQueued(runId: string): void {
    if (this.queuedAt.has(runId) || this.startedAt.has(runId)) return;
    const run = this.deps.getRun(runId);
    // Only a run that never started (a stacked run sent back to the queue keeps its record) and that trains (a pin
    // never queues).
    if (!run || run.state !== 'queued' || run.startedAt !== null || run.pin) return;
    const queuedAt = this.deps.now();
    this.queuedAt.set(runId, queuedAt);
    const saved = savedRunOf(run, 'queued', this.deps.session, queuedAt, null);
    void this.enqueue(runId, `Queued run ${run.ordinal} could not be saved in this browser`, (store) => store.putRun(saved));
  }

  private snapshot(runId: string, status: 'running' | 'finished' | 'failed'): SavedRun | null {
    const run = this.deps.getRun(runId);
    if (!run) return null;
    const startedAt = this.startedAt.get(runId) ?? this.deps.now();
    return savedRunOf(run, status, this.deps.session, startedAt, status === 'running' ? null : this.deps.now());
  }

  private saveRunning(runId: string): void {
    const saved = this.snapshot(runId, 'running');
    if (!saved) return;
    this.lastRunningWrite.set(runId, this.deps.now());
    void this.enqueue(runId, `Run ${saved.ordinal} could not be saved in this browser`, (store) => store.putRun(saved));
  }

  private saveEnded(runId: string, status: 'finished' | 'failed'): { saved: SavedRun; stored: Promise<boolean> } | null {
    const saved = this.snapshot(runId, status);
    this.forget(runId);
    if (!saved) return null;
    return { saved, stored: this.enqueue(runId, `Run ${saved.ordinal} could not be saved in this browser`, (store) => store.putRun(saved)) };
  }

  private saveFinished(runId: string, kernels: KernelData[] | null): void {
    const ended = this.saveEnded(runId, 'finished');
    if (!ended || !kernels) return;
    const { saved, stored } = ended;
    let resultsStored = false;
    const mb = ((saved.kernels?.bytes ?? 0) / 1e6).toFixed(2);
    const what = () => `The weights of run ${saved.ordinal} (${mb} MB) could not be saved${resultsStored ? ' (its results were)' : ' either'}`;
    void this.enqueue(`${runId}/kernels`, what, async (store) => {
      resultsStored = await stored; // settled: the writes run one after the other
      await store.putKernels(runId, kernels);
    });
  }

  /** Saves a Pareto set model's values beside its run (after the run's own record): as it finished, or loaded from its file. */
  saveModel(runId: string, model: KernelData[]): void {
    // A run forgotten before it finished (Reset) keeps nothing, its model neither.
    const run = this.deps.getRun(runId);
    if (!run) return;
    const ordinal = run.ordinal;
    const mb = (model.reduce((n, t) => n + t.values.length * 4, 0) / 1e6).toFixed(2);
    void this.enqueue(`${runId}/model`, `The Pareto set model of run ${ordinal} (${mb} MB) could not be saved: it answers until the page is closed`, (store) => store.putModel(runId, model));
  }

  /** A saved Pareto set model's values (undefined: none was saved, or what was saved cannot be read). */
  async model(runId: string): Promise<KernelData[] | undefined> {
    await this.chain;
    try {
      return readStoredKernels(await (await this.deps.store).getModel(runId));
    } catch (err) {
      // Said once (the panel asks again as the handle moves), with the cause: "gone" alone hid a closed storage.
      const reportedAs = failureKey(err, `model ${runId}`);
      if (!this.reported.has(reportedAs)) {
        this.reported.add(reportedAs);
        const ordinal = this.deps.getRun(runId)?.ordinal;
        this.deps.notify({ source: 'storage', level: 'error', message: storageErrorText(`The saved Pareto set model${ordinal === undefined ? '' : ` of run ${ordinal}`} could not be read`, err) });
      }
      return undefined;
    }
  }

  /** Saves a point pinned off a Pareto set model (a finished run that never went through the worker). */
  savePinned(run: NetworkRun): void {
    const now = this.deps.now();
    const saved = savedRunOf(run, 'finished', this.deps.session, now, now);
    void this.enqueue(run.id, `Pinned run ${run.ordinal} could not be saved in this browser`, (store) => store.putRun(saved));
  }

  /** Saves runs brought in by an import (finished or interrupted, with this session). */
  async saveImported(runs: readonly SavedRun[]): Promise<void> {
    for (const run of runs) void this.enqueue(run.id, `Imported run ${run.ordinal} could not be saved in this browser`, (store) => store.putRun(run));
    await this.chain;
  }

  /** A finished run's saved kernels (undefined: none were saved); rejects, naming the problem, when they cannot be read. */
  async kernels(runId: string): Promise<KernelData[] | undefined> {
    await this.chain;
    return readStoredKernels(await (await this.deps.store).getKernels(runId));
  }

  /**
   * Deletes these ended runs' records, kernels and models (the run list's Delete): a reload does not bring them back.
   * True when all were deleted; the other tabs are told of those that were.
   */
  async deleteRuns(ids: readonly string[]): Promise<boolean> {
    const deleted: string[] = [];
    for (const id of ids) {
      this.forget(id);
      void this.enqueue(`delete ${id}`, 'A run could not be deleted from this browser', async (store) => {
        await store.deleteRun(id);
        deleted.push(id);
      });
    }
    let shared = false;
    await this.enqueue('delete', 'A run could not be deleted from this browser', async (store) => {
      shared = store.persistent;
    });
    if (deleted.length > 0 && shared) this.deps.deleted?.(deleted);
    return deleted.length === ids.length;
  }

  /**
   * Deletes every saved run; resolves to how many records went, or null where it failed (the failure is reported).
   * Another tab's runs go too: their later writes (a running run's progress and end, a pin) put their records back, as
   * for any run.
   */
  async clear(): Promise<number | null> {
    let deleted: number | null = null;
    let shared = false;
    // The numbers of the records this version cannot read that stay (queued runs of another tab are kept).
    let unreadableLeft: number[] = [];
    await this.enqueue('clear', 'The saved runs could not be cleared', async (store) => {
      // Runs waiting in a queue are not results: they stay saved (this page's that still wait, every other tab's), so
      // that a reload queues them again.
      deleted = await store.clear((record) => record.status === 'queued' && (record.session !== this.deps.session || this.deps.getRun(record.id)?.state === 'queued'));
      shared = store.persistent;
      unreadableLeft = (await store.allRuns()).filter((record) => !readSavedRecord(record).ok).map(storedNumber);
    });
    for (const id of this.queuedAt.keys()) if (this.deps.getRun(id)?.state !== 'queued') this.queuedAt.delete(id);
    this.reported.delete('clear');
    // The records it named are gone with the rest (all but a queued one of another tab, which keeps its notice).
    if (deleted !== null) this.deps.storedOrdinal?.(Math.max(0, ...unreadableLeft));
    if (deleted !== null && unreadableLeft.length === 0 && this.unreadableNotice !== null) {
      this.deps.dismiss?.(this.unreadableNotice);
      this.unreadableNotice = null;
    }
    // A store in memory is this page's alone: no other tab lost anything.
    if (deleted !== null && deleted > 0 && shared) this.deps.cleared?.();
    return deleted;
  }
}
