/**
 * The teaching lab's runs in the browser's storage: a finished run is written once whichever worker ran it, a run the
 * lab forgets is deleted, a reload brings the runs back as they were, and a record that does not pass the schema is
 * left in storage and named. Also the file's side: teaching runs export, import, and a bad one is refused with its
 * place.
 */
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { defaultExperiment } from '../../experiment/link/experiment';
import { experimentFileText, parseExperimentFile } from '../exchange/experimentFile';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { addRuns, emptyRuns, removeRuns, restoreRuns, type RunsState } from '../runs/runsState';
import { ownedRuns } from '../runs/runViews';
import type { Notice } from '../store';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from '../teaching/teachingSettings';
import { MemoryRunStore } from './runStore';
import { savedTeachingRunOf, teachingRunOf } from './savedTeachingRun';
import { TeachingPersistence } from './teachingPersistence';

function finished(id: string, ordinal: number, result = [0.3, 0.7]): TeachingRun {
  const run = newTeachingRun(id, ordinal, { config: teachingRunConfig(DEFAULT_TEACHING, 'chebyshev-al', [0.5, 0.5]), problem: problemKey(DEFAULT_TEACHING), key: 'chebyshev-al' });
  return { ...run, state: 'finished', backend: 'cpu', totalSteps: 800, stepCount: 800, startedAt: 10, endedAt: 1010, result, trail: [[0.9, 0.9], [0.5, 0.6]] };
}

function setUp(store = new MemoryRunStore()) {
  const runs = create<RunsState>()(() => emptyRuns());
  const notices: Omit<Notice, 'id'>[] = [];
  const unreadable: (string | null)[][] = [];
  const dismissed: number[] = [];
  const stored: number[] = [];
  const persistence = new TeachingPersistence({
    store: Promise.resolve(store),
    notify: (n) => notices.push(n),
    dismiss: (id) => void dismissed.push(id),
    storedOrdinal: (ordinal) => void stored.push(ordinal),
    runs: () => ownedRuns(runs.getState(), 'teaching'),
    subscribe: (listener) => runs.subscribe(listener),
    restore: (restored) => runs.setState((s) => restoreRuns(s, restored)),
    unreadable: (problems) => unreadable.push(problems),
  });
  return { runs, store, notices, persistence, unreadable, dismissed, stored };
}

const settle = async (p: TeachingPersistence) => {
  for (let i = 0; i < 5; i++) await p.idle();
};

