/**
 * For the tests of K runs at once (stacked/stackedTrainer*.test.ts): tiny runs of three preference vectors, each run
 * trained alone and all of them together as one StackedTrainer, every step's objectives, every epoch's validation
 * scores, the final results and the kernels recorded, and the two compared: bit for bit, or up to float32 rounding.
 */
import { expect } from 'vitest';
import { defaultConfig, type ExperimentChoices, type TrainerConfig } from '../../experiment/config';
import type { NetworkResult } from '../readings';
import type { Dataset } from '../data/dataset';
import { syntheticDataset } from './syntheticData';
import { Trainer, type StepResult } from '../trainer';
import { StackedTrainer } from '../stacked/stackedTrainer';
import { untimed } from './untimed';

export const tinyData = syntheticDataset({ train: 16, val: 8, test: 8 });
const PREFERENCES = [
  [0.2, 0.4, 0.4],
  [0.5, 0.1, 0.4],
  [0.05, 0.75, 0.2],
];

/** Three runs (PREFERENCES) of a few steps each, HPS unless `choices` say otherwise. */
export function tinyConfigs(choices: Partial<ExperimentChoices>, overrides: Partial<TrainerConfig> = {}): TrainerConfig[] {
  return PREFERENCES.map((preference) => ({
    ...defaultConfig({ network: 'hps', ...choices }, preference),
    batchSize: 8,
    evalBatchSize: 8,
    searchIterations: 2,
    retrainIterations: 1,
    plainIterations: 2,
    innerEpochs: 2,
    retrainInnerEpochs: 2,
    minSparsity: 0,
    ...overrides,
  }));
}

/** What one run did: its steps' objectives, its epochs' scores (the zero rows last), its notes, result and kernels. */
export interface RunRecord {
  steps: number[][];
  epochs: number[][];
  events: string[];
  result: NetworkResult;
  kernels: Float32Array[];
}

async function kernelsOf(trainer: Trainer): Promise<Float32Array[]> {
  return (await trainer.kernelValues()).map((k) => k.values);
}

/** A macrotask between steps: the cpu backend's readbacks resolve at once, and vitest's worker must get a word in. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

function note(record: Omit<RunRecord, 'result' | 'kernels'>, r: StepResult): void {
  record.steps.push(r.step.objectives);
  if (r.epoch) record.epochs.push([...r.epoch.val.nll, ...r.epoch.val.accuracy, r.epoch.growlPenalty, r.epoch.rows.zeroRows]);
  record.events.push(...r.events);
}

/** One run trained alone to its end. */
export async function alone(config: TrainerConfig, dataset: Dataset = tinyData): Promise<RunRecord> {
  const trainer = new Trainer(config, dataset);
  const record = { steps: [], epochs: [], events: [] };
  try {
    while (!trainer.done) {
      note(record, await trainer.step());
      await breathe();
    }
    return { ...record, result: await trainer.finalResult(), kernels: await kernelsOf(trainer) };
  } finally {
    trainer.dispose();
  }
}

/** The runs trained together, one StackedTrainer, to their end. */
export async function together(configs: TrainerConfig[], dataset: Dataset = tinyData): Promise<RunRecord[]> {
  const trainer = new StackedTrainer(configs, dataset);
  const records = configs.map(() => ({ steps: [] as number[][], epochs: [] as number[][], events: [] as string[] }));
  try {
    while (!trainer.done) {
      (await trainer.step()).forEach((r, k) => note(records[k], r));
      await breathe();
    }
    const results = await trainer.finalResults();
    return await Promise.all(records.map(async (record, k) => ({ ...record, result: results[k], kernels: await kernelsOf(trainer.runs[k]) })));
  } finally {
    trainer.dispose();
  }
}

/**
 * Bit for bit: on cpu a stacked step runs each network's arithmetic in the order it runs alone (the image's patches
 * times the kernels side by side, each network's own convolution, batched matMuls that loop as single ones), so
 * every number of a run equals the run alone.
 */
export function expectSameRun(stacked: RunRecord, own: RunRecord): void {
  expect(stacked.events).toEqual(own.events);
  expect(stacked.steps).toEqual(own.steps);
  expect(stacked.epochs).toEqual(own.epochs);
  expect(untimed(stacked.result)).toEqual({ ...untimed(own.result), runsAtOnce: 3 });
  expect(stacked.kernels).toEqual(own.kernels);
}

/** Largest |a − b| relative to the largest |b|. */
function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) [worst, scale] = [Math.max(worst, Math.abs(a[i] - b[i])), Math.max(scale, Math.abs(b[i]))];
  return worst / scale;
}

/** Where the stacked arithmetic runs in another order than alone: the same notes and zero rows, every number close. */
export function expectCloseRun(stacked: RunRecord, own: RunRecord, tolerance: number, what: string): void {
  expect(stacked.events).toEqual(own.events);
  stacked.steps.forEach((f, i) => expect(distance(f, own.steps[i]), `${what}, step ${i}`).toBeLessThan(tolerance));
  stacked.kernels.forEach((kernel, i) => expect(distance(kernel, own.kernels[i]), `${what}, kernel ${i}`).toBeLessThan(tolerance));
  expect(stacked.result.rows.zeroRows).toBe(own.result.rows.zeroRows);
}
