import { describe, expect, it } from 'vitest';
import { configProblems } from '../../experiment/config';
import { defaultSettings } from '../../experiment/config';
import { addRun, stateWithRuns, view, withRun } from '../testing/fakeRuns';
import { METHOD_KEYS } from '../../experiment/choices';
import { networkSweepEntries, networkSweepExtra, networkSweepMissing, networkSweepSize, networkSweepStanding, pendingSweep, settingsForMethod } from './networkSweep';

describe('network sweeps', () => {
  it('keeps k₀ and spreads the tasks over the grid, one valid config per method and preference', () => {
    const entries = networkSweepEntries(defaultSettings('quick'), [0.2, 0.4, 0.4], { methods: ['linear', 'chebyshev-al-reference'], size: 5 });
    expect(entries).toHaveLength(10);
    expect(entries.slice(0, 5).map((e) => e.preference)).toEqual([
      [0.2, 0.08, 0.72],
      [0.2, 0.24, 0.56],
      [0.2, 0.4, 0.4],
      [0.2, 0.56, 0.24],
      [0.2, 0.72, 0.08],
    ]);
    expect(entries[0].config).toMatchObject({ method: { name: 'linear' }, network: 'hps', trainSubset: 8192, preference: [0.2, 0.08, 0.72] });
    expect(entries[5].config).toMatchObject({ method: { name: 'chebyshev-al', variant: 'reference', mu0: 2.5e-8 } });
    for (const e of networkSweepEntries(defaultSettings('tiny'), [0, 0.5, 0.5], { methods: [...METHOD_KEYS], size: 3 })) expect(configProblems(e.config)).toEqual([]);
  });

  it('trains one Pareto set model at the editor\'s preference for the whole grid, and not again while one of its settings exists', () => {
    const entries = networkSweepEntries(defaultSettings('tiny'), [0.2, 0.3, 0.5], { methods: ['linear', 'psl'], size: 3 });
    expect(entries.map((e) => [e.key, e.preference])).toEqual([
      ['linear', [0.2, 0.1333, 0.6667]],
      ['linear', [0.2, 0.4, 0.4]],
      ['linear', [0.2, 0.6667, 0.1333]],
      ['psl', [0.2, 0.3, 0.5]],
    ]);
    // A model of these settings at another preference is the same model; a point pinned off it is not a model.
    const model = { ...entries[3].config, preference: [0, 0.5, 0.5] };
    const s = addRun(stateWithRuns([]), 'm', model);
    expect(pendingSweep(view(s).runs, entries).map((e) => e.key)).toEqual(['linear', 'linear', 'linear']);
    const pinned = withRun(addRun(stateWithRuns([]), 'p', model), 'p', (p) => ({ ...p, state: 'finished', pin: { run: 'm', ordinal: 1 } }));
    expect(pendingSweep(view(pinned).runs, entries).map((e) => e.key)).toContain('psl');
  });

  it('counts the entries finished with the same settings and those to come (a model at any preference, no pin)', () => {
    const entries = networkSweepEntries(defaultSettings('tiny'), [0.2, 0.4, 0.4], { methods: ['linear', 'psl'], size: 3 });
    expect(networkSweepStanding([], entries)).toEqual({ total: 4, finished: 0, coming: 0 });
    let s = addRun(stateWithRuns([]), 'a', entries[0].config);
    s = withRun(s, 'a', (a) => ({ ...a, state: 'finished' }));
    s = addRun(s, 'b', entries[1].config);
    s = addRun(s, 'c', entries[2].config);
    s = withRun(s, 'c', (c) => ({ ...c, state: 'failed' }));
    // A point pinned off a model is no model; the model itself, trained at another preference, is.
    s = withRun(addRun(s, 'p', entries[3].config), 'p', (p) => ({ ...p, state: 'finished', pin: { run: 'm', ordinal: 9 } }));
    expect(networkSweepStanding(view(s).runs, entries)).toEqual({ total: 4, finished: 1, coming: 1 });
    s = withRun(addRun(s, 'm', { ...entries[3].config, preference: [0, 0.5, 0.5] }), 'm', (m) => ({ ...m, state: 'finished' }));
    const standing = networkSweepStanding(view(s).runs, entries);
    expect(standing).toEqual({ total: 4, finished: 2, coming: 1 });
    // Readings of a run change no state: the same answer, not counted again.
    expect(networkSweepStanding(view(withRun(s, 'b', (b) => ({ ...b, stepCount: 7 }))).runs, entries)).toBe(standing);
    expect(networkSweepStanding(view(withRun(s, 'b', (b) => ({ ...b, state: 'finished' }))).runs, entries)).toEqual({ total: 4, finished: 3, coming: 0 });
    // Another setting (the seed) is another run.
    const reseeded = networkSweepEntries({ ...defaultSettings('tiny'), overrides: { seed: 7 } }, [0.2, 0.4, 0.4], { methods: ['linear'], size: 3 });
    expect(networkSweepStanding(view(s).runs, reseeded)).toEqual({ total: 3, finished: 0, coming: 0 });
  });

  it('a run re-targeted while it trained does not stand for its grid preference (its point lies elsewhere)', () => {
    const k = [0.2, 0.4, 0.4];
    const entries = networkSweepEntries(defaultSettings('tiny'), k, { methods: ['linear'], size: 3 });
    let s = stateWithRuns([]);
    entries.forEach((e, i) => (s = addRun(s, `explorer-sweep-x-${i}`, e.config)));
    entries.forEach((_, i) =>
      (s = withRun(s, `explorer-sweep-x-${i}`, (r) => ({ ...r, state: 'finished', retargets: i === 1 ? [{ step: 10, preference: [0.2, 0.7, 0.1] }] : [] }))),
    );
    expect(pendingSweep(view(s).runs, entries).map((e) => e.preference)).toEqual([entries[1].preference]);
    expect(networkSweepMissing(view(s).runs, k[0], 3)).toBe('linear:1');
    expect(networkSweepStanding(view(s).runs, entries)).toEqual({ total: 3, finished: 2, coming: 0 });
  });

  it("says which swept methods' numbers count runs off the sweep's grid (runs of the user's own): they can decide the ranking", () => {
    const k = [0.2, 0.4, 0.4];
    const entries = networkSweepEntries(defaultSettings('tiny'), k, { methods: ['linear'], size: 3 });
    let s = stateWithRuns([]);
    entries.forEach((e, i) => (s = addRun(s, `explorer-sweep-x-${i}`, e.config)));
    entries.forEach((_, i) => (s = withRun(s, `explorer-sweep-x-${i}`, (r) => ({ ...r, state: 'finished' }))));
    expect(networkSweepExtra(view(s).runs, k[0], 3)).toBe('');
    // Two of the user's own: one at another k, one re-targeted while it trained; a third still training is not counted.
    s = addRun(s, 'own-1', entries[0].config);
    s = withRun(s, 'own-1', (r) => ({ ...r, state: 'finished', config: { ...r.config, preference: [0.3, 0.35, 0.35] } }));
    s = addRun(s, 'own-2', entries[1].config);
    s = withRun(s, 'own-2', (r) => ({ ...r, state: 'finished', retargets: [{ step: 3, preference: [0.2, 0.1, 0.7] }] }));
    s = addRun(s, 'own-3', { ...entries[2].config, preference: [0.1, 0.45, 0.45] });
    expect(networkSweepExtra(view(s).runs, k[0], 3)).toBe(
      "Counted beside the sweep's 3 preferences: runs at others (Linear 2). A method's numbers count all its runs of this setting, so compare them with that in mind, or Delete the extra runs.",
    );
  });

  it('a sweep at a k₀ larger than the task weights, cut short, is marked partial (the grid keeps k₀ exactly)', () => {
    const k = [0.5, 0.25, 0.25];
    const entries = networkSweepEntries(defaultSettings('tiny'), k, { methods: ['linear'], size: 8 });
    let s = stateWithRuns([]);
    entries.forEach((e, i) => (s = addRun(s, `explorer-sweep-x-${i}`, e.config)));
    entries.forEach((_, i) => (s = withRun(s, `explorer-sweep-x-${i}`, (r) => ({ ...r, state: i < 3 ? 'finished' : 'stopped' }))));
    expect(networkSweepMissing(view(s).runs, k[0], 8)).toBe('linear:5');
  });

  it('a variant switch drops the other variant’s multiplier overrides', () => {
    const settings = { ...defaultSettings(), overrides: { mu0: 3, seed: 4 } };
    expect(settingsForMethod(settings, 'chebyshev-al').overrides).toEqual({ mu0: 3, seed: 4 });
    expect(settingsForMethod(settings, 'chebyshev-al-reference').overrides).toEqual({ seed: 4 });
  });

  it('does not queue a run that exists with the same config', () => {
    const entries = networkSweepEntries(defaultSettings('tiny'), [0.2, 0.4, 0.4], { methods: ['linear', 'mgda'], size: 2 });
    let s = addRun(stateWithRuns([]), 'a', entries[1].config);
    s = addRun(s, 'b', entries[2].config);
    s = withRun(s, 'b', (b) => ({ ...b, state: 'failed' }));
    expect(pendingSweep(view(s).runs, entries).map((e) => e.config.preference.join() + e.key)).toEqual([entries[0], entries[2], entries[3]].map((e) => e.config.preference.join() + e.key));
  });

  it('says at how many of the grid\'s preferences a swept method has no run: stopped, failed, or the page reloaded mid-sweep', () => {
    const entries = networkSweepEntries(defaultSettings('tiny'), [0.2, 0.4, 0.4], { methods: ['linear', 'mgda'], size: 3 });
    let s = stateWithRuns([]);
    entries.forEach((e, i) => (s = addRun(s, `explorer-sweep-x-${i}`, e.config)));
    // A single run of another method at a preference of the user's choosing is not part of any sweep.
    s = addRun(s, 'single', networkSweepEntries(defaultSettings('tiny'), [0.2, 0.1, 0.7], { methods: ['chebyshev-al'], size: 1 })[0].config);
    const finish = (id: string) => (s = withRun(s, id, (r) => ({ ...r, state: 'finished' })));
    ['explorer-sweep-x-0', 'single'].forEach(finish);
    // Queued runs are to come: nothing is missing yet (their numbers are marked pending instead).
    expect(networkSweepMissing(view(s).runs, 0.2, 3)).toBe('');
    // Stopped: linear's last two runs and mgda's failed or were stopped; mgda, with no finished run, misses all three.
    for (const i of [1, 2, 3, 4, 5]) s = withRun(s, `explorer-sweep-x-${i}`, (r) => ({ ...r, state: i === 2 ? 'failed' : 'stopped' }));
    expect(networkSweepMissing(view(s).runs, 0.2, 3)).toBe('linear:2,mgda:3');
    ['explorer-sweep-x-3', 'explorer-sweep-x-4'].forEach(finish);
    // After a reload (no sweep k₀ on the page) the latest sweep run's k₀ sets the grid.
    expect(networkSweepMissing(view(s).runs, null, 3)).toBe('linear:2,mgda:1');
    // Another number in the box (in the explorer or the lab: they share it) plans the next sweep: the one that ran is
    // measured at its own grid. A sweep at another k₀ (of other methods) does not hold these methods to its grid.
    expect(networkSweepSize(view(s).runs, null, 4)).toBe(3);
    expect(networkSweepMissing(view(s).runs, 0.3, 3)).toBe('');
  });

  it("tells the Sweep button's runs (and its ids of before) from an imported npm run sweep's", () => {
    const entries = networkSweepEntries(defaultSettings('tiny'), [0.2, 0.4, 0.4], { methods: ['linear'], size: 3 });
    const finishedAs = (ids: string[]) => {
      let s = stateWithRuns([]);
      ids.forEach((id, i) => (s = withRun(addRun(s, id, entries[i].config), id, (r) => ({ ...r, state: 'finished' }))));
      return view(s).runs;
    };
    // One of three preferences run: cut short.
    expect(networkSweepMissing(finishedAs(['sweep-mhx3k2-4']), null, 3)).toBe('linear:2');
    expect(networkSweepMissing(finishedAs(['explorer-sweep-mhx3k2-4']), null, 3)).toBe('linear:2');
    // npm run sweep's default name is sweep-YYYYMMDD-HHMMSS, its runs …-r0001: not the explorer's sweep.
    expect(networkSweepMissing(finishedAs(['sweep-20261205-224412-r0001']), null, 3)).toBe('');
  });

  it('marks nothing where no run came from a sweep', () => {
    const s = withRun(stateWithRuns([['a', [0.2, 0.4, 0.4]]]), 'a', (r) => ({ ...r, state: 'finished' }));
    expect(networkSweepMissing(view(s).runs, null, 5)).toBe('');
  });
});