describe('teaching persistence', () => {
  it('saves finished runs once, deletes forgotten ones, and restores them after a reload', async () => {
    const { runs, store, persistence } = setUp();
    const stop = persistence.start();
    await settle(persistence);
    const queued = newTeachingRun('q', 3, { config: teachingRunConfig(DEFAULT_TEACHING, 'linear', [0.5, 0.5]), problem: problemKey(DEFAULT_TEACHING), key: 'linear' });
    runs.setState((s) => addRuns(s, [finished('a', 1), finished('b', 2, [0.6, 0.2]), queued]));
    await settle(persistence);
    expect(((await store.allTeachingRuns()) as { id: string }[]).map((r) => r.id).sort()).toEqual(['a', 'b']);

    runs.setState((s) => removeRuns(s, ['a']));
    await settle(persistence);
    expect(((await store.allTeachingRuns()) as { id: string }[]).map((r) => r.id)).toEqual(['b']);
    stop();

    // A reload: a new page with an empty run store and the same storage.
    const after = setUp(store);
    after.persistence.start();
    await settle(after.persistence);
    const [restored] = ownedRuns(after.runs.getState(), 'teaching');
    const original = finished('b', 2, [0.6, 0.2]);
    expect(restored).toEqual({ ...original, worker: null });
    expect(after.notices).toEqual([]);
  });

  it('two tabs that each gave a run number 1: after a reload the older keeps it, the other takes the next free one, for good', async () => {
    const store = new MemoryRunStore();
    const [a, b] = [setUp(store), setUp(store)];
    a.persistence.start();
    b.persistence.start();
    await Promise.all([settle(a.persistence), settle(b.persistence)]);
    a.runs.setState((s) => addRuns(s, [{ ...finished('a1', 1), startedAt: 20 }, { ...finished('a2', 2), startedAt: 5 }]));
    // Tab b's run 1 is older than a's, its run 2 older still; its run 3 is its own.
    b.runs.setState((s) => addRuns(s, [{ ...finished('b1', 1), startedAt: 10 }, { ...finished('b2', 2), startedAt: 1 }, { ...finished('b3', 3), startedAt: 30 }]));
    await Promise.all([settle(a.persistence), settle(b.persistence)]);
    const reload = setUp(store);
    reload.persistence.start();
    await settle(reload.persistence);
    const numbers = () => Object.fromEntries(ownedRuns(reload.runs.getState(), 'teaching').map((r) => [r.id, r.ordinal]));
    expect(numbers()).toEqual({ b2: 2, a2: 4, b1: 1, a1: 5, b3: 3 });
    // Said: a number someone noted now names another run.
    expect(reload.notices.map((n) => [n.message, n.details])).toEqual([
      [
        'Teaching runs of two tabs had the same number: the older run keeps it, the other was numbered anew.',
        ['teaching run 2 (chebyshev-al, k = (0.5, 0.5)) is now run 4', 'teaching run 1 (chebyshev-al, k = (0.5, 0.5)) is now run 5'],
      ],
    ]);
    // Written back: the next load shows the same numbers.
    const again = setUp(store);
    again.persistence.start();
    await settle(again.persistence);
    expect(Object.fromEntries(ownedRuns(again.runs.getState(), 'teaching').map((r) => [r.id, r.ordinal]))).toEqual(numbers());
  });

  it('leaves a record the schema refuses in storage and names it', async () => {
    const store = new MemoryRunStore();
    const good = savedTeachingRunOf(finished('good', 1), (t) => t);
    if (!good) throw new Error('a finished run is saved');
    await store.putTeachingRun(good);
    await store.putTeachingRun({ ...good, id: 'nan', ordinal: 2, result: [Number.NaN, 0.5] });
    await store.putTeachingRun({ ...good, id: 'three', ordinal: 3, result: [0.1, 0.2, 0.3] });
    const { runs, notices, persistence } = setUp(store);
    persistence.start();
    await settle(persistence);
    expect(ownedRuns(runs.getState(), 'teaching').map((r) => r.id)).toEqual(['good']);
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toContain('teaching run 2 (result[0]: must be a finite number');
    expect(notices[0].message).toContain('teaching run 3 (result: must have 2 entries');
    expect(notices[0].message).toContain("The lab's Clear results of their problem removes them.");
    expect(await store.allTeachingRuns()).toHaveLength(3);
  });

  it("Clear results of a problem removes its saved records this version cannot read, and those naming no readable problem; the others' stay", async () => {
    const store = new MemoryRunStore();
    const good = savedTeachingRunOf(finished('good', 1), (t) => t);
    if (!good) throw new Error('a finished run is saved');
    const otherProblem = { ...good.config, problem: { kind: 'fonseca-fleming' as const, dimension: 3 } };
    await store.putTeachingRun(good);
    await store.putTeachingRun({ ...good, id: 'nan', ordinal: 2, result: [Number.NaN, 0.5] });
    await store.putTeachingRun({ ...good, id: 'other', ordinal: 3, config: otherProblem, result: [Number.NaN, 0.5] });
    await store.putTeachingRun({ ...good, id: 'no-problem', ordinal: 4, config: { ...good.config, problem: { kind: 'fonseca-fleming', dimension: 1000 } } });
    const { notices, persistence, unreadable, dismissed, stored } = setUp(store);
    persistence.start();
    await settle(persistence);
    expect(notices).toHaveLength(1);
    const shown = problemKey(DEFAULT_TEACHING);
    expect(unreadable).toEqual([[shown, 'fonseca-fleming n=3', null]]);
    // Their numbers (2, 3, 4) are held while they are stored.
    expect(stored).toEqual([4]);
    persistence.clearUnreadable(shown);
    await settle(persistence);
    expect(((await store.allTeachingRuns()) as { id: string }[]).map((r) => r.id).sort()).toEqual(['good', 'other']);
    expect(unreadable.at(-1)).toEqual(['fonseca-fleming n=3']);
    // The notice names one left: it stays until the last is removed.
    expect(dismissed).toEqual([]);
    persistence.clearUnreadable('fonseca-fleming n=3');
    await settle(persistence);
    expect(dismissed).toEqual([1]);
    expect(stored).toEqual([4, 3, 0]);
    // Nothing more of that problem: a second clear deletes nothing.
    persistence.clearUnreadable(shown);
    await settle(persistence);
    expect(await store.allTeachingRuns()).toHaveLength(1);
    expect(notices).toHaveLength(1);
  });

  it('a storage error is one notice, and the lab keeps its runs', async () => {
    const store = new MemoryRunStore();
    store.putTeachingRun = () => Promise.reject(new Error('QuotaExceededError'));
    const { runs, notices, persistence } = setUp(store);
    persistence.start();
    await settle(persistence);
    runs.setState((s) => addRuns(s, [finished('a', 1), finished('b', 2)]));
    await settle(persistence);
    expect(notices.map((n) => n.message)).toEqual(['Teaching run 1 could not be saved in this browser: QuotaExceededError.']);
    expect(ownedRuns(runs.getState(), 'teaching')).toHaveLength(2);
  });

  it('the runs a full quota refused are saved with the next run once there is space; a new failure is said again', async () => {
    const store = new MemoryRunStore();
    const put = store.putTeachingRun.bind(store);
    let full = true;
    store.putTeachingRun = (run) => (full ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : put(run));
    const { runs, notices, persistence } = setUp(store);
    persistence.start();
    await settle(persistence);
    runs.setState((s) => addRuns(s, [finished('a', 1), finished('b', 2)]));
    await settle(persistence);
    expect(notices.map((n) => n.message)).toEqual([
      'Teaching run 1 could not be saved in this browser: the browser\'s storage quota for this site is used up (The quota has been exceeded). ' +
        'Free space with the explorer\'s "Clear saved runs" or the lab\'s "Clear results"; the runs not saved are saved when the next run finishes.',
    ]);
    full = false;
    runs.setState((s) => addRuns(s, [finished('c', 3)]));
    await settle(persistence);
    expect(((await store.allTeachingRuns()) as { id: string }[]).map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    full = true;
    runs.setState((s) => addRuns(s, [finished('d', 4)]));
    await settle(persistence);
    expect(notices).toHaveLength(2);
    expect(notices[1].message).toMatch(/^Teaching run 4 could not be saved/);
  });

  it('a reload whose new numbers cannot be written shows the runs, and deletes none of them', async () => {
    const store = new MemoryRunStore();
    // Two tabs each numbered a run 1.
    await store.putTeachingRun(savedTeachingRunOf({ ...finished('a', 1), startedAt: 10 }, (t) => t)!);
    await store.putTeachingRun(savedTeachingRunOf({ ...finished('b', 1), startedAt: 20 }, (t) => t)!);
    store.putTeachingRun = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const { runs, notices, persistence } = setUp(store);
    persistence.start();
    await settle(persistence);
    expect(ownedRuns(runs.getState(), 'teaching').map((r) => [r.id, r.ordinal])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(((await store.allTeachingRuns()) as { id: string }[]).map((r) => r.id).sort()).toEqual(['a', 'b']);
    expect(notices.map((n) => n.message)).toEqual([
      'Teaching runs of two tabs had the same number: the older run keeps it, the other was numbered anew.',
      expect.stringMatching(/^The saved teaching runs are shown, but their new numbers could not be saved: the browser's storage quota/),
    ]);
  });
});

describe('teaching runs in an exported file', () => {
  it('export and import whole; files before version 4 have none', () => {
    // b trained at once with another run: the file says so, and the record read back does.
    const saved = [finished('a', 1), { ...finished('b', 2, [0.6, 0.2]), runsAtOnce: 2 }].map((r) => savedTeachingRunOf(r, (t) => t) as NonNullable<ReturnType<typeof savedTeachingRunOf>>);
    expect(saved.map((r) => r.runsAtOnce)).toEqual([undefined, 2]);
    const text = experimentFileText(defaultExperiment(), [], new Date(0), saved);
    const parsed = parseExperimentFile(text, 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.teachingRuns).toEqual(saved);
    expect(parsed.teachingRuns.map((r) => teachingRunOf(r).key)).toEqual(['chebyshev-al', 'chebyshev-al']);
    expect(parsed.teachingRuns.map((r) => teachingRunOf(r).runsAtOnce)).toEqual([undefined, 2]);
    const v3 = JSON.parse(text) as Record<string, unknown>;
    delete v3.teachingRuns;
    const older = parseExperimentFile(JSON.stringify({ ...v3, version: 3 }), 'here');
    expect(older.ok && older.teachingRuns).toEqual([]);
  });

  it('leaves out a bad teaching run, naming its number and place', () => {
    const good = savedTeachingRunOf(finished('a', 1), (t) => t);
    const cases: [unknown, string][] = [
      [{ ...good, result: [1e308, 0] }, 'teachingRuns[0].result[0]: must be a finite number from 0 to 1000000'],
      [{ ...good, config: { ...good?.config, problem: { kind: 'fonseca-fleming', dimension: 1 } } }, 'teachingRuns[0].config.problem.dimension'],
      [{ ...good, config: { ...good?.config, preference: [0.9, 0.9] } }, 'teachingRuns[0].config'],
      [{ ...good, trail: [[0.1, 0.2, 0.3]] }, 'teachingRuns[0].trail[0]: must have 2 entries'],
      [{ ...good, extra: 1 }, 'teachingRuns[0]'],
    ];
    for (const [run, place] of cases) {
      const file = JSON.parse(experimentFileText(defaultExperiment(), [], new Date(0))) as Record<string, unknown>;
      const parsed = parseExperimentFile(JSON.stringify({ ...file, teachingRuns: [run] }), 'here');
      expect(parsed.ok && [parsed.teachingRuns.length, parsed.unread]).toEqual([0, 1]);
      expect(parsed.ok && parsed.leftOut.join('\n')).toContain(`teaching run 1 of 1 · ${place}`);
    }
  });
});
