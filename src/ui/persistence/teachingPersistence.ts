/**
 * Keeps the teaching lab's finished runs in the browser: each run that finishes (whichever worker ran it, or brought
 * in by an import) is written once, a run the lab forgets (Clear results, a sweep that replaces it) is deleted, and
 * on load the saved runs are read back through their schema (one that cannot be read is left in storage and named).
 * Writes happen one after the other; a storage error is a notice, once until a save works again (a lab sweep on a
 * full quota fails every run alike); a run whose save failed is tried again when the next run finishes. No DOM or React: the store, the run source and the notice sink are passed in.
 */
import type { TeachingRun } from '../runs/runRecord';
import type { Notice } from '../store';
import { issuePath } from '../exchange/experimentFile';
import { savedTeachingRunSchema, teachingProblemSchema } from '../exchange/savedTeachingRunSchema';
import { problemKeyOf } from '../teaching/teachingSettings';
import type { TeachingProblemSpec } from '../../engine/teaching/types';
import type { RunStore } from './runStore';
import { failureKey, storageErrorText } from './storageError';
import { savedTeachingRunOf, teachingRunOf, type SavedTeachingRun } from './savedTeachingRun';
import { renumberedLines, withDistinctOrdinals } from './reconcile';
import { kText } from '../../experiment/preference';

export interface TeachingPersistenceDeps {
  store: Promise<RunStore>;
  /** Shows a notice; returns its id where the notices have ids (to dismiss it with `dismiss` once it is no longer true). */
  notify(notice: Omit<Notice, 'id'>): number | void;
  dismiss?(id: number): void;
  /** The lab's runs now. */
  runs(): readonly TeachingRun[];
  /** Calls `listener` after every change of the runs; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Puts restored runs into the run store. */
  restore(runs: TeachingRun[]): void;
  /** performance.timeOrigin (0 in tests). */
  timeOrigin?: number;
  /** Called with the ids just deleted from a store that outlives the page: the other tabs are told (storageChannel.ts). */
  deleted?(ids: string[]): void;
  /** Called once the saved runs are back (the lab's queue is queued again after them: labQueue.ts). */
  restored?(): void;
  /** Called when a finished run's record is in the store (the lab's queue keeps a finished run until then: labQueue.ts). */
  stored?(): void;
  /** Called with the problems of the saved records this version cannot read, whenever they change (Clear results is offered for them). */
  unreadable?(problems: (string | null)[]): void;
  /** The highest number they hold (0: none), whenever they change (runsState.ts storedOrdinals). */
  storedOrdinal?(ordinal: number): void;
}

/** The lab's runs are small: what fills the quota is the explorer's saved networks, or the lab's many runs. */
const QUOTA_ADVICE = ' Free space with the explorer\'s "Clear saved runs" or the lab\'s "Clear results"; the runs not saved are saved when the next run finishes.';

export class TeachingPersistence {
  private readonly deps: TeachingPersistenceDeps;
  /** Ids written (or read) and not deleted since. */
  private readonly saved = new Set<string>();
  /** Ids whose write has completed (or that were read): a reload brings them back. */
  private readonly inStore = new Set<string>();
  /** Records the schema refused on load (left in storage): their ids, with the problem they name (null: none readable) and their number. */
  private readonly unreadable = new Map<string, { problem: string | null; ordinal: number }>();
  /** The notice naming them (dismissed once Clear results removed the last of them). */
  private unreadableNotice: number | null = null;
  /** Ids whose write failed: tried again with the next run that finishes. */
  private readonly unsaved = new Set<string>();
  /** The failures said already ('save' until a save works again, or 'closed' for a storage closed for a newer tab). */
  private readonly reported = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(deps: TeachingPersistenceDeps) {
    this.deps = deps;
  }

  /** Runs `op` after the writes before it; its failure is said once per `key`, and `failed` hears of every one. */
  private enqueue(key: string, what: string, op: (store: RunStore) => Promise<void>, failed?: () => void): void {
    this.chain = this.chain.then(async () => {
      try {
        await op(await this.deps.store);
      } catch (err) {
        failed?.();
        const reportedAs = failureKey(err, key);
        if (this.reported.has(reportedAs)) return;
        this.reported.add(reportedAs);
        this.deps.notify({ source: 'storage', level: 'error', message: storageErrorText(what, err, QUOTA_ADVICE) });
      }
    });
  }

  /** Whether the run's record is in the store (its write completed, or it was read from there). */
  isStored(id: string): boolean {
    return this.inStore.has(id);
  }

