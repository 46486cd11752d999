/**
 * K runs at once give each run what it gets alone: K Trainers of three preference vectors against one StackedTrainer
 * over the whole schedule (search with its prox, clustering, retraining with tied rows; LSUV; held zero rows; the
 * reference variant's per-epoch prox; a plain run; Adam and SGD), on cpu: every step's objectives, every epoch's
 * validation scores, the final results and the kernels, bit for bit. No tensor is left behind.
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type ExperimentChoices, type TrainerConfig } from '../../experiment/config';
import type { NetworkResult } from '../readings';
import { syntheticCifar10MnistDataset, syntheticDataset } from '../testing/syntheticData';
import { Trainer, type StepResult } from '../trainer';
import { prepareWasmKernels } from '../wasmKernels/wasmKernels';
import { webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { StackedTrainer } from './stackedTrainer';
import { StackedRunError, stackingProblems } from './stacking';
import { RunInterrupted } from '../interruption';
import { untimed } from '../testing/untimed';


const webgpu = await webgpuForTests();
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

async function alone(config: TrainerConfig, dataset = data): Promise<Record> {
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

async function together(configs: TrainerConfig[], dataset = data): Promise<Record[]> {
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
function expectSameRun(stacked: Record, own: Record): void {
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
function expectCloseRun(stacked: Record, own: Record, tolerance: number, what: string): void {
  expect(stacked.events).toEqual(own.events);
  stacked.steps.forEach((f, i) => expect(distance(f, own.steps[i]), `${what}, step ${i}`).toBeLessThan(tolerance));
  stacked.kernels.forEach((kernel, i) => expect(distance(kernel, own.kernels[i]), `${what}, kernel ${i}`).toBeLessThan(tolerance));
  expect(stacked.result.rows.zeroRows).toBe(own.result.rows.zeroRows);
}

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
      const own: Record[] = [];
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
    const own: Record[] = [];
    for (const config of configs) own.push(await alone(config));
    const stacked = await together(configs);
    stacked.forEach((record, k) => expectCloseRun(record, own[k], 1e-5, `run ${k + 1}`));
  }, 120_000);

  it('Cifar10Mnist (batch normalisation, rotation augmentation), held rows and a tie every retraining step: each run as alone (cpu)', async () => {
    await tf.setBackend('cpu');
    const cifar = syntheticCifar10MnistDataset({ train: 16, val: 8, test: 8 });
    const configs = tinyConfigs({ problem: 'cifar10mnist', recipe: 'graded' }, { searchIterations: 1, retrainIterations: 1, augmentRotation: 10 });
    const own: Record[] = [];
    for (const config of configs) own.push(await alone(config, cifar));
    const before = tf.memory().numTensors;
    const stacked = await together(configs, cifar);
    expect(tf.memory().numTensors).toBe(before);
    stacked.forEach((record, k) => expectSameRun(record, own[k]));
  }, 120_000);

  it('held zero rows of the runs whose prox zeroed some, while the first run holds none (graded: its k₀ caps it at 0)', async () => {
    await tf.setBackend('cpu');
    const configs = tinyConfigs({ recipe: 'graded' }).map((c, i) => (i === 0 ? { ...c, preference: [0.001, 0.5, 0.499] } : c));
    const own: Record[] = [];
    for (const config of configs) own.push(await alone(config));
    // The case under test: in the search, run 1 never has a zero row, another run has some.
    const searchZeroRows = (record: Record) => record.epochs.slice(0, 4).map((e) => e[e.length - 1]);
    expect(searchZeroRows(own[0]).every((z) => z === 0)).toBe(true);
    expect(own.slice(1).some((record) => searchZeroRows(record).some((z) => z > 0))).toBe(true);
    const stacked = await together(configs);
    stacked.forEach((record, k) => expectSameRun(record, own[k]));
  }, 120_000);

  it('a run that diverges says which: its index and its own message, and the stack leaves no tensor behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const trainer = new StackedTrainer(tinyConfigs({ recipe: 'graded' }), data);
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
    const trainer = new StackedTrainer(tinyConfigs({}, { searchIterations: 1, innerEpochs: 1 }), data, { onWork: (run, w) => work.push([run, w]) });
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
    const last = new StackedTrainer(tinyConfigs({}, { searchIterations: 1, innerEpochs: 1, retrainIterations: 0 }), data);
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
    expect(() => new StackedTrainer([], data)).toThrow(/no runs to stack/);
  });
});

describe.skipIf(!webgpu.ok)(webgpuSuiteName('K runs at once on webgpu', webgpu), () => {
  /** Each run alone, then all together (leaving no tensor): every run as alone up to float32 rounding. The runs alone. */
  async function expectStackedAsAlone(configs: TrainerConfig[], dataset = data): Promise<Record[]> {
    const own: Record[] = [];
    for (const config of configs) own.push(await alone(config, dataset));
    const before = tf.memory().numTensors;
    const stacked = await together(configs, dataset);
    expect(tf.memory().numTensors).toBe(before);
    stacked.forEach((record, k) => expectCloseRun(record, own[k], 1e-4, `run ${k + 1}`));
    return own;
  }

  it('each run as alone (the WGSL kernels alone, the stacked ops together), up to float32 rounding', async () => {
    await tf.setBackend('webgpu');
    const configs = tinyConfigs({ recipe: 'paper' }, { proxScale: 2e5, searchIterations: 1, innerEpochs: 1, retrainInnerEpochs: 1 }).slice(0, 2);
    await expectStackedAsAlone(configs);
  }, 180_000);

  it('graded: rows tied on the stack after every retraining step (the device tie), each run as alone up to float32 rounding', async () => {
    await tf.setBackend('webgpu');
    // Two steps a retraining epoch: the first one's tie acts on the stacked kernels (stackedHooks.ts), the second's at the epoch's end on the runs' own.
    // An affinity preference of 0 on these barely trained rows: clusters of several rows, so the tie moves them.
    const configs = tinyConfigs({ recipe: 'graded' }, { proxScale: 2e5, apPreference: 0, searchIterations: 1, innerEpochs: 1, retrainInnerEpochs: 1 }).slice(0, 2);
    const own = await expectStackedAsAlone(configs);
    expect(own.some((record) => record.result.clusters.some((c) => c.clusters < c.rows - c.zeroRows)), 'some rows share a cluster').toBe(true);
  }, 180_000);

  it('Cifar10Mnist: batch normalisation over the K networks\' channels, each run as alone up to float32 rounding', async () => {
    await tf.setBackend('webgpu');
    // One step an epoch: SwiftShader compiles and runs the 32×32×3 networks' shaders on the CPU.
    const cifar = syntheticCifar10MnistDataset({ train: 8, val: 8, test: 8 });
    const configs = tinyConfigs({ problem: 'cifar10mnist', recipe: 'graded' }, { searchIterations: 1, retrainIterations: 1, innerEpochs: 1, retrainInnerEpochs: 1 }).slice(0, 2);
    await expectStackedAsAlone(configs, cifar);
    // About 3 minutes alone on 2 cores, more beside the other suites: a limit for a hang, not a timing.
  }, 420_000);
});
