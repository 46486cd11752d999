import { describe, expect, it } from 'vitest';
import { gridFromFlags } from './grid';
import { parseStackJob, type StackJobData } from './job';
import { stackGroups, sweepJobs } from './sweepJobs';

const ordinals = (groups: { ordinal: number }[][]) => groups.map((g) => g.map((r) => r.ordinal));

describe('a sweep as jobs', () => {
  it('one job a run unless asked for runs at once', () => {
    const grid = gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '3', methods: 'linear' });
    const jobs = sweepJobs('s', 'tiny', grid.runs, 1);
    expect(jobs.map((j) => [j.kind, j.id])).toEqual([
      ['run', 's-r0001'],
      ['run', 's-r0002'],
      ['run', 's-r0003'],
    ]);
  });

  it('stacks runs that differ only in their preference, at most K, in grid order; MGDA runs stay alone', () => {
    // 5 preferences × 2 seeds × (linear, MGDA): the seeds and the methods do not stack with each other.
    const grid = gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '5', seeds: '1,2', methods: 'linear,mgda' });
    expect(ordinals(stackGroups(grid.runs, 3))).toEqual([[1, 2, 3], [4, 5], [6, 7, 8], [9, 10], [11], [12], [13], [14], [15], [16], [17], [18], [19], [20]]);
    const jobs = sweepJobs('s', 'tiny', grid.runs, 3);
    expect(jobs[0]).toMatchObject({ kind: 'stack', id: 's-s0001', data: { sweep: 's', stack: 's-s0001' } });
    expect(jobs[1]).toMatchObject({ kind: 'stack', id: 's-s0004' });
    expect(jobs[4]).toMatchObject({ kind: 'run', id: 's-r0011' });
    // Each stack parses back at the worker: the runs as their own jobs would carry them.
    const parsed = parseStackJob(JSON.parse(JSON.stringify(jobs[0].data)));
    expect(parsed.ok && parsed.job.runs.map((r) => [r.run, r.config])).toEqual(grid.runs.slice(0, 3).map((r) => [`s-r000${r.ordinal}`, r.config]));
  });

  it('a Pareto set model is one job per seed, never in a stack, carrying the sweep’s preferences', () => {
    const grid = gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '3', seeds: '1,2', methods: 'linear,psl' });
    expect(grid.runs).toHaveLength(8);
    expect(ordinals(stackGroups(grid.runs, 8))).toEqual([[1, 2, 3], [4, 5, 6], [7], [8]]);
    const jobs = sweepJobs('s', 'tiny', grid.runs, 8);
    expect(jobs.map((j) => [j.kind, j.id])).toEqual([
      ['stack', 's-s0001'],
      ['stack', 's-s0004'],
      ['run', 's-r0007'],
      ['run', 's-r0008'],
    ]);
    for (const job of jobs.slice(2)) {
      expect(job.kind === 'run' && job.data).toMatchObject({ labels: { key: 'psl', preference: [0.2, 0.4, 0.4] }, readAt: grid.preferences });
    }
    expect(jobs.slice(2).map((j) => j.kind === 'run' && j.data.labels.seed)).toEqual([1, 2]);
  });

  it('plain and sparse runs of one config do not stack (their schedules differ)', () => {
    const grid = gridFromFlags({ budget: 'tiny', preferences: '0,0.5,0.5;0.2,0.4,0.4;0,0.3,0.7;0.1,0.6,0.3', methods: 'linear' });
    expect(ordinals(stackGroups(grid.runs, 8))).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('a stack job that cannot be trained at once is refused where a worker takes it, with every problem', () => {
    const grid = gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '3', seeds: '1,2', methods: 'linear' });
    const [stack] = sweepJobs('s', 'tiny', grid.runs, 3);
    const data = JSON.parse(JSON.stringify(stack.data)) as StackJobData;
    // A run of another seed slipped in, and another with a bad config.
    data.runs[1] = JSON.parse(JSON.stringify(sweepJobs('s', 'tiny', grid.runs, 1)[3].data));
    const mixed = parseStackJob(data);
    expect(mixed.ok === false && mixed.problems).toEqual(['job.runs: run 2 differs from run 1 in more than its preference']);
    (data.runs[2].config as { learningRate: number }).learningRate = -1;
    const bad = parseStackJob(data);
    expect(bad.ok === false && bad.problems).toEqual(['job.runs.2.config.learningRate: must be a number greater than 0 and at most 10']);
    expect(bad.ok === false && bad.problems.join()).not.toMatch(/differs/);
    expect(parseStackJob({ sweep: 's', stack: 's-s0001', runs: [] }).ok).toBe(false);
  });
});
