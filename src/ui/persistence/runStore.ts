/**
 * Where saved runs live: IndexedDB through `idb` (database `paretoscope`, object stores `runs` keyed by run id,
 * `kernels` keyed by run id, since version 2 `teachingRuns`, the teaching lab's finished runs, keyed by id, and since
 * version 3 `models`, a network Pareto set model's every value, keyed by run id), or — where IndexedDB cannot be
 * opened — memory, for as long as the page
 * lives. Errors (a full quota included) are thrown to the caller, which reports them. Records written by older
 * versions of the app are migrated where they are read (RunPersistence.restore, savedRecord.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { KernelData } from '../../workers/protocol';
import type { StoredRecord } from './savedRecord';
import type { SavedRun } from './savedRun';
import type { SavedTeachingRun } from './savedTeachingRun';

export interface RunStore {
  /** True when runs outlive the page. */
  readonly persistent: boolean;
  putRun(run: SavedRun): Promise<void>;
  putKernels(id: string, kernels: KernelData[]): Promise<void>;
  getKernels(id: string): Promise<KernelData[] | undefined>;
  /** A network Pareto set model's values (network and FiLM), to rebuild it in the worker. */
  putModel(id: string, model: KernelData[]): Promise<void>;
  getModel(id: string): Promise<KernelData[] | undefined>;
  /** Every record as stored (of this version or an earlier one: savedRecord.ts reads them). */
  allRuns(): Promise<StoredRecord[]>;
  /** Deletes a run, its kernels and its model. */
  deleteRun(id: string): Promise<void>;
  /**
   * Deletes every network run, kernel and model (the teaching lab clears its own runs), but the run records `keep`
   * says to keep (runs waiting in a queue: they have no kernels or model). Resolves to how many run records went.
   */
  clear(keep?: (record: StoredRecord) => boolean): Promise<number>;
  putTeachingRun(run: SavedTeachingRun): Promise<void>;
  /** Every teaching record as stored (savedTeachingRunSchema checks them). */
  allTeachingRuns(): Promise<unknown[]>;
  deleteTeachingRun(id: string): Promise<void>;
}

export const DB_NAME = 'paretoscope';
export const DB_VERSION = 3;

interface ParetoscopeDb extends DBSchema {
  runs: { key: string; value: StoredRecord };
  kernels: { key: string; value: KernelData[] };
  teachingRuns: { key: string; value: SavedTeachingRun };
  models: { key: string; value: KernelData[] };
}

class IdbRunStore implements RunStore {
  readonly persistent = true;
  private readonly db: IDBPDatabase<ParetoscopeDb>;
  /** Why the connection was closed (a newer version of the app needs the database), or null while it is open. */
  private closedBecause: string | null = null;

  constructor(db: IDBPDatabase<ParetoscopeDb>) {
    this.db = db;
  }

  /** Closes the connection: every later read and write fails with `reason` (the notices say it). */
  close(reason: string): void {
    this.closedBecause = reason;
    this.db.close();
  }

  private get open(): IDBPDatabase<ParetoscopeDb> {
    if (this.closedBecause !== null) throw new StoreClosedError(this.closedBecause);
    return this.db;
  }

  async putRun(run: SavedRun): Promise<void> {
    await this.open.put('runs', run);
  }

  async putKernels(id: string, kernels: KernelData[]): Promise<void> {
    await this.open.put('kernels', kernels, id);
  }

  getKernels(id: string): Promise<KernelData[] | undefined> {
    return this.open.get('kernels', id);
  }

  async putModel(id: string, model: KernelData[]): Promise<void> {
    await this.open.put('models', model, id);
  }

  getModel(id: string): Promise<KernelData[] | undefined> {
    return this.open.get('models', id);
  }

  allRuns(): Promise<StoredRecord[]> {
    return this.open.getAll('runs');
  }

  async deleteRun(id: string): Promise<void> {
    const tx = this.open.transaction(['runs', 'kernels', 'models'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('kernels').delete(id), tx.objectStore('models').delete(id), tx.done]);
  }

