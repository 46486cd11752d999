/**
 * K runs at once give each run what it gets alone: K Trainers of three preference vectors against one StackedTrainer
 * over the whole schedule (search with its prox, clustering, retraining with tied rows; LSUV; held zero rows; the
 * reference variant's per-epoch prox; a plain run; Adam and SGD), on cpu: every step's objectives, every epoch's
 * validation scores, the final results and the kernels, bit for bit; on wasm up to float32 rounding. No tensor is left
 * behind. (On webgpu: stackedTrainerWebgpu.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../../experiment/config';
import { syntheticCifar10MnistDataset } from '../testing/syntheticData';
import { prepareWasmKernels } from '../wasmKernels/wasmKernels';
import { alone, expectCloseRun, expectSameRun, tinyConfigs, tinyData, together, type RunRecord } from '../testing/stackedRuns';
import { StackedTrainer } from './stackedTrainer';
import { StackedRunError, stackingProblems } from './stacking';
import { RunInterrupted } from '../interruption';

describe('K runs at once', () => {
  const cases: [string, TrainerConfig[]][] = [
    ['the graded recipe (LSUV, held zero rows, a tie every retraining step)', tinyConfigs({ recipe: 'graded' })],
    ["SPEC's recipe, the prox every step", tinyConfigs({ recipe: 'paper' }, { proxScale: 2e5 })],
    ["the reference variant's prox every epoch, relative penalty", tinyConfigs({ recipe: 'paper', variant: 'reference' }, { penalty: 'relative' })],
    // (MDMTN's clustering alone takes seconds on cpu: its plain run stacks the α-mixing over a whole run.)
    ['MDMTN, a plain run (k₀ = 0), linear scalarization with SGD', tinyConfigs({ recipe: 'paper', method: 'linear', network: 'mdmtn' }, { optimizer: 'sgd', learningRate: 0.05, innerEpochs: 1 }).map((c, i) => ({ ...c, preference: [0, 0.3 + 0.2 * i, 0.7 - 0.2 * i] }))],
  ];
  for (const [name, configs] of cases) {
    it(`${name}: each run as alone (cpu)`, async () => {
      await tf.setBackend('cpu');
      const own: RunRecord[] = [];
      for (const config of configs) own.push(await alone(config));
      const before = tf.memory().numTensors;
      const stacked = await together(configs);
      expect(tf.memory().numTensors).toBe(before);
      stacked.forEach((record, k) => expectSameRun(record, own[k]));
    }, 120_000);
  }

  it('on wasm with the SIMD kernels (the sweep workers\' backend): each run as alone, up to float32 rounding', async () => {
    await tf.setBackend('wasm');
    expect(await prepareWasmKernels()).toBe(true);
    const configs = tinyConfigs({ recipe: 'paper' }, { proxScale: 2e5 });
    const own: RunRecord[] = [];
    for (const config of configs) own.push(await alone(config));
    const stacked = await together(configs);
    stacked.forEach((record, k) => expectCloseRun(record, own[k], 1e-5, `run ${k + 1}`));
  }, 120_000);

  it('Cifar10Mnist (batch normalisation, rotation augmentation), held rows and a tie every retraining step: each run as alone (cpu)', async () => {
    await tf.setBackend('cpu');
    const cifar = syntheticCifar10MnistDataset({ train: 16, val: 8, test: 8 });
    const configs = tinyConfigs({ problem: 'cifar10mnist', recipe: 'graded' }, { searchIterations: 1, retrainIterations: 1, augmentRotation: 10 });
    const own: RunRecord[] = [];
    for (const config of configs) own.push(await alone(config, cifar));
    const before = tf.memory().numTensors;
    const stacked = await together(configs, cifar);
    expect(tf.memory().numTensors).toBe(before);
    stacked.forEach((record, k) => expectSameRun(record, own[k]));
  }, 120_000);

  it('held zero rows of the runs whose prox zeroed some, while the first run holds none (graded: its k₀ caps it at 0)', async () => {
    await tf.setBackend('cpu');
    const configs = tinyConfigs({ recipe: 'graded' }).map((c, i) => (i === 0 ? { ...c, preference: [0.001, 0.5, 0.499] } : c));
    const own: RunRecord[] = [];
    for (const config of configs) own.push(await alone(config));
    // The case under test: in the search, run 1 never has a zero row, another run has some.
    const searchZeroRows = (record: RunRecord) => record.epochs.slice(0, 4).map((e) => e[e.length - 1]);
    expect(searchZeroRows(own[0]).every((z) => z === 0)).toBe(true);
    expect(own.slice(1).some((record) => searchZeroRows(record).some((z) => z > 0))).toBe(true);
    const stacked = await together(configs);
    stacked.forEach((record, k) => expectSameRun(record, own[k]));
  }, 120_000);

  it('a run that diverges says which: its index and its own message, and the stack leaves no tensor behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const trainer = new StackedTrainer(tinyConfigs({ recipe: 'graded' }), tinyData);
    try {
      await trainer.step();
      // Run 2's head bias turns to NaN: its objectives do, and only its own.
      const { bias } = trainer.network.layer('head1');
      tf.tidy(() => bias.assign(tf.mul(bias, tf.tensor1d([1, Number.NaN, 1]).reshape([3, 1]))));
      const failure = await trainer.step().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StackedRunError);
      expect((failure as StackedRunError).runIndex).toBe(1);
      expect((failure as StackedRunError).runMessage).toMatch(/^training diverged at step 1: objectives/);
    } finally {
      trainer.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('interrupt: the step that clusters ends in the clustering with RunInterrupted (no run failed), and leaves no tensor behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const work: [number, string | null][] = [];
    const trainer = new StackedTrainer(tinyConfigs({}, { searchIterations: 1, innerEpochs: 1 }), tinyData, { onWork: (run, w) => work.push([run, w]) });
    try {
      // 16 training images in batches of 8: the 2nd step ends the search, and clusters.
      await trainer.step();
      expect(work).toEqual([]);
      const clustering = trainer.step();
      trainer.interrupt();
      await expect(clustering).rejects.toBeInstanceOf(RunInterrupted);
      // Run 1 said what it was clustering, and that it no longer is: by its own index.
      expect(work[0]).toEqual([0, expect.stringMatching(/^clustering the rows of \S+ \(layer 1 of \d\)$/)]);
      expect(work.at(-1)).toEqual([0, null]);
    } finally {
      trainer.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    // No retraining: the clustering step is the runs' last. Run 2 interrupted after run 1 ended its own: not done.
    const last = new StackedTrainer(tinyConfigs({}, { searchIterations: 1, innerEpochs: 1, retrainIterations: 0 }), tinyData);
    try {
      await last.step();
      last.runs[1].interrupt();
      await expect(last.step()).rejects.toBeInstanceOf(RunInterrupted);
      expect(last.runs[0].done).toBe(true);
      expect(last.done).toBe(false);
    } finally {
      last.dispose();
    }
  });

  it('refuses runs that differ in more than their preference, and per-objective methods', () => {
    const [a, b] = tinyConfigs({});
    expect(stackingProblems([a, { ...b, learningRate: b.learningRate * 2 }])).toEqual(['run 2 differs from run 1 in more than its preference']);
    expect(stackingProblems(tinyConfigs({ method: 'mgda' }))).toEqual(['MGDA takes one gradient per objective: train its runs one at a time']);
    expect(stackingProblems([a, { ...b, preference: [0, 0.5, 0.5] }])).toEqual(['run 2 is a plain run (k₀ = 0) and run 1 is not: their schedules differ']);
    expect(() => new StackedTrainer([], tinyData)).toThrow(/no runs to stack/);
  });
});
