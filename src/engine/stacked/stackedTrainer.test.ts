/**
 * K runs at once give each run what it gets alone: K Trainers of three preference vectors against one StackedTrainer
 * over the whole schedule (search with its prox, clustering, retraining with tied rows; LSUV; held zero rows; the
 * reference variant's per-epoch prox; a plain run; Adam and SGD), on cpu: every step's objectives, every epoch's
 * validation scores, the final results and the kernels, up to float32 summation order. No tensor is left behind.
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type ExperimentChoices, type TrainerConfig } from '../../experiment/config';
import type { NetworkResult } from '../readings';
import { syntheticDataset } from '../testing/syntheticData';
import { Trainer, type StepResult } from '../trainer';
import { stackingProblems, StackedTrainer } from './stackedTrainer';


const data = syntheticDataset({ train: 16, val: 8, test: 8 });
const PREFERENCES = [
  [0.2, 0.4, 0.4],
  [0.5, 0.1, 0.4],
  [0.05, 0.75, 0.2],
];

function tinyConfigs(choices: Partial<ExperimentChoices>, overrides: Partial<TrainerConfig> = {}): TrainerConfig[] {
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

interface Record {
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

function note(record: Omit<Record, 'result' | 'kernels'>, r: StepResult): void {
  record.steps.push(r.step.objectives);
  if (r.epoch) record.epochs.push([...r.epoch.val.nll, ...r.epoch.val.accuracy, r.epoch.growlPenalty, r.epoch.rows.zeroRows]);
  record.events.push(...r.events);
}

async function alone(config: TrainerConfig): Promise<Record> {
  const trainer = new Trainer(config, data);
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

async function together(configs: TrainerConfig[]): Promise<Record[]> {
  const trainer = new StackedTrainer(configs, data);
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

/** Largest |a − b| relative to the largest |b|. */
function expectClose(actual: readonly number[] | Float32Array, expected: readonly number[] | Float32Array, tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  expect(worst / scale, what).toBeLessThan(tolerance);
}

/**
 * Objectives, scores and results to 1e-5 of their scale; kernels to 2e-3 of theirs: where a gradient is nearly zero
 * (a row the prox just shrank), Adam's normalised step turns float32 noise into a step of the learning rate's size.
 */
function expectSameRun(stacked: Record, own: Record): void {
  const tolerance = 1e-5;
  expect(stacked.events).toEqual(own.events);
  expect(stacked.steps.length).toBe(own.steps.length);
  stacked.steps.forEach((f, i) => expectClose(f, own.steps[i], tolerance, `step ${i}`));
  stacked.epochs.forEach((e, i) => expectClose(e, own.epochs[i], tolerance, `epoch ${i}`));
  expect(stacked.result.rows.zeroRows).toBe(own.result.rows.zeroRows);
  expect(stacked.result.clusters).toEqual(own.result.clusters);
  expect(stacked.result.steps).toBe(own.result.steps);
  expectClose([...stacked.result.val.nll, ...stacked.result.test.nll, stacked.result.growlPenalty], [...own.result.val.nll, ...own.result.test.nll, own.result.growlPenalty], tolerance, 'final result');
  stacked.kernels.forEach((k, i) => expectClose(k, own.kernels[i], 2e-3, `kernel ${i}`));
}

describe('K runs at once', () => {
  const cases: [string, TrainerConfig[]][] = [
    ['the graded recipe (LSUV, held zero rows, a tie every retraining step)', tinyConfigs({ recipe: 'graded' })],
    ["SPEC's recipe, the prox every step", tinyConfigs({ recipe: 'paper' }, { proxScale: 2e5 })],
    ["the reference variant's prox every epoch, relative penalty", tinyConfigs({ recipe: 'paper', variant: 'reference' }, { penalty: 'relative' })],
    // (MDMTN's clustering alone takes seconds on cpu: its plain run stacks the α-mixing over a whole run.)
    ['MDMTN, a plain run (k₀ = 0), linear scalarization with SGD', tinyConfigs({ recipe: 'paper', method: 'linear', network: 'mdmtn' }, { optimizer: 'sgd', learningRate: 0.05 }).map((c, i) => ({ ...c, preference: [0, 0.3 + 0.2 * i, 0.7 - 0.2 * i] }))],
  ];
  for (const [name, configs] of cases) {
    it(`${name}: each run as alone (cpu)`, async () => {
      await tf.setBackend('cpu');
      const own: Record[] = [];
      for (const config of configs) own.push(await alone(config));
      const before = tf.memory().numTensors;
      const stacked = await together(configs);
      expect(tf.memory().numTensors).toBe(before);
      stacked.forEach((record, k) => expectSameRun(record, own[k]));
    }, 60_000);
  }

  it('refuses runs that differ in more than their preference, and per-objective methods', () => {
    const [a, b] = tinyConfigs({});
    expect(stackingProblems([a, { ...b, learningRate: b.learningRate * 2 }])).toEqual(['run 2 differs from run 1 in more than its preference']);
    expect(stackingProblems(tinyConfigs({ method: 'mgda' }))).toEqual(['MGDA takes one gradient per objective: train its runs one at a time']);
    expect(() => new StackedTrainer([], data)).toThrow(/no runs to stack/);
  });
});
