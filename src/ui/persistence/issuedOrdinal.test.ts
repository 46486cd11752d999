/**
 * A stopped run's number across a reload: its saved record is deleted when it stops (runPersistence.ts), so without
 * the kept number (issuedOrdinal.ts, wired as startPersistence.ts does) the next page gave it to the next run.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../experiment/config';
import type { WorkerMessage } from '../../workers/protocol';
import { initialExplorerState } from '../explorer/explorerState';
import { clearResults, newExplorerRuns } from '../explorer/explorerView';
import { MAIN_WORKER } from '../runs/runRecord';
import { addRuns, applyMessages, emptyRuns, keepEarlierOrdinal, nextOrdinal, removeRuns, restoreRuns, type RunsState } from '../runs/runsState';
import { ownedRuns, ownRun } from '../runs/runViews';
import { finalResult, runMessages } from '../testing/fakeRuns';
import { ISSUED_ORDINAL_KEY, keepIssuedOrdinal, readIssuedOrdinal } from './issuedOrdinal';
import { RunPersistence } from './runPersistence';
import { openIdbRunStore } from './runStore';

afterEach(async () => {
  await (await openIdbRunStore()).clear();
});

/** localStorage in memory, shared by the pages of one browser. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const settings = initialExplorerState('tiny').settings;
const finished = { result: finalResult([0.3, 0.4], [90, 85], 20) };

/** One page of the explorer: its run store, its saved runs (fake IndexedDB) and, with `storage`, the kept number. */
function openPage(session: string, storage: ReturnType<typeof memoryStorage> | null) {
  let runs: RunsState = emptyRuns();
  const listeners = new Set<() => void>();
  const set = (next: RunsState) => {
    runs = next;
    for (const listener of listeners) listener();
  };
  if (storage) {
    runs = keepEarlierOrdinal(runs, 'explorer', readIssuedOrdinal(storage.getItem(ISSUED_ORDINAL_KEY)));
    keepIssuedOrdinal(storage, () => nextOrdinal(runs, 'explorer') - 1, (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    });
  }
  const persistence = new RunPersistence({ store: openIdbRunStore(), session, notify: () => {}, getRun: (id) => ownRun(runs, 'explorer', id), now: () => 1000 });
  return {
    numbers: () => ownedRuns(runs, 'explorer').map((r) => [r.id, r.ordinal, r.state]),
    /** Run pressed: the run is numbered as the explorer numbers it. */
    run: (id: string) => set(addRuns(runs, newExplorerRuns(runs, [{ id, config: resolveConfig(settings, [0.2, 0.4, 0.4]) }]))),
    receive(messages: WorkerMessage[]) {
      set(applyMessages(runs, MAIN_WORKER, messages, 0));
      persistence.handle(messages);
    },
    /** The page loaded: its saved runs restored. */
    async restore() {
      set(restoreRuns(runs, (await persistence.restore(new Set([session]))).runs));
    },
    idle: () => persistence.idle(),
    /** Clear saved runs: the ended runs go, here and in storage. */
    async clearResults() {
      set(clearResults(runs, initialExplorerState('tiny')).runs);
      await persistence.clear();
    },
    /** A run's Delete: gone here and in storage. */
    async delete(id: string) {
      set(removeRuns(runs, [id], true));
      await persistence.deleteRuns([id]);
    },
  };
}

/** Runs a and b finish, run c is stopped mid-way; the page is reloaded and Run pressed. */
async function stopThenReload(storage: ReturnType<typeof memoryStorage> | null) {
  const first = openPage('s1', storage);
  for (const id of ['a', 'b', 'c']) first.run(id);
  first.receive([...runMessages('a', 3, finished), ...runMessages('b', 3, finished), ...runMessages('c', 2, null), { kind: 'run-stopped', runId: 'c' }]);
  expect(first.numbers()).toEqual([['a', 1, 'finished'], ['b', 2, 'finished'], ['c', 3, 'stopped']]);
  await first.idle();
  const second = openPage('s2', storage);
  await second.restore();
  second.run('d');
  return second;
}

describe("the explorer's run numbers across a reload", () => {
  it("the cause: a stopped run's record is deleted, so the saved runs alone give its number to the next run", async () => {
    const second = await stopThenReload(null);
    expect(second.numbers()).toEqual([['a', 1, 'finished'], ['b', 2, 'finished'], ['d', 3, 'queued']]);
  });

  it('with the highest number kept, the run after the reload takes the next one', async () => {
    const storage = memoryStorage();
    const second = await stopThenReload(storage);
    expect(second.numbers()).toEqual([['a', 1, 'finished'], ['b', 2, 'finished'], ['d', 4, 'queued']]);
    expect(storage.items.get(ISSUED_ORDINAL_KEY)).toBe('4');
  });

  it('a run pressed before the saved runs are back is numbered after the kept number, and keeps it once they are', async () => {
    const storage = memoryStorage();
    const first = openPage('s1', storage);
    for (const id of ['a', 'b']) first.run(id);
    first.receive([...runMessages('a', 3, finished), ...runMessages('b', 2, null), { kind: 'run-stopped', runId: 'b' }]);
    await first.idle();
    const second = openPage('s2', storage);
    second.run('early');
    await second.restore();
    expect(second.numbers()).toEqual([['a', 1, 'finished'], ['early', 3, 'queued']]);
  });

  it('a deleted run keeps its number too; an explorer left without runs numbers from 1, after a reload as well', async () => {
    const storage = memoryStorage();
    const first = openPage('s1', storage);
    for (const id of ['a', 'b']) first.run(id);
    first.receive([...runMessages('a', 3, finished), ...runMessages('b', 3, finished)]);
    await first.delete('b');
    const second = openPage('s2', storage);
    await second.restore();
    second.run('c');
    expect(second.numbers()).toEqual([['a', 1, 'finished'], ['c', 3, 'queued']]);
    // Clear results leaves the queued run c: the numbers stay taken.
    await second.clearResults();
    expect(second.numbers()).toEqual([['c', 3, 'queued']]);
    expect(storage.items.get(ISSUED_ORDINAL_KEY)).toBe('3');
    await second.delete('c');
    expect(storage.items.has(ISSUED_ORDINAL_KEY)).toBe(false);
    const third = openPage('s3', storage);
    third.run('d');
    expect(third.numbers()).toEqual([['d', 1, 'queued']]);
  });

  it("never lowers another tab's number, and reads only a positive whole number", () => {
    const storage = memoryStorage();
    const older = openPage('s1', storage);
    storage.setItem(ISSUED_ORDINAL_KEY, '7'); // another tab has given runs up to 7 since
    older.run('a');
    expect(storage.items.get(ISSUED_ORDINAL_KEY)).toBe('7');
    for (const text of [null, '', 'x', '0', '-2', '2.5', '1e400']) expect(readIssuedOrdinal(text)).toBe(0);
    expect(readIssuedOrdinal('12')).toBe(12);
    // A storage that refuses the write leaves the numbering as it was.
    const refusing = { ...memoryStorage(), setItem: () => { throw new Error('QuotaExceededError'); } };
    let n = 0;
    const listeners: (() => void)[] = [];
    keepIssuedOrdinal(refusing, () => n, (listener) => (listeners.push(listener), () => {}));
    n = 1;
    expect(() => listeners.forEach((l) => l())).not.toThrow();
  });
});
