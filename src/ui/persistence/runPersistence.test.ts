import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { apply, finalResult, KERNELS, runMessages, runOf, stateWithRuns } from '../testing/fakeRuns';
import { persistencePage } from '../testing/persistencePage';
import { reconcile, sessionsFromLockNames, withDistinctOrdinals } from './reconcile';
import { RunPersistence } from './runPersistence';
import { MemoryRunStore, openIdbRunStore } from './runStore';
import type { SavedRun } from './savedRun';
import { MAIN_WORKER } from '../runs/runRecord';
import { failWorkerRuns } from '../runs/runsState';

const page = persistencePage;

afterEach(async () => {
  await (await openIdbRunStore()).clear();
});

describe('run persistence (fake IndexedDB)', () => {
  it('saves finished runs with kernels; a reload restores them and marks the run left mid-way as interrupted', async () => {
    const first = page('s1', openIdbRunStore(), stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]]]));
    first.receive(runMessages('a', 5, { result: finalResult([0.3, 0.4], [90, 85], 20), kernels: KERNELS }));
    first.receive(runMessages('b', 3, null)); // the page is closed while b trains
    await first.persistence.idle();
    expect(first.notices).toEqual([]);

    const second = page('s2', openIdbRunStore(), stateWithRuns([]));
    const { runs, interrupted } = await second.persistence.restore(new Set(['s2']));
    expect(runs.map((r) => [r.id, r.ordinal, r.state])).toEqual([
      ['a', 1, 'finished'],
      ['b', 2, 'interrupted'],
    ]);
    expect(interrupted.map((r) => r.id)).toEqual(['b']);
    const a = runs[0];
    expect(a.result?.test.nll).toEqual([0.3, 0.4]);
    expect(a.layers?.[0].group).toEqual(new Int32Array([-1]));
    expect(a.steps.count).toBe(5);
    expect(a.steps.latest('step')).toBe(4);
    expect(a.epochs).toHaveLength(1);
    expect(a.kernels).toEqual({ bytes: 56, kept: true });
    expect(runs[1].error).toBe('the page was closed or reloaded while it ran');
    expect(runs[1].steps.count).toBe(3); // saved at its epoch

    const kernels = await second.persistence.kernels('a');
    expect(kernels?.map((k) => [k.name, k.shape, Array.from(k.values)])).toEqual(KERNELS.map((k) => [k.name, k.shape, Array.from(k.values)]));
    const stored = await (await openIdbRunStore()).allRuns();
    expect(stored.find((r) => r.id === 'b')?.status).toBe('interrupted');
  });

  it('saves the runs waiting in the queue: a reload queues them again, in order, and a stopped one is gone', async () => {
    const first = page('s1', openIdbRunStore(), stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]], ['c', [0.5, 0.25, 0.25]], ['d', [0.1, 0.45, 0.45]]]));
    first.receive([{ kind: 'state', state: 'running', runIds: ['a'], queued: ['b', 'c', 'd'], processing: true }, ...runMessages('a', 3, null)]);
    first.receive([{ kind: 'run-stopped', runId: 'c' }, { kind: 'state', state: 'running', runIds: ['a'], queued: ['b', 'd'], processing: true }]);
    await first.persistence.idle();
    const statuses = async () => Object.fromEntries((await (await openIdbRunStore()).allRuns()).map((r) => [r.id, r.status]));
    expect(await statuses()).toEqual({ a: 'running', b: 'queued', d: 'queued' });
    // "Clear saved runs" deletes results, not the queue.
    await first.persistence.clear();
    expect(await statuses()).toEqual({ b: 'queued', d: 'queued' });
    first.receive(runMessages('a', 3, null));
    await first.persistence.idle();

    // The page is reloaded: a, training, is interrupted; b and d wait again, now this page's.
    const second = page('s2', openIdbRunStore(), stateWithRuns([]));
    const { runs, requeued } = await second.persistence.restore(new Set(['s2']));
    // After the run that trained, in the order they were queued, with their numbers (run 3 was stopped: no run 3).
    expect(runs.map((r) => [r.id, r.ordinal, r.state])).toEqual([['a', 1, 'interrupted'], ['b', 2, 'queued'], ['d', 4, 'queued']]);
    expect(requeued.map((r) => [r.id, r.state, r.worker, r.startedAt, r.config.preference])).toEqual([
      ['b', 'queued', MAIN_WORKER, null, [0, 0.5, 0.5]],
      ['d', 'queued', MAIN_WORKER, null, [0.1, 0.45, 0.45]],
    ]);
    expect((await (await openIdbRunStore()).allRuns()).filter((r) => r.status === 'queued').map((r) => r.session)).toEqual(['s2', 's2']);
    // A third tab opened while the second lives leaves the second's queue alone, and its Clear saved runs too.
    const third = page('s3', openIdbRunStore(), stateWithRuns([]));
    expect((await third.persistence.restore(new Set(['s2', 's3']))).requeued).toEqual([]);
    await third.persistence.clear();
    expect(await statuses()).toEqual({ b: 'queued', d: 'queued' });
  });

  it('a corrupted record is left in storage and named; the others come back and draw', async () => {
    const first = page('s1', openIdbRunStore(), stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]]]));
    first.receive(runMessages('a', 5, { result: finalResult([0.3, 0.4], [90, 85], 20), kernels: KERNELS }));
    first.receive(runMessages('b', 5, { result: finalResult([0.5, 0.6], [80, 75], 0), kernels: KERNELS }));
    await first.persistence.idle();
    const store = await openIdbRunStore();
    const good = (await store.allRuns()).find((r) => r.id === 'a')!;
    // What a bug, an extension or a half-written record could leave: each would have blanked the page or the front.
    const broken: [string, (r: SavedRun) => object][] = [
      ['c', (r) => ({ ...r, result: {} })],
      ['d', (r) => ({ ...r, result: { ...r.result!, rows: null } })],
      ['e', (r) => ({ ...r, result: { ...r.result!, test: { ...r.result!.test, nll: [Number.NaN, 1] } } })],
      ['f', (r) => ({ ...r, result: { ...r.result!, test: { ...r.result!.test, nll: [1e308, 1e308] } } })],
      ['g', (r) => ({ ...r, layers: 'x' })],
      ['h', (r) => ({ ...r, steps: { ...r.steps, columns: {} } })],
      // A run's own fields, as an import checks them: loaded, it would export as a file the import refuses.
      ['i', (r) => ({ ...r, totalSteps: -3 })],
      ['j', (r) => ({ ...r, pin: { run: 'x', ordinal: { a: 1 } } })],
    ];
    for (const [id, corrupt] of broken) await store.putRun({ ...(corrupt(good as unknown as SavedRun) as SavedRun), id, ordinal: id.charCodeAt(0) - 96 });

    const second = page('s2', openIdbRunStore(), stateWithRuns([]));
    const { runs } = await second.persistence.restore(new Set(['s2']));
    expect(runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(second.notices).toHaveLength(1);
    const message = second.notices.flatMap((n) => n.message).join();
    for (const ordinal of [3, 4, 5, 6, 7, 8, 9, 10]) expect(message).toContain(`run ${ordinal} (`);
    expect(message).toContain('totalSteps');
    // Left in storage, not deleted: a later version may read them.
    expect((await store.allRuns()).map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
  });

  it('keeps the problem of each run: a Cifar10Mnist run comes back as one, with its settings', async () => {
    const first = page('s1', openIdbRunStore(), stateWithRuns([['c', [0.2, 0.4, 0.4]]], 'cifar10mnist'));
    first.receive(runMessages('c', 4, { result: finalResult([2.1, 2.0], [21, 31], 14) }));
    await first.persistence.idle();
    const { runs } = await page('s2', openIdbRunStore(), stateWithRuns([])).persistence.restore(new Set(['s2']));
    expect(runs.map((r) => [r.id, r.state, r.config.problem, r.config.learningRate])).toEqual([['c', 'finished', 'cifar10mnist', 1e-4]]);
  });

  it("leaves another open tab's running run alone", async () => {
    const first = page('s1', openIdbRunStore(), stateWithRuns([['b', [0, 0.5, 0.5]]]));
    first.receive(runMessages('b', 3, null));
    await first.persistence.idle();
    const second = page('s2', openIdbRunStore(), stateWithRuns([]));
    const { runs, interrupted } = await second.persistence.restore(new Set(['s1', 's2']));
    expect(runs).toEqual([]);
    expect(interrupted).toEqual([]);
    // When the first tab finishes it, the record is complete.
    first.receive([{ kind: 'run-finished', runId: 'b', result: finalResult([1, 1], [50, 50], 0), layers: [], kernels: null, kernelBytes: 9e6 }]);
    await first.persistence.idle();
    const again = await page('s3', openIdbRunStore(), stateWithRuns([])).persistence.restore(new Set());
    expect(again.runs.map((r) => [r.id, r.state, r.kernels?.kept])).toEqual([['b', 'finished', false]]);
  });

  it('keeps a failed run with its cause, forgets a stopped one, and clears everything', async () => {
    const p = page('s1', openIdbRunStore(), stateWithRuns([['a', [1, 0, 0]], ['b', [0, 1, 0]], ['c', [0, 0, 1]]]));
    p.receive(runMessages('a', 2, null));
    p.receive([{ kind: 'run-failed', runId: 'a', message: 'diverged' }]);
    p.receive(runMessages('b', 2, null));
    p.receive([{ kind: 'run-stopped', runId: 'b' }]);
    p.receive(runMessages('c', 2, { result: finalResult([1, 1], [50, 50], 0), kernels: KERNELS }));
    await p.persistence.idle();
    const store = await openIdbRunStore();
    expect((await store.allRuns()).map((r) => [r.id, r.status, r.error]).sort()).toEqual([
      ['a', 'failed', 'diverged'],
      ['c', 'finished', null],
    ]);
    const reloaded = await page('s2', openIdbRunStore(), stateWithRuns([])).persistence.restore(new Set(['s2']));
    expect(reloaded.runs.map((r) => [r.id, r.state, r.error])).toEqual([
      ['a', 'failed', 'diverged'],
      ['c', 'finished', null],
    ]);
    expect(await p.persistence.clear()).toBe(2);
    expect(await store.allRuns()).toEqual([]);
    expect(await store.getKernels('c')).toBeUndefined();
  });

  it('two tabs that each numbered a run 1: the next load keeps the older one 1, numbers the other anew and says so', async () => {
    const first = page('s1', openIdbRunStore(), stateWithRuns([['a', [0.2, 0.4, 0.4]]]));
    first.receive(runMessages('a', 2, { result: finalResult([1, 1], [50, 50], 0) }));
    await first.persistence.idle();
    const second = page('s2', openIdbRunStore(), stateWithRuns([['b', [0, 0.5, 0.5]]]));
    second.receive(runMessages('b', 2, { result: finalResult([1, 1], [50, 50], 0) }));
    await second.persistence.idle();
    const reloaded = page('s3', openIdbRunStore(), stateWithRuns([]));
    const { runs } = await reloaded.persistence.restore(new Set(['s3']));
    expect(runs.map((r) => [r.id, r.ordinal])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(reloaded.notices).toEqual([
      {
        source: 'storage',
        level: 'info',
        message: 'Runs of two tabs had the same number: the older run keeps it, the other was numbered anew.',
        details: ['run 1 (k = (0, 0.5, 0.5)) is now run 2'],
      },
    ]);
    // Written back: the load after says nothing more.
    const again = page('s4', openIdbRunStore(), stateWithRuns([]));
    await again.persistence.restore(new Set(['s4']));
    expect(again.notices).toEqual([]);
  });

  it('deletes one run with its kernels (the run list): a reload does not bring it back; the other tabs are told', async () => {
    const told: string[][] = [];
    const p = page('s1', openIdbRunStore(), stateWithRuns([['a', [1, 0, 0]], ['c', [0, 0, 1]]]), { deleted: (ids) => told.push(ids) });
    p.receive(runMessages('a', 2, { result: finalResult([1, 1], [50, 50], 0), kernels: KERNELS }));
    p.receive(runMessages('c', 2, { result: finalResult([1, 1], [50, 50], 0), kernels: KERNELS }));
    await p.persistence.idle();
    expect(await p.persistence.deleteRuns(['a'])).toBe(true);
    const store = await openIdbRunStore();
    expect((await store.allRuns()).map((r) => r.id)).toEqual(['c']);
    expect(await store.getKernels('a')).toBeUndefined();
    expect(await store.getKernels('c')).toBeDefined();
    expect(told).toEqual([['a']]);
    const reloaded = await page('s2', openIdbRunStore(), stateWithRuns([])).persistence.restore(new Set(['s2']));
    expect(reloaded.runs.map((r) => r.id)).toEqual(['c']);
  });

  it('reports a full quota on screen, once per run, naming the run', async () => {
    const full = new MemoryRunStore();
    full.putRun = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const p = page('s1', Promise.resolve(full), stateWithRuns([['a', [0.2, 0.4, 0.4]]]));
    p.receive(runMessages('a', 5, { result: finalResult([0.3, 0.4], [90, 85], 20) }));
    await p.persistence.idle();
    expect(p.notices).toEqual([
      {
        source: 'storage',
        level: 'error',
        message:
          "Run 1 could not be saved in this browser: the browser's storage quota for this site is used up (The quota has been exceeded). " +
          'Export the results as JSON to keep them, or free space with "Clear saved runs".',
      },
    ]);
  });

  it("hands back no run this page queued itself before its restore came (its storage slow to open): it is queued already", async () => {
    const p = page('s1', openIdbRunStore(), stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]]]));
    p.receive([{ kind: 'state', state: 'running', runIds: ['a'], queued: ['b'], processing: true }, ...runMessages('a', 2, null)]);
    await p.persistence.idle();
    const { runs, requeued } = await p.persistence.restore(new Set(['s1']));
    expect(requeued).toEqual([]);
    expect(runs.map((r) => [r.id, r.state])).toEqual([['b', 'queued']]);
  });

  it("a saved model that cannot be read is said once, with the cause (the panel asks again as the handle moves)", async () => {
    const store = new MemoryRunStore();
    store.getModel = () => Promise.reject(new Error('the database connection is closing'));
    const p = page('s1', Promise.resolve(store), stateWithRuns([['m', [0.2, 0.4, 0.4]]]));
    expect(await p.persistence.model('m')).toBeUndefined();
    expect(await p.persistence.model('m')).toBeUndefined();
    expect(p.notices.map((n) => n.message)).toEqual(['The saved Pareto set model of run 1 could not be read: the database connection is closing.']);
  });

  it("a run that finishes while the restore waits for the storage keeps its finished record: the restore's write-back comes before it", async () => {
    const store = new MemoryRunStore();
    const old = page('s0', Promise.resolve(store), stateWithRuns([['old', [0.2, 0.4, 0.4]]]));
    old.receive(runMessages('old', 3, null)); // a page closed while 'old' trained: interrupted on the next load
    await old.persistence.idle();
    let open: (s: MemoryRunStore) => void = () => {};
    // This page queued b (its number 1, as the old run's) before the restore asked; b then trains and finishes.
    const p = page('s1', new Promise((resolve) => (open = resolve)), stateWithRuns([['b', [0, 0.5, 0.5]]]));
    p.receive([{ kind: 'state', state: 'running', runIds: [], queued: ['b'], processing: true }]);
    const restoring = p.persistence.restore(new Set(['s1']));
    p.receive(runMessages('b', 3, { result: finalResult([0.3, 0.4], [90, 85], 20) }));
    open(store);
    await restoring;
    await p.persistence.idle();
    // b keeps the number this page shows it by; the closed page's run takes the next.
    expect((await store.allRuns()).map((r) => [r.id, r.status, r.ordinal]).sort()).toEqual([
      ['b', 'finished', 1],
      ['old', 'interrupted', 2],
    ]);
  });

  it('a reload whose write-backs the full quota refuses still shows every saved run, and says what could not be saved', async () => {
    const store = new MemoryRunStore();
    const first = page('s1', Promise.resolve(store), stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]], ['c', [0.5, 0.25, 0.25]]]));
    first.receive(runMessages('a', 5, { result: finalResult([0.3, 0.4], [90, 85], 20) }));
    first.receive(runMessages('b', 3, null)); // the page is closed while b trains, c waiting in its queue
    first.receive([{ kind: 'state', state: 'running', runIds: ['b'], queued: ['c'], processing: true }]);
    await first.persistence.idle();
    store.putRun = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const second = page('s2', Promise.resolve(store), stateWithRuns([]));
    const { runs, interrupted, requeued } = await second.persistence.restore(new Set(['s2']));
    expect(runs.map((r) => [r.id, r.state])).toEqual([
      ['a', 'finished'],
      ['b', 'interrupted'],
    ]);
    expect(interrupted.map((r) => r.id)).toEqual(['b']);
    // c's adoption could not be written: another page would adopt it too. It waits for a later load.
    expect(requeued).toEqual([]);
    expect(second.notices).toHaveLength(1);
    expect(second.notices[0].message).toMatch(
      /^The saved runs are shown, but what changed about them on this load \(runs marked interrupted, queued again or renumbered\) could not be saved \(a run that waited in a closed page's queue is left for a later load\): the browser's storage quota/,
    );
  });

  it('a run the worker crash ended is saved as failed with the cause: a reload does not call it interrupted', async () => {
    let state = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    const store = openIdbRunStore();
    const persistence = new RunPersistence({ store, session: 's1', notify: () => expect.fail(), getRun: (id) => runOf(state, id), now: () => 1000 });
    const started = runMessages('a', 3, null);
    state = apply(state, started);
    persistence.handle(started);
    state = { ...state, runs: failWorkerRuns(state.runs, MAIN_WORKER, 'the trainer worker crashed: out of memory', 0) };
    persistence.workerGone();
    await persistence.idle();
    const { runs } = await page('s2', openIdbRunStore(), stateWithRuns([])).persistence.restore(new Set(['s2']));
    expect(runs.map((r) => [r.state, r.error])).toEqual([['failed', 'the trainer worker crashed: out of memory']]);
  });

  it('a queued run the worker died loading is saved as failed: a reload queues only the runs that still waited', async () => {
    let state = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]]]);
    const store = new MemoryRunStore();
    const persistence = new RunPersistence({ store: Promise.resolve(store), session: 's1', notify: () => expect.fail(), getRun: (id) => runOf(state, id), now: () => 1000 });
    const send = (messages: Parameters<typeof apply>[1]) => {
      state = apply(state, messages);
      persistence.handle(messages);
    };
    send([{ kind: 'state', state: 'idle', runIds: [], queued: ['a', 'b'], processing: false }]);
    send([{ kind: 'state', state: 'loading', runIds: ['a'], queued: ['b'], processing: true }]);
    // The backend crashes the worker while it builds a's model (before run-started); b waits for the next worker.
    state = { ...state, runs: failWorkerRuns(state.runs, MAIN_WORKER, 'the trainer worker crashed: out of memory', 0, true) };
    persistence.workerGone();
    await persistence.idle();
    expect(runOf(state, 'a').state).toBe('failed');
    const { runs, requeued } = await page('s2', Promise.resolve(store), stateWithRuns([])).persistence.restore(new Set(['s2']));
    expect(runs.map((r) => [r.id, r.state, r.error])).toEqual([
      ['a', 'failed', 'the trainer worker crashed: out of memory'],
      ['b', 'queued', null],
    ]);
    expect(requeued.map((r) => r.id)).toEqual(['b']);
  });

  it('refreshes the record of a running run with its progress every few seconds, not only at epoch ends', async () => {
    let state = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    let clock = 0;
    const persistence = new RunPersistence({ store: openIdbRunStore(), session: 's1', notify: () => expect.fail(), getRun: (id) => runOf(state, id), now: () => clock });
    const [started, steps] = runMessages('a', 40, null);
    const batches = [started, ...Array.from({ length: 40 }, (_, i) => ({ ...steps, data: (steps as Extract<typeof steps, { kind: 'steps' }>).data.slice(i * 23, (i + 1) * 23) }))];
    const written: number[] = [];
    for (const m of batches) {
      clock += 100; // a batch every 0.1 s
      state = apply(state, [m]);
      persistence.handle([m]);
      await persistence.idle();
      const saved = (await (await openIdbRunStore()).allRuns())[0];
      if (saved && !written.includes(saved.stepCount)) written.push(saved.stepCount);
    }
    // Written at the start and then every 2 s (20 batches), with the steps so far.
    expect(written).toEqual([0, 20, 40]);
    const { runs } = await page('s2', openIdbRunStore(), stateWithRuns([])).persistence.restore(new Set(['s2']));
    expect([runs[0].state, runs[0].stepCount, runs[0].steps.count]).toEqual(['interrupted', 40, 40]);
  });

  it('when results and weights both fail to save, the weights message does not claim the results were saved', async () => {
    const full = new MemoryRunStore();
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    full.putKernels = async () => quota();
    const p = page('s1', Promise.resolve(full), stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.2, 0.4, 0.4]]]));
    p.receive(runMessages('a', 5, { result: finalResult([0.3, 0.4], [90, 85], 20), kernels: KERNELS }));
    await p.persistence.idle();
    full.putRun = async () => quota();
    p.receive(runMessages('b', 5, { result: finalResult([0.3, 0.4], [90, 85], 20), kernels: KERNELS }));
    await p.persistence.idle();
    expect(p.notices.map((n) => n.message.split(':')[0])).toEqual([
      'The weights of run 1 (0.00 MB) could not be saved (its results were)',
      'Run 2 could not be saved in this browser',
      'The weights of run 2 (0.00 MB) could not be saved either',
    ]);
  });

  it('reports a store that cannot be opened', async () => {
    const p = page('s1', Promise.reject(new Error('IndexedDB is disabled')), stateWithRuns([]));
    expect(await p.persistence.restore(new Set())).toEqual({ runs: [], interrupted: [], requeued: [] });
    expect(p.notices[0].message).toBe('The saved runs could not be read: IndexedDB is disabled.');
  });
});

