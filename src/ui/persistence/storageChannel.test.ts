/**
 * Two tabs telling each other of deleted saved runs, on Node's own BroadcastChannel: a message of one tab reaches the
 * other's handler and never its own (not even through a second channel object of the same tab), a malformed one is
 * ignored, a closed channel is silent. And with the persistence (fake IndexedDB shared by two "tabs"): a reset in one
 * tab leaves the other's runs on screen with one notice, and the run it finishes later is saved again.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { addRuns, emptyRuns, removeRuns, type RunsState } from '../runs/runsState';
import { ownedRuns } from '../runs/runViews';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from '../teaching/teachingSettings';
import { finalResult, KERNELS, runMessages, stateWithRuns, type ExplorerFixture } from '../testing/fakeRuns';
import { persistencePage } from '../testing/persistencePage';
import { MemoryRunStore, openIdbRunStore, type RunStore } from './runStore';
import { deletionNotice, openStorageChannel, savedRunIds, STORAGE_CHANNEL, type StorageChannel, type StorageMessage } from './storageChannel';
import { TeachingPersistence } from './teachingPersistence';

const opened: { close(): void }[] = [];
/** Closed after each test: an open BroadcastChannel keeps Node's event loop alive. */
function track<T extends { close(): void }>(channel: T): T {
  opened.push(channel);
  return channel;
}

function tab(id: string): { channel: StorageChannel; heard: StorageMessage[] } {
  const heard: StorageMessage[] = [];
  return { channel: track(openStorageChannel({ tab: id, onMessage: (m) => heard.push(m) })), heard };
}

afterEach(async () => {
  for (const c of opened.splice(0)) c.close();
  const store = await openIdbRunStore();
  await store.clear();
  for (const r of (await store.allTeachingRuns()) as { id: string }[]) await store.deleteTeachingRun(r.id);
});

