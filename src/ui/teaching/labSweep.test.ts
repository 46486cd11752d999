import { describe, expect, it } from 'vitest';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { finishedRunOf, labSweepEntries, labSweepStanding } from './labSweep';
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
});
