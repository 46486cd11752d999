import { describe, expect, it } from 'vitest';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { finishedRunOf, labSweepChanges, labSweepEntries, labSweepStanding } from './labSweep';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from './teachingSettings';

const settings = DEFAULT_TEACHING;
const run = (id: string, key: 'linear' | 'psl', preference: number[], state: TeachingRun['state'], s = settings): TeachingRun => ({
  ...newTeachingRun(id, 1, { config: teachingRunConfig(s, key, preference), problem: problemKey(s), key }),
  state,
});

describe("the lab's sweep plan", () => {
  it('is every method at each grid point and a Pareto set model once, at the editor’s preference', () => {
    const entries = labSweepEntries(settings, [0.3, 0.7], ['linear', 'psl'], 3);
    expect(entries.map((e) => [e.key, e.preference.map((v) => +v.toFixed(4))])).toEqual([
      ['linear', [0.1667, 0.8333]],
      ['linear', [0.5, 0.5]],
      ['linear', [0.8333, 0.1667]],
      ['psl', [0.3, 0.7]],
    ]);
    expect(labSweepEntries({ ...settings, problem: 'width-transition', tasks: 3 }, [0.334, 0.333, 0.333], ['linear'], 3)).toHaveLength(3);
  });

  it('counts the runs finished with these settings (a model at any preference, no pin) and those to come', () => {
    const entries = labSweepEntries(settings, [0.3, 0.7], ['linear', 'psl'], 3);
    const runs = [
      run('a', 'linear', entries[0].preference, 'finished'),
      run('b', 'linear', entries[1].preference, 'queued'),
      run('c', 'linear', entries[2].preference, 'failed'),
      { ...run('p', 'psl', [0.3, 0.7], 'finished'), pin: { run: 'm', ordinal: 2 } },
    ];
    expect(labSweepStanding(runs, settings, entries)).toEqual({ total: 4, finished: 1, coming: 1 });
    const model = run('m', 'psl', [0.5, 0.5], 'finished');
    expect(finishedRunOf([...runs, model], settings, entries[3])?.id).toBe('m');
    expect(labSweepStanding([...runs, model], settings, entries)).toEqual({ total: 4, finished: 2, coming: 1 });
    // Another problem instance (its dimension) has runs of its own.
    const other = { ...settings, dimension: settings.dimension + 1 };
    expect(labSweepStanding([...runs, model], other, labSweepEntries(other, [0.3, 0.7], ['linear', 'psl'], 3))).toEqual({ total: 4, finished: 0, coming: 0 });
  });

  it('queues what is neither finished nor to come, and forgets the other ended runs of the methods it runs (the standing counts the finished ones)', () => {
    const three = labSweepEntries(settings, [0.3, 0.7], ['linear', 'psl'], 3);
    const runs = [
      // Swept at 3: the centre, (0.5, 0.5), is on the grid of 5 too.
      ...three.slice(0, 3).map((e, i) => run(`l${i}`, 'linear', e.preference, 'finished')),
      run('at-k', 'linear', [0.3, 0.7], 'finished'),
      run('stopped', 'linear', [0.9, 0.1], 'stopped'),
      { ...run('pin', 'linear', [0.2, 0.8], 'finished'), pin: { run: 'm', ordinal: 2 } },
      run('m', 'psl', [0.5, 0.5], 'finished'),
      run('other-problem', 'linear', [0.4, 0.6], 'finished', { ...settings, dimension: settings.dimension + 1 }),
    ];
    const five = labSweepEntries(settings, [0.3, 0.7], ['linear', 'psl'], 5);
    const { toRun, forgotten } = labSweepChanges(runs, settings, five);
    expect(toRun.map((e) => [e.key, e.preference.map((v) => +v.toFixed(2))])).toEqual([
      ['linear', [0.1, 0.9]],
      ['linear', [0.7, 0.3]],
      ['linear', [0.9, 0.1]],
    ]);
    // The centre stays (on both grids), as do the run at a typed k = (0.3, 0.7) (the grid's to rounding), the pin,
    // the model (nothing of psl to run) and the other problem's run.
    expect(forgotten.map((r) => r.id)).toEqual(['l0', 'l2', 'stopped']);
    expect(labSweepStanding(runs, settings, five)).toEqual({ total: 6, finished: 3, coming: 0, replaces: 2 });
    // Finished plan: nothing to run, nothing forgotten.
    expect(labSweepChanges(runs, settings, three)).toEqual({ toRun: [], forgotten: [] });
    expect(labSweepStanding(runs, settings, three)).toEqual({ total: 4, finished: 4, coming: 0 });
  });
});
