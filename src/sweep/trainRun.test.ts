import { UnrecoverableError } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../engine/node/tfjsNode';
import { syntheticDataset } from '../engine/testing/syntheticData';
import { savedRunSchema } from '../ui/exchange/savedRunSchema';
import { networkTaskGrid } from '../ui/compare/sweepGrid';
import { gridFromFlags } from './grid';
import { parseRunJob, runJobData, type JobProgress, type ParsedRunJob } from './job';
import { trainRun, type TrainDeps } from './trainRun';
import { SYNTHETIC_RUN_NOTE } from './workerEnv';

const dataset = syntheticDataset({ train: 256, val: 64, test: 64 });

function jobOf(flags: Record<string, string>, index = 0): ParsedRunJob {
  const grid = gridFromFlags({ budget: 'tiny', ...flags });
  const parsed = parseRunJob(JSON.parse(JSON.stringify(runJobData('s-test', 'tiny', grid.runs[index]))));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.job;
}

describe('training a sweep run', () => {
  let deps: TrainDeps;
  const progress: JobProgress[] = [];
  beforeAll(async () => {
    const backend = await useNodeBackend('cpu');
    deps = { backend, attempt: 1, dataset: async () => ({ dataset, seconds: 0 }), progress: async (p) => void progress.push(p) };
  });

  it('returns the run as the exported file holds it: config, result, epochs, named step columns, row classes', async () => {
    const job = jobOf({ k: '0.2,0.4,0.4', methods: 'linear' });
    // The worker names the code it runs: each run's note says it, so a collected file ties its numbers to a commit.
    // Trained on the synthetic data (npm run worker --data synthetic): its notes say so, for npm run front.
    const out = await trainRun(job, { ...deps, code: '0123456789ab with local changes', synthetic: true });
    const parsed = savedRunSchema.safeParse(out.run);
    expect(parsed.success).toBe(true);
    expect(out.run).toMatchObject({ id: 's-test-r0001', ordinal: 1, status: 'finished', backend: 'cpu', kernels: null, error: null, retargets: [] });
    const run = parsed.data as NonNullable<typeof parsed.data>;
    expect(run.config).toEqual(job.config);
    expect(run.steps.count).toBe(run.stepCount);
    expect('columns' in run.steps && run.steps.columns.method).toBe('linear');
    expect(run.epochs.length).toBeGreaterThan(0);
    expect(run.layers?.length).toBeGreaterThan(0);
    expect(run.notes.at(-1)).toMatch(/sweep s-test: trained by .* on cpu at commit 0123456789ab with local changes, try 1/);
    expect(run.notes[0]).toBe(SYNTHETIC_RUN_NOTE);
    expect(out.timing.wallSeconds).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ step: run.totalSteps, total: run.totalSteps, phase: 'done' });
  });

  it('a Pareto set model: one run, its result at the set’s mean with its curves, and its answers at every preference', async () => {
    const job = jobOf({ methods: 'linear,psl', preferences: 'grid', size: '3', k0: '0.2' }, 3);
    expect(job).toMatchObject({ run: 's-test-r0004', labels: { key: 'psl' } });
    progress.length = 0;
    const out = await trainRun(job, deps);
    const parsed = savedRunSchema.safeParse(out.run);
    if (!parsed.success) throw new Error(parsed.error.message);
    const run = parsed.data;
    expect(run).toMatchObject({ status: 'finished', config: { method: { name: 'psl' }, preference: [0.2, 0.4, 0.4] }, sparse: true });
    const result = run.result as NonNullable<typeof run.result>;
    expect(result.method).toBe('psl');
    // The curves through its own k, as npm run train -- --method psl and the explorer keep them …
    expect(result.paretoSet?.task.length).toBeGreaterThan(1);
    expect(result.paretoSet?.sparsity.length).toBeGreaterThan(1);
    // … and one answer per preference of the sweep, in its order, on the test subset.
    const sweep = result.paretoSet?.sweep ?? [];
    expect(sweep.map((p) => p.preference)).toEqual(networkTaskGrid(0.2, 3));
    for (const p of sweep) {
      expect(p.test.accuracy).toHaveLength(2);
      expect(p.test.nll.every(Number.isFinite)).toBe(true);
    }
    // The answer at the model's own k is its result's test scores (one model, one subset).
    expect(sweep[1].test).toEqual(result.test);
    expect('columns' in run.steps && run.steps.columns.method).toBe('psl');
    expect(run.layers?.length).toBeGreaterThan(0);
    expect(run.notes.join('\n')).toMatch(/read at the sweep's 3 preferences/);
    expect(progress.at(-1)).toEqual({ step: run.totalSteps, total: run.totalSteps, phase: 'done' });
  }, 120_000);

  it('a run whose objectives stop being finite fails for good, with the reason', async () => {
    const job = jobOf({ k: '0.2,0.4,0.4', lr: '10', optimizer: 'sgd' });
    const failure = await trainRun(job, deps).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect((failure as Error).message).toMatch(/training diverged at step \d+: objectives NaN/);
  });
});
