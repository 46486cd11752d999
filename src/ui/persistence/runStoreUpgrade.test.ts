/**
 * The browser's database of version 1 (runs and kernels, written by the app before teaching runs were kept) opens
 * in today's version with its runs untouched, a store for the teaching lab's runs (version 2) and one for network
 * Pareto set models (version 3) added.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openIdbRunStore } from './runStore';

describe('the run database', () => {
  it('upgrades from version 1, keeping the saved runs', async () => {
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('kernels');
      },
    });
    await v1.put('runs', { id: 'old', ordinal: 1 });
    await v1.put('kernels', [], 'old');
    v1.close();

    expect(DB_VERSION).toBe(3);
    const store = await openIdbRunStore();
    expect(await store.allRuns()).toEqual([{ id: 'old', ordinal: 1 }]);
    expect(await store.getKernels('old')).toEqual([]);
    expect(await store.allTeachingRuns()).toEqual([]);
    expect(await store.getModel('old')).toBeUndefined();
    await store.putModel('old', [{ name: 'psl.film.b2', shape: [1], values: new Float32Array([2]) }]);
    expect((await store.getModel('old'))?.[0].name).toBe('psl.film.b2');
    await store.putTeachingRun({ id: 't', ordinal: 1 } as never);
    expect(await store.allTeachingRuns()).toEqual([{ id: 't', ordinal: 1 }]);
    // Clearing the saved (network) runs leaves the lab's, which it clears itself.
    await store.clear();
    expect(await store.allRuns()).toEqual([]);
    expect(await store.getModel('old')).toBeUndefined();
    expect(await store.allTeachingRuns()).toHaveLength(1);
    await store.deleteTeachingRun('t');
    expect(await store.allTeachingRuns()).toEqual([]);
  });
});
