/**
 * The browser's database of version 1 (runs and kernels, written by the app before teaching runs were kept) opens
 * in version 2 with its runs untouched and a store for the teaching lab's runs added.
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

    expect(DB_VERSION).toBe(2);
    const store = await openIdbRunStore();
    expect(await store.allRuns()).toEqual([{ id: 'old', ordinal: 1 }]);
    expect(await store.getKernels('old')).toEqual([]);
    expect(await store.allTeachingRuns()).toEqual([]);
    await store.putTeachingRun({ id: 't', ordinal: 1 } as never);
    expect(await store.allTeachingRuns()).toEqual([{ id: 't', ordinal: 1 }]);
    // Clearing the saved (network) runs leaves the lab's, which it clears itself.
    await store.clear();
    expect(await store.allRuns()).toEqual([]);
    expect(await store.allTeachingRuns()).toHaveLength(1);
    await store.deleteTeachingRun('t');
    expect(await store.allTeachingRuns()).toEqual([]);
  });
});