  /** Resolves when every write so far has settled. */
  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * Reads the saved runs back into the run store. Their ids count as saved only once they are on the page: a sync
   * deletes the saved runs the page no longer has.
   */
  async restore(): Promise<void> {
    const timeOrigin = this.deps.timeOrigin ?? 0;
    this.enqueue('restore', 'The saved teaching runs could not be read', async (store) => {
      const unreadable: string[] = [];
      const readable: SavedTeachingRun[] = [];
      for (const record of await store.allTeachingRuns()) {
        const parsed = savedTeachingRunSchema.safeParse(record);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const fields: Record<string, unknown> = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
          const ordinal = 'ordinal' in fields ? String(fields.ordinal) : '?';
          unreadable.push(`teaching run ${ordinal} (${issuePath('', issue.path).replace(/^\./, '') || 'record'}: ${issue.message})`);
          const config = typeof fields.config === 'object' && fields.config !== null ? (fields.config as Record<string, unknown>) : {};
          const spec = teachingProblemSchema.safeParse(config.problem);
          const number = typeof fields.ordinal === 'number' && Number.isFinite(fields.ordinal) ? fields.ordinal : 0;
          if (typeof fields.id === 'string') this.unreadable.set(fields.id, { problem: spec.success ? problemKeyOf(spec.data as TeachingProblemSpec) : null, ordinal: number });
          continue;
        }
        readable.push(parsed.data);
      }
      if (unreadable.length > 0) {
        const id = this.deps.notify({
          source: 'storage',
          level: 'warning',
          message: `Saved runs this version cannot read were left in storage: ${unreadable.join(', ')}. The lab's Clear results of their problem removes them.`,
        });
        this.unreadableNotice = typeof id === 'number' ? id : null;
        this.tellUnreadable();
      }
      // Tabs number their lab runs independently: where two gave one number, the older run keeps it, the other takes
      // the next free one (written back, so the next load shows the same numbers), as the explorer's runs do.
      readable.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
      const { records, renumbered } = withDistinctOrdinals(readable);
      const details = renumberedLines(readable, renumbered, (r, was) => `teaching run ${was} (${r.config.method.name}, ${kText(r.config.preference)})`);
      if (details.length > 0) {
        this.deps.notify({ source: 'storage', level: 'info', message: 'Teaching runs of two tabs had the same number: the older run keeps it, the other was numbered anew.', details });
      }
      this.deps.restore(records.map((r) => teachingRunOf(r, timeOrigin)));
      for (const record of records) {
        this.saved.add(record.id);
        this.inStore.add(record.id);
      }
      // Shown whether or not the new numbers can be written (a full quota): the next load numbers them again.
      this.enqueue('renumber', 'The saved teaching runs are shown, but their new numbers could not be saved', async (writable) => {
        for (const record of renumbered) await writable.putTeachingRun(record);
      });
    });
    await this.chain;
  }

  /** Writes what changed since the last call: finished runs not yet saved, and deletes the forgotten ones. */
  sync(): void {
    const runs = this.deps.runs();
    const timeOrigin = this.deps.timeOrigin ?? 0;
    const wallClock = (t: number | null) => (t === null ? null : Math.round(timeOrigin + t));
    const present = new Set(runs.map((r) => r.id));
    const recordsOf = (which: (run: TeachingRun) => boolean) =>
      runs.filter(which).flatMap((run) => {
        const saved = savedTeachingRunOf(run, wallClock);
        return saved ? [{ run, saved }] : [];
      });
    const fresh = recordsOf((r) => !this.saved.has(r.id) && !this.unsaved.has(r.id));
    // A run whose save failed is tried again beside the next new one (not at every change of the lab's runs).
    const toSave = fresh.length > 0 ? [...recordsOf((r) => this.unsaved.has(r.id)), ...fresh] : [];
    for (const { run, saved } of toSave) {
      this.saved.add(run.id);
      this.unsaved.delete(run.id);
      // Tried again later only while the lab still has the run when its write fails (a run forgotten meanwhile is not).
      const failed = () => {
        this.saved.delete(run.id);
        if (this.deps.runs().some((r) => r.id === run.id)) this.unsaved.add(run.id);
      };
      const write = async (store: RunStore) => {
        await store.putTeachingRun(saved);
        this.reported.delete('save');
        this.inStore.add(run.id);
        this.deps.stored?.();
      };
      this.enqueue('save', `Teaching run ${run.ordinal} could not be saved in this browser`, write, failed);
    }
    for (const id of this.unsaved) if (!present.has(id)) this.unsaved.delete(id);
    const forgotten = [...this.saved].filter((id) => !present.has(id));
    if (forgotten.length === 0) return;
    const deleted: string[] = [];
    for (const id of forgotten) {
      this.saved.delete(id);
      this.inStore.delete(id);
      this.enqueue(`delete ${id}`, 'A teaching run could not be removed from this browser', async (store) => {
        await store.deleteTeachingRun(id);
        deleted.push(id);
      });
    }
    // After the deletes (the writes run in order): one message for them all, naming those that worked.
    this.enqueue('tell', 'The other tabs could not be told of the deleted teaching runs', async (store) => {
      if (deleted.length > 0 && store.persistent) this.deps.deleted?.(deleted);
    });
  }

  /** Says which problems the unreadable records name, and the highest number they hold. */
  private tellUnreadable(): void {
    const left = [...this.unreadable.values()];
    this.deps.unreadable?.(left.map((r) => r.problem));
    this.deps.storedOrdinal?.(Math.max(0, ...left.map((r) => r.ordinal)));
  }

  /**
   * Deletes the saved records of `problem` that could not be read on load, and those naming no problem one can read:
   * the lab's Clear results of that problem (they are left in storage until then, and named at every load).
   */
  clearUnreadable(problem: string): void {
    const ids = [...this.unreadable].filter(([, of]) => of.problem === null || of.problem === problem).map(([id]) => id);
    if (ids.length === 0) return;
    // Forgotten once deleted: where a delete fails they stay in storage, named, and Clear results stays offered.
    this.enqueue('clear unreadable', 'The saved runs this version cannot read could not be removed', async (store) => {
      for (const id of ids) {
        await store.deleteTeachingRun(id);
        this.unreadable.delete(id);
      }
      this.tellUnreadable();
      if (this.unreadable.size === 0 && this.unreadableNotice !== null) {
        this.deps.dismiss?.(this.unreadableNotice);
        this.unreadableNotice = null;
      }
    });
  }

  /** Restores, then saves every change from then on; returns the stop. */
  start(): () => void {
    let stopped = false;
    let unsubscribe = () => {};
    void this.restore().then(() => {
      if (stopped) return;
      this.deps.restored?.();
      this.sync();
      unsubscribe = this.deps.subscribe(() => this.sync());
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }
}
