/**
 * The browser's database of version 1 (runs and kernels, written by the app before teaching runs were kept) opens
 * in today's version with its runs untouched, a store for the teaching lab's runs (version 2) and one for network
 * Pareto set models (version 3) added.
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CLOSED_FOR_NEWER, DB_NAME, DB_VERSION, openIdbRunStore } from './runStore';
import { RunPersistence } from './runPersistence';
import { savedRunOf } from './savedRun';
import { apply, finalResult, runMessages, runOf, stateWithRuns } from '../testing/fakeRuns';

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

  it('a tab of an older version holding the database: this tab says so and waits; once that tab closes, nothing is lost', async () => {
    await deleteDB(DB_NAME);
    const old = await openDB(DB_NAME, 2, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('kernels');
        db.createObjectStore('teachingRuns', { keyPath: 'id' });
      },
    });
    await old.put('runs', { id: 'kept', ordinal: 1 });
    let blocked = 0;
    // The user, told, closes the old tab.
    const store = await openIdbRunStore({ blocked: () => (blocked++, old.close()) });
    expect(blocked).toBe(1);
    expect(await store.allRuns()).toEqual([{ id: 'kept', ordinal: 1 }]);
  });

  it('a tab of a newer version: this tab lets go of the database at once, and its later writes say why they fail', async () => {
    let closed = 0;
    const store = await openIdbRunStore({ closedForNewer: () => closed++ });
    // Would wait for as long as this tab kept its connection open.
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    expect(closed).toBe(1);
    await expect(store.putRun({ id: 'x' } as never)).rejects.toThrow(CLOSED_FOR_NEWER);
    // Every save fails alike from now on: one notice says why, not one per run.
    const notices: string[] = [];
    const persistence = new RunPersistence({ store: Promise.resolve(store), session: 's', notify: (n) => notices.push(n.message), getRun: () => undefined, now: () => 0 });
    const s = apply(stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]]]), [...runMessages('a', 2, { result: finalResult([0.3, 0.6], [90, 80], 10) }), ...runMessages('b', 2, { result: finalResult([0.5, 0.3], [85, 88], 10) })]);
    await persistence.saveImported(['a', 'b'].map((id) => savedRunOf(runOf(s, id), 'finished', 's', 1, 2)));
    expect(notices).toEqual([`Imported run 1 could not be saved in this browser: ${CLOSED_FOR_NEWER}.`]);
    newer.close();
    await deleteDB(DB_NAME);
  });
});