describe('storage channel', () => {
  it("carries a tab's message to the other tab, never back to its own handlers", async () => {
    const a = tab('tab-a');
    const b = tab('tab-b');
    const aAgain = tab('tab-a'); // a second channel object in tab A (another part of the page)
    a.channel.announce({ kind: 'runs-cleared' });
    b.channel.announce({ kind: 'teaching-runs-deleted', ids: ['t1', 't2'] });
    await vi.waitFor(() => expect(a.heard).toHaveLength(1));
    await vi.waitFor(() => expect(b.heard).toHaveLength(1));
    expect(b.heard).toEqual([{ kind: 'runs-cleared', tab: 'tab-a' }]);
    expect(a.heard).toEqual([{ kind: 'teaching-runs-deleted', tab: 'tab-b', ids: ['t1', 't2'] }]);
    expect(aAgain.heard).toEqual(a.heard);
  });

  it('ignores malformed messages', async () => {
    const b = tab('tab-b');
    const raw = track(new BroadcastChannel(STORAGE_CHANNEL));
    for (const junk of [null, 'runs-cleared', { kind: 'runs-cleared' }, { kind: 'runs-cleared', tab: '' }, { kind: 'everything-deleted', tab: 'x' }, { kind: 'teaching-runs-deleted', tab: 'x', ids: 'all' }, { kind: 'teaching-runs-deleted', tab: 'x', ids: [] }]) {
      raw.postMessage(junk);
    }
    // Messages arrive in order: once this one is heard, the ones before it were read and dropped.
    raw.postMessage({ kind: 'runs-cleared', tab: 'tab-x' });
    await vi.waitFor(() => expect(b.heard).toHaveLength(1));
    expect(b.heard).toEqual([{ kind: 'runs-cleared', tab: 'tab-x' }]);
  });

  it('a closed channel sends and hears nothing, and closing twice or announcing after is harmless', async () => {
    const a = tab('tab-a');
    const b = tab('tab-b');
    const c = tab('tab-c');
    b.channel.close();
    b.channel.close();
    expect(() => b.channel.announce({ kind: 'runs-cleared' })).not.toThrow();
    a.channel.announce({ kind: 'runs-cleared' });
    await vi.waitFor(() => expect(c.heard).toHaveLength(1));
    expect(c.heard).toEqual([{ kind: 'runs-cleared', tab: 'tab-a' }]);
    expect(b.heard).toEqual([]);
    expect(a.heard).toEqual([]);
  });

  it('a roll call: the tabs open answer it (a closed one does not); nobody hears it as a deletion', async () => {
    const a = tab('tab-a');
    const b = tab('tab-b');
    const c = tab('tab-c');
    c.channel.close();
    expect(await a.channel.rollCall(200)).toEqual(new Set(['tab-b']));
    expect(await b.channel.rollCall(200)).toEqual(new Set(['tab-a']));
    expect([a.heard, b.heard]).toEqual([[], []]);
    // Where the page has no Web Locks, this is how a reload tells an open tab's runs from those of a closed one.
    expect(await c.channel.rollCall(50)).toEqual(new Set());
  });

  it('works without a BroadcastChannel (nothing sent, nothing heard)', () => {
    const heard: StorageMessage[] = [];
    const channel = openStorageChannel({ tab: 'a', onMessage: (m) => heard.push(m), open: () => null });
    expect(() => channel.announce({ kind: 'runs-cleared' })).not.toThrow();
    channel.close();
    expect(heard).toEqual([]);
  });

  it('a notice only where the tab lists some of the deleted runs, counting them', () => {
    const cleared: StorageMessage = { kind: 'runs-cleared', tab: 'x' };
    expect(deletionNotice(cleared, { explorer: [], teaching: ['t'] })).toBeNull();
    expect(deletionNotice(cleared, { explorer: ['a', 'b'], teaching: [] })).toMatchObject({
      source: 'storage',
      level: 'warning',
      message: expect.stringMatching(/^Another tab of Paretoscope deleted the runs saved in this browser .*: the 2 runs this tab lists are no longer saved/),
    });
    const teaching: StorageMessage = { kind: 'teaching-runs-deleted', tab: 'x', ids: ['t1', 't3'] };
    expect(deletionNotice(teaching, { explorer: ['a'], teaching: ['t2'] })).toBeNull();
    expect(deletionNotice(teaching, { explorer: [], teaching: ['t1', 't2'] })?.message).toMatch(/teaching-lab runs .*: the run of the lab this tab lists is no longer saved/);
    // One run deleted from another tab's run list: said only where this tab lists it.
    const one: StorageMessage = { kind: 'runs-deleted', tab: 'x', ids: ['a'] };
    expect(deletionNotice(one, { explorer: ['b'], teaching: [] })).toBeNull();
    expect(deletionNotice(one, { explorer: ['a', 'b'], teaching: [] })?.message).toMatch(/^Another tab of Paretoscope deleted runs from this browser: the run of the explorer this tab lists is no longer saved, weights included/);
  });
});

/** One tab: an explorer fed with worker messages, its persistence and its channel, wired as startPersistence does. */
function explorerTab(session: string, store: Promise<RunStore>, initial: ExplorerFixture) {
  const tab = persistencePage(session, store, initial, { cleared: () => channel.announce({ kind: 'runs-cleared' }) });
  const channel = track(
    openStorageChannel({
      tab: session,
      onMessage: (m) => {
        const notice = deletionNotice(m, { explorer: savedRunIds(tab.runs()), teaching: [] });
        if (notice) tab.notices.push(notice);
      },
    }),
  );
  return tab;
}

const result = { result: finalResult([0.3, 0.4], [90, 85], 20), kernels: KERNELS };