describe('reconcile', () => {
  const record = (id: string, status: SavedRun['status'], session: string, startedAt: number, ordinal = startedAt) =>
    ({ id, status, session, startedAt, ordinal, endedAt: null }) as SavedRun;

  it('restores finished and interrupted runs oldest first, marks orphaned running ones, skips live ones', () => {
    const { restore, interrupted } = reconcile(
      [record('late', 'finished', 'x', 30), record('orphan', 'running', 'gone', 20), record('live', 'running', 'open', 10), record('old', 'interrupted', 'x', 5)],
      new Set(['open']),
      99,
      'me',
    );
    expect(restore.map((r) => [r.id, r.ordinal, r.status])).toEqual([
      ['old', 5, 'interrupted'],
      ['orphan', 20, 'interrupted'],
      ['late', 30, 'finished'],
    ]);
    expect(interrupted.map((r) => [r.id, r.endedAt])).toEqual([['orphan', 99]]);
  });

  it("queues again the queued runs of a page that is gone, as this page's; a live tab's queue stays that tab's", () => {
    const { restore, requeued } = reconcile(
      [record('done', 'finished', 'gone', 5), record('waiting', 'queued', 'gone', 10), record('theirs', 'queued', 'open', 20)],
      new Set(['open', 'me']),
      99,
      'me',
    );
    expect(restore.map((r) => [r.id, r.ordinal, r.status, r.session])).toEqual([
      ['done', 5, 'finished', 'gone'],
      ['waiting', 10, 'queued', 'me'],
    ]);
    expect(requeued.map((r) => [r.id, r.ordinal, r.session])).toEqual([['waiting', 10, 'me']]);
  });

  it('keeps the numbers runs had (a deleted run leaves a gap); where two tabs gave one number, the later run takes a free one', () => {
    const { restore, interrupted, renumbered } = reconcile(
      [record('b', 'finished', 'tab1', 20, 3), record('a', 'finished', 'tab1', 10, 1), record('c', 'running', 'tab2', 15, 3), record('d', 'queued', 'tab2', 16, 1), record('e', 'failed', 'tab2', 25, 0)],
      new Set(['me']),
      99,
      'me',
    );
    expect(restore.map((r) => [r.id, r.ordinal])).toEqual([['a', 1], ['c', 3], ['b', 4], ['e', 5], ['d', 6]]);
    // Written back, so that the next load shows the same numbers even where the run that held one is deleted.
    expect(renumbered.map((r) => [r.id, r.ordinal])).toEqual([['b', 4], ['e', 5], ['d', 6]]);
    expect(interrupted.map((r) => [r.id, r.ordinal, r.status])).toEqual([['c', 3, 'interrupted']]);
    // A point pinned off a model names the model's new number.
    const pinned = { ...record('p', 'finished', 'tab2', 30, 7), pin: { run: 'b', ordinal: 3 } };
    expect(reconcile([record('b', 'finished', 'tab1', 20, 3), record('c', 'finished', 'tab2', 15, 3), pinned], new Set(), 1, 'me').renumbered.map((r) => [r.id, r.ordinal, r.pin])).toEqual([
      ['b', 8, undefined],
      ['p', 7, { run: 'b', ordinal: 8 }],
    ]);
    // A pin saved with another number than its model's (before numbers were kept) names the model's number here.
    const stale = { ...record('s', 'finished', 'x', 40, 9), pin: { run: 'a', ordinal: 2 } };
    expect(reconcile([record('a', 'finished', 'x', 10, 1), stale], new Set(), 1, 'me').renumbered.map((r) => [r.id, r.ordinal, r.pin])).toEqual([['s', 9, { run: 'a', ordinal: 1 }]]);
    // A pin of a deleted model still says its number: a run that needs a new one takes one after it.
    const orphan = { ...record('o', 'finished', 'x', 40, 2), pin: { run: 'deleted', ordinal: 6 } };
    expect(reconcile([record('a', 'finished', 'x', 10, 1), record('b', 'finished', 'y', 20, 1), orphan], new Set(), 1, 'me').renumbered.map((r) => [r.id, r.ordinal])).toEqual([['b', 7]]);
    const again = reconcile(restore.filter((r) => r.id !== 'c'), new Set(['me']), 100, 'me');
    expect(again.restore.map((r) => [r.id, r.ordinal])).toEqual([['a', 1], ['b', 4], ['e', 5], ['d', 6]]);
    expect(again.renumbered).toEqual([]);
  });

  it("leaves the numbers of a tab still open alone: its running run's number is taken, its finished run keeps its own", () => {
    // Closed tabs gave a and b number 1; the open tab trains run 2 (not restored here) and finished its run 4.
    const records = [record('a', 'finished', 'gone', 10, 1), record('b', 'finished', 'gone2', 20, 1), record('live', 'running', 'open', 30, 2), record('mine', 'finished', 'open', 40, 4), record('older', 'finished', 'gone', 5, 4)];
    const { restore, renumbered } = reconcile(records, new Set(['open', 'me']), 99, 'me');
    expect(restore.map((r) => [r.id, r.ordinal])).toEqual([['older', 5], ['a', 1], ['b', 6], ['mine', 4]]);
    expect(renumbered.map((r) => r.id)).toEqual(['older', 'b']);
  });

  it('distinct numbers for records of independent tabs (the lab’s): the first of a number keeps it; pins follow their model', () => {
    const r = (id: string, ordinal: number, pin?: { run: string; ordinal: number }) => ({ id, ordinal, ...(pin ? { pin } : {}) });
    const { records, renumbered } = withDistinctOrdinals([r('a', 1), r('b', 2), r('c', 1), r('p', 3, { run: 'c', ordinal: 1 }), r('q', 4, { run: 'gone', ordinal: 9 })]);
    expect(records.map((x) => [x.id, x.ordinal, x.pin?.ordinal])).toEqual([['a', 1, undefined], ['b', 2, undefined], ['c', 10, undefined], ['p', 3, 10], ['q', 4, 9]]);
    expect(renumbered.map((x) => x.id)).toEqual(['c', 'p']);
    expect(withDistinctOrdinals([r('a', 1), r('b', 2)]).renumbered).toEqual([]);
  });

  it('reads session ids from lock names', () => {
    expect(sessionsFromLockNames(['p:a', undefined, 'other', 'p:b'], 'p:')).toEqual(new Set(['a', 'b']));
  });
});
