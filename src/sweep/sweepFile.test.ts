import { describe, expect, it } from 'vitest';
import { parseExperimentFile } from '../ui/exchange/experimentFile';
import { gridFromFlags } from './grid';
import { runJobData, type RunJobResult } from './job';
import { manifestJobs, manifestOf, mergeManifests, sweepFileText, sweepSummary, type RunOutcome } from './sweepFile';
import { sweepJobs } from './sweepJobs';

const grid = gridFromFlags({ budget: 'tiny', methods: 'linear,chebyshev-al-reference', preferences: 'grid', size: '2', 'eval-batch-size': '32' });
const manifest = manifestOf('s1', grid, 0);

describe('a sweep’s experiment file', () => {
  it('holds the grid’s experiment and its failed runs with their reasons; the explorer imports it', () => {
    const data = grid.runs.map((r) => runJobData('s1', 'tiny', r));
    const outcomes: RunOutcome[] = [
      { run: data[0].run, state: 'failed', reason: 'training diverged at step 3: objectives NaN, NaN, NaN', data: data[0], startedAt: 10, endedAt: 20 },
      { run: data[1].run, state: 'failed', reason: 'malformed job', data: { ...data[1], config: { bogus: true } }, startedAt: null, endedAt: null },
      { run: data[2].run, state: 'pending' },
    ];
    const collected = sweepFileText(manifest, outcomes, new Date(0));
    expect(collected).toMatchObject({ finished: 0, failed: 2, pending: 2, leftOut: [`${data[1].run}: malformed job`] });
    expect(collected.parts).toHaveLength(1);
    const parsed = parseExperimentFile(collected.parts[0], 'imported');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs.map((r) => [r.id, r.status, r.error])).toEqual([[data[0].run, 'failed', 'training diverged at step 3: objectives NaN, NaN, NaN']]);
    expect(parsed.experiment).toMatchObject({ budget: 'tiny', network: 'hps', methods: ['linear', 'chebyshev-al-reference'], sweep: 2, q: grid.preferences, k: grid.preferences[0] });
  });

  it('a Pareto set model is one run of the manifest (its progress weighs its own epochs), the file names psl among its methods', () => {
    const withModel = gridFromFlags({ budget: 'tiny', methods: 'linear,psl', preferences: 'grid', size: '3', 'eval-batch-size': '32' });
    const m = manifestOf('s5', withModel, 0, sweepJobs('s5', 'tiny', withModel.runs, 1));
    expect(m.runs.map((r) => [r.run, r.labels.key, r.job])).toEqual([
      ['s5-r0001', 'linear', undefined],
      ['s5-r0002', 'linear', undefined],
      ['s5-r0003', 'linear', undefined],
      ['s5-r0004', 'psl', undefined],
    ]);
    // Work: the images each trains on. The tiny budget's sparse run: (1·1 + 1·1) epochs of 128 images; the model 1.5×
    // those epochs, rounded (3).
    expect(m.runs.map((r) => r.work)).toEqual([2 * 128, 2 * 128, 2 * 128, 3 * 128]);
    expect(m.description).toMatch(/^3 preferences × 1 method \+ 1 Pareto set model = 4 runs; 3 preference vectors;/);
    // A failed model is listed with its reason, as any run.
    const data = withModel.runs.map((r) => runJobData('s5', 'tiny', r));
    const outcomes: RunOutcome[] = data.map((d) => ({ run: d.run, state: 'failed', reason: `no ${d.run}`, data: d, startedAt: 1, endedAt: 2 }));
    const parsed = parseExperimentFile(sweepFileText(m, outcomes, new Date(0)).parts[0], 'imported');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.experiment).toMatchObject({ methods: ['linear', 'psl'], sweep: 3, q: withModel.preferences });
    expect(parsed.runs.map((r) => [r.config.method.name, r.error])).toEqual([...data.slice(0, 3).map((d) => ['linear', `no ${d.run}`]), ['psl', 'no s5-r0004']]);
  });

  it('each run once, in grid order, whatever order the outcomes come in', () => {
    const fake = (run: string): RunJobResult => ({ run: { id: run } as Record<string, unknown>, worker: { host: 'h', pid: 1, backend: 'cpu' }, timing: { startedAt: 0, endedAt: 1, loadSeconds: 0, trainingSeconds: 1, wallSeconds: 1 }, attempt: 1 });
    const outcomes: RunOutcome[] = [...manifest.runs].reverse().map(({ run }) => ({ run, state: 'finished', result: fake(run) }));
    const collected = sweepFileText(manifest, [...outcomes, ...outcomes], new Date(0));
    expect(collected.finished).toBe(manifest.runs.length);
    expect((JSON.parse(collected.parts[0]).runs as { id: string }[]).map((r) => r.id)).toEqual(manifest.runs.map((r) => r.run));
  });

  it('runs trained at once: the manifest names each run’s stack, the summary counts the runs that failed alone', () => {
    const three = gridFromFlags({ budget: 'tiny', methods: 'linear,mgda', preferences: 'grid', size: '3', 'eval-batch-size': '32' });
    const stacked = manifestOf('s4', three, 0, sweepJobs('s4', 'tiny', three.runs, 8));
    expect(stacked.runs.map((r) => [r.run, r.job])).toEqual([
      ['s4-r0001', 's4-s0001'],
      ['s4-r0002', 's4-s0001'],
      ['s4-r0003', 's4-s0001'],
      ['s4-r0004', undefined],
      ['s4-r0005', undefined],
      ['s4-r0006', undefined],
    ]);
    expect(stacked.description).toMatch(/; 1 stack job of runs trained at once, 3 run jobs$/);
    expect([...manifestJobs(stacked).keys()]).toEqual(['s4-s0001', 's4-r0004', 's4-r0005', 's4-r0006']);
    const key = (id: string) => `bull:paretoscope-runs:${id}`;
    const values = {
      [key('s4-s0001')]: { runs: [{ run: 's4-r0001', state: 'finished' }, { run: 's4-r0002', state: 'failed', reason: 'diverged' }, { run: 's4-r0003', state: 'finished' }] },
      [key('s4-r0004')]: {},
    };
    expect(sweepSummary(stacked, values, { [key('s4-r0005')]: 'malformed', [key('s4-r0006')]: 'stalled' })).toEqual({ finished: 3, failed: { 's4-r0002': 'diverged', 's4-r0005': 'malformed', 's4-r0006': 'stalled' } });
    // A stack that failed as a whole: each of its runs failed with its reason.
    expect(sweepSummary(stacked, {}, { [key('s4-s0001')]: 'malformed job' }).failed).toEqual({ 's4-r0001': 'malformed job', 's4-r0002': 'malformed job', 's4-r0003': 'malformed job' });
  });

  it('several sweeps in one file: every sweep’s methods, their runs in turn, numbered on; the explorer imports it', () => {
    const otherGrid = gridFromFlags({ budget: 'tiny', methods: 'chebyshev-al', recipe: 'held', preferences: 'grid', size: '2', 'eval-batch-size': '32' });
    const other = manifestOf('s2', otherGrid, 5);
    const merged = mergeManifests([manifest, other]);
    expect(merged).toMatchObject({ sweep: 's1+s2', createdAt: 0, experiment: { methods: ['linear', 'chebyshev-al-reference', 'chebyshev-al'] } });
    expect(merged.runs.map((r) => [r.run, r.ordinal])).toEqual([...manifest.runs, ...other.runs].map((r, i) => [r.run, i + 1]));
    const failures: RunOutcome[] = [
      ...grid.runs.map((r) => runJobData('s1', 'tiny', r)),
      ...otherGrid.runs.map((r) => runJobData('s2', 'tiny', r)),
    ].map((data) => ({ run: data.run, state: 'failed', reason: `no ${data.run}`, data, startedAt: 1, endedAt: 2 }));
    const parsed = parseExperimentFile(sweepFileText(merged, failures, new Date(0)).parts[0], 'imported');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs.map((r) => [r.id, r.ordinal])).toEqual(merged.runs.map((r) => [r.run, r.ordinal]));
    expect(mergeManifests([manifest])).toBe(manifest);
    // Sweeps of two problems would share one front: refused.
    const cifar = manifestOf('s3', gridFromFlags({ budget: 'tiny', problem: 'cifar10mnist', methods: 'linear', preferences: 'grid', size: '2', 'eval-batch-size': '32' }), 0);
    expect(() => mergeManifests([manifest, cifar])).toThrow(/s1 \(multimnist\) and s3 \(cifar10mnist\) train different problems/);
    // Sweeps of two budgets may share a file, with a note that says so.
    expect(merged.note).toBeUndefined();
    const quick = manifestOf('s4', gridFromFlags({ budget: 'quick', methods: 'linear', preferences: 'grid', size: '2' }), 0);
    expect(mergeManifests([manifest, quick]).note).toBe('the sweeps train different budgets (s1: tiny, s4: quick): their points share one front');
  });
});