  async clear(keep: (record: StoredRecord) => boolean = () => false): Promise<number> {
    // One transaction: a record another tab writes meanwhile is either kept whole or seen and judged.
    const tx = this.open.transaction(['runs', 'kernels', 'models'], 'readwrite');
    let deleted = 0;
    const runs = async () => {
      for (let cursor = await tx.objectStore('runs').openCursor(); cursor; cursor = await cursor.continue()) {
        if (keep(cursor.value)) continue;
        await cursor.delete();
        deleted += 1;
      }
    };
    await Promise.all([runs(), tx.objectStore('kernels').clear(), tx.objectStore('models').clear(), tx.done]);
    return deleted;
  }

  async putTeachingRun(run: SavedTeachingRun): Promise<void> {
    await this.open.put('teachingRuns', run);
  }

  allTeachingRuns(): Promise<unknown[]> {
    return this.open.getAll('teachingRuns');
  }

  async deleteTeachingRun(id: string): Promise<void> {
    await this.open.delete('teachingRuns', id);
  }
}

/** What another tab's connection to the database does to this one's (a tab of another version of the app). */
export interface IdbTabEvents {
  /** A tab of an older version holds the database open: opening it here (every read and write) waits until it closes. */
  blocked?(): void;
  /** A tab of a newer version needs the database: this tab's connection is closed, its later writes fail saying so. */
  closedForNewer?(): void;
}

/** This tab's storage was closed for a newer version in another tab: every later read and write fails with it. */
export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
}

/** Why this tab's storage was closed (the reason its later writes fail with). */
export const CLOSED_FOR_NEWER = 'a newer version of Paretoscope opened in another tab and took over this browser\'s saved runs; reload this tab';

/** Opens the IndexedDB store (rejects where IndexedDB is missing or refused, e.g. some private modes). */
export async function openIdbRunStore(events: IdbTabEvents = {}): Promise<RunStore> {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
  let store: IdbRunStore | null = null;
  const db = await openDB<ParetoscopeDb>(DB_NAME, DB_VERSION, {
    blocked: () => events.blocked?.(),
    // Left open, this connection would hold the other tab's upgrade (and all its storage) until this tab closes.
    blocking: () => {
      store?.close(CLOSED_FOR_NEWER);
      events.closedForNewer?.();
    },
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('runs', { keyPath: 'id' });
        database.createObjectStore('kernels');
      }
      if (oldVersion < 2) database.createObjectStore('teachingRuns', { keyPath: 'id' });
      if (oldVersion < 3) database.createObjectStore('models');
    },
  });
  store = new IdbRunStore(db);
  return store;
}

/** Runs kept in memory only (structured clones, like IndexedDB). */
export class MemoryRunStore implements RunStore {
  readonly persistent = false;
  private readonly runs = new Map<string, SavedRun>();
  private readonly kernels = new Map<string, KernelData[]>();
  private readonly teaching = new Map<string, SavedTeachingRun>();
  private readonly models = new Map<string, KernelData[]>();

  async putRun(run: SavedRun): Promise<void> {
    this.runs.set(run.id, structuredClone(run));
  }
  async putKernels(id: string, kernels: KernelData[]): Promise<void> {
    this.kernels.set(id, structuredClone(kernels));
  }
  async getKernels(id: string): Promise<KernelData[] | undefined> {
    return this.kernels.get(id);
  }
  async putModel(id: string, model: KernelData[]): Promise<void> {
    this.models.set(id, structuredClone(model));
  }
  async getModel(id: string): Promise<KernelData[] | undefined> {
    return this.models.get(id);
  }
  async allRuns(): Promise<StoredRecord[]> {
    return [...this.runs.values()].map((r) => structuredClone(r));
  }
  async deleteRun(id: string): Promise<void> {
    this.runs.delete(id);
    this.kernels.delete(id);
    this.models.delete(id);
  }
  async clear(keep: (record: StoredRecord) => boolean = () => false): Promise<number> {
    const deleted = [...this.runs].filter(([, run]) => !keep(run)).map(([id]) => id);
    for (const id of deleted) this.runs.delete(id);
    this.kernels.clear();
    this.models.clear();
    return deleted.length;
  }
  async putTeachingRun(run: SavedTeachingRun): Promise<void> {
    this.teaching.set(run.id, structuredClone(run));
  }
  async allTeachingRuns(): Promise<unknown[]> {
    return [...this.teaching.values()].map((r) => structuredClone(r));
  }
  async deleteTeachingRun(id: string): Promise<void> {
    this.teaching.delete(id);
  }
}