describe("the number of preferences a network sweep is measured at", () => {
  const sweptAt = (sizes: number[]) => {
    let s = stateWithRuns([]);
    let i = 0;
    for (const size of sizes) for (const e of networkSweepEntries(defaultSettings('tiny'), [0.2, 0.4, 0.4], { methods: ['linear'], size })) s = addRun(s, `explorer-sweep-x-${i++}`, e.config);
    return view(s).runs;
  };

  it('is the grid at the sweep\'s k₀ holding most of its runs (the box among equals); the box\'s before any sweep', () => {
    expect(networkSweepSize(sweptAt([3]), null, 3)).toBe(3);
    expect(networkSweepSize(sweptAt([3]), null, 7)).toBe(3);
    // The grid of 3 lies inside that of 9: a sweep of 9 is measured at 9 whatever the box (3 would call 6 of its runs extra).
    expect(networkSweepSize(sweptAt([9]), null, 3)).toBe(9);
    expect(networkSweepSize(sweptAt([9]), null, 1)).toBe(9);
    expect(networkSweepSize(sweptAt([3, 5]), null, 3)).toBe(5);
    expect(networkSweepSize([], null, 8)).toBe(8);
    // One run of the Sweep button is a sweep of one preference.
    expect(networkSweepSize(sweptAt([1]), null, 2)).toBe(1);
    // Half a grid is still that grid (a sweep whose page was closed before it queued the rest).
    expect(networkSweepSize(sweptAt([4]).slice(0, 2), null, 9)).toBe(4);
  });
});
