/**
 * A stack job trained: each run comes back as the exported file holds a run, equal to the same run trained alone
 * (cpu: the same numbers), and a run that diverges fails alone while the others train again without it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../engine/node/tfjsNode';
import { divergingSecondRun } from '../engine/testing/divergingStack';
import { syntheticDataset } from '../engine/testing/syntheticData';
import { savedRunSchema } from '../ui/exchange/savedRunSchema';
import { gridFromFlags } from './grid';
import { parseStackJob, type JobProgress, type ParsedStackJob, type RunJobResult, type StackedRunOutcome } from './job';
import { sweepJobs } from './sweepJobs';
import { trainRun, type TrainDeps } from './trainRun';
import { trainStack } from './trainStack';

const dataset = syntheticDataset({ train: 256, val: 64, test: 64 });
const grid = gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '3', methods: 'chebyshev-al', 'train-subset': '64' });

function stackJob(): ParsedStackJob {
  const [job] = sweepJobs('s', 'tiny', grid.runs, 3);
  const parsed = parseStackJob(JSON.parse(JSON.stringify(job.data)));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.job;
}

const finished = (o: StackedRunOutcome): RunJobResult => {
  if (o.state !== 'finished') throw new Error(`${o.run} failed: ${o.reason}`);
  return o.result;
};

/** What a saved run says that does not depend on how fast, or with how many others, it was trained. */
const untimed = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key: string, v: unknown) => (/seconds|persecond|runsAtOnce/i.test(key) ? undefined : v)));

describe('training a stack job', () => {
  let deps: TrainDeps;
  const progress: JobProgress[] = [];
  beforeAll(async () => {
    const backend = await useNodeBackend('cpu');
    deps = { backend, attempt: 1, dataset: async () => ({ dataset, seconds: 0 }), progress: async (p) => void progress.push(p) };
  });

  it('returns every run as the exported file holds it, each equal to the run trained alone', async () => {
    const job = stackJob();
    const before = tf.memory().numTensors;
    const out = await trainStack(job, deps);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.runs.map((r) => [r.run, r.state])).toEqual(job.runs.map((r) => [r.run, 'finished']));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', failed: [] });
    for (const [i, outcome] of out.runs.entries()) {
      const result = finished(outcome);
      const parsed = savedRunSchema.safeParse(result.run);
      expect(parsed.success).toBe(true);
      expect(result.run).toMatchObject({ id: job.runs[i].run, ordinal: i + 1, status: 'finished', result: { runsAtOnce: 3 } });
      expect((result.run.notes as string[]).at(-1)).toMatch(/sweep s: trained by .* on cpu, try 1, in [\d.]+ s, at once with 2 other runs \(stack s-s0001\)$/);
      const alone = await trainRun(job.runs[i], deps);
      for (const field of ['result', 'layers', 'epochs', 'stepCount', 'totalSteps', 'sparse', 'steps']) expect(untimed(result.run[field])).toEqual(untimed(alone.run[field]));
    }
  }, 120_000);

  it('a run that diverges fails alone with its reason; the others train again without it and say so', async () => {
    const job = stackJob();
    const stacks = divergingSecondRun();
    progress.length = 0;
    const out = await trainStack(job, deps, stacks.create);
    expect(stacks.made).toBe(2);
    expect(out.runs[1]).toMatchObject({ run: 's-r0002', state: 'failed', reason: expect.stringMatching(/^training diverged at step 1: objectives/) });
    expect(progress.at(-1)).toMatchObject({ phase: 'done', failed: ['s-r0002'] });
    for (const i of [0, 2]) {
      const { run } = finished(out.runs[i]);
      expect(run.result).toMatchObject({ runsAtOnce: 2 });
      expect(run.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^started again: a run trained at once with this one \(s-r0002, k = .*\) failed: training diverged at step 1/), expect.stringMatching(/at once with 1 other run \(stack s-s0001\)$/)]));
    }
  }, 120_000);
});
