import { UnrecoverableError } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../engine/node/tfjsNode';
import { syntheticDataset } from '../engine/testing/syntheticData';
import { savedRunSchema } from '../ui/exchange/savedRunSchema';
import { gridFromFlags } from './grid';
import { parseRunJob, runJobData, type JobProgress, type ParsedRunJob } from './job';
import { trainRun, type TrainDeps } from './trainRun';

const dataset = syntheticDataset({ train: 256, val: 64, test: 64 });

function jobOf(flags: Record<string, string>): ParsedRunJob {
  const grid = gridFromFlags({ budget: 'tiny', ...flags });
  const parsed = parseRunJob(runJobData('s-test', 'tiny', grid.runs[0]));
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
    const out = await trainRun(job, deps);
    const parsed = savedRunSchema.safeParse(out.run);
    expect(parsed.success).toBe(true);
    expect(out.run).toMatchObject({ id: 's-test-r0001', ordinal: 1, status: 'finished', backend: 'cpu', kernels: null, error: null, retargets: [] });
    const run = parsed.data as NonNullable<typeof parsed.data>;
    expect(run.config).toEqual(job.config);
    expect(run.steps.count).toBe(run.stepCount);
    expect('columns' in run.steps && run.steps.columns.method).toBe('linear');
    expect(run.epochs.length).toBeGreaterThan(0);
    expect(run.layers?.length).toBeGreaterThan(0);
    expect(run.notes.at(-1)).toMatch(/sweep s-test: trained by .* on cpu, try 1/);
    expect(out.timing.wallSeconds).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ step: run.totalSteps, total: run.totalSteps, phase: 'done' });
  });

  it('a run whose objectives stop being finite fails for good, with the reason', async () => {
    const job = jobOf({ k: '0.2,0.4,0.4', lr: '10', optimizer: 'sgd' });
    const failure = await trainRun(job, deps).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect((failure as Error).message).toMatch(/training diverged at step \d+: objectives NaN/);
  });
});