describe('a reset in another tab', () => {
  it('is told once to the other tab, which keeps its runs and saves the run it finishes afterwards', async () => {
    const a = explorerTab('tab-a', openIdbRunStore(), stateWithRuns([['a', [0.2, 0.4, 0.4]]]));
    const b = explorerTab('tab-b', openIdbRunStore(), stateWithRuns([['b', [0, 0.5, 0.5]], ['c', [0.5, 0, 0.5]]]));
    a.receive(runMessages('a', 3, result));
    b.receive(runMessages('c', 3, result));
    const running = runMessages('b', 3, result);
    const finished = running.pop();
    b.receive(running);
    await Promise.all([a.persistence.idle(), b.persistence.idle()]);
    const store = await openIdbRunStore();
    expect((await store.allRuns()).map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);

    expect(await a.persistence.clear()).toBe(3);
    await vi.waitFor(() => expect(b.notices).toHaveLength(1));
    expect(b.notices[0]).toMatchObject({ source: 'storage', level: 'warning', message: expect.stringContaining('the run this tab lists is no longer saved') });
    expect(a.notices).toEqual([]);
    expect(await store.allRuns()).toEqual([]);

    // B's run that was training when its record went is saved again when it finishes, with its weights.
    b.receive(finished ? [finished] : []);
    await b.persistence.idle();
    expect((await store.allRuns()).map((r) => [r.id, r.status])).toEqual([['b', 'finished']]);
    expect(await store.getKernels('b')).toEqual(KERNELS);
    expect(b.notices).toHaveLength(1);
  });

  it('is not announced when the runs were kept in memory only', async () => {
    const cleared = vi.fn();
    const p = persistencePage('s', Promise.resolve(new MemoryRunStore()), stateWithRuns([['a', [0.2, 0.4, 0.4]]]), { cleared });
    p.receive(runMessages('a', 3, result));
    await p.persistence.idle();
    expect(await p.persistence.clear()).toBe(1);
    expect(cleared).not.toHaveBeenCalled();
  });

  it('is not announced when nothing was saved', async () => {
    const cleared = vi.fn();
    const p = persistencePage('s', openIdbRunStore(), stateWithRuns([]), { cleared });
    expect(await p.persistence.clear()).toBe(0);
    expect(cleared).not.toHaveBeenCalled();
  });
});

function finishedTeachingRun(id: string, ordinal: number): TeachingRun {
  const run = newTeachingRun(id, ordinal, { config: teachingRunConfig(DEFAULT_TEACHING, 'chebyshev-al', [0.5, 0.5]), problem: problemKey(DEFAULT_TEACHING), key: 'chebyshev-al' });
  return { ...run, state: 'finished', backend: 'cpu', totalSteps: 800, stepCount: 800, startedAt: 10, endedAt: 1010, result: [0.3, 0.7], trail: [[0.9, 0.9], [0.5, 0.6]] };
}

describe("the teaching lab's deletions", () => {
  it('name the deleted runs once the deletes are done, after all of them', async () => {
    const runs = create<RunsState>()(() => emptyRuns());
    const deleted = vi.fn<(ids: string[]) => void>();
    const store = openIdbRunStore();
    const persistence = new TeachingPersistence({
      store,
      notify: () => {},
      runs: () => ownedRuns(runs.getState(), 'teaching'),
      subscribe: (listener) => runs.subscribe(listener),
      restore: () => {},
      deleted,
    });
    persistence.start();
    const settle = async () => {
      for (let i = 0; i < 5; i++) await persistence.idle();
    };
    await settle();
    runs.setState((s) => addRuns(s, [finishedTeachingRun('t1', 1), finishedTeachingRun('t2', 2), finishedTeachingRun('t3', 3)]));
    await settle();
    expect(deleted).not.toHaveBeenCalled();
    runs.setState((s) => removeRuns(s, ['t1', 't3']));
    await settle();
    expect(deleted.mock.calls).toEqual([[['t1', 't3']]]);
    expect(((await (await store).allTeachingRuns()) as { id: string }[]).map((r) => r.id)).toEqual(['t2']);
  });
});
