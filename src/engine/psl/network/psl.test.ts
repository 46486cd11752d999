import { beforeAll, describe, expect, it } from 'vitest';
import '../../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../../../experiment/config';
import { MultiTaskNetwork } from '../../models';
import { Rng } from '../../random';
import { syntheticDataset } from '../../testing/syntheticData';
import { compareWithFiniteDifferences } from '../../testing/gradientCheck';
import { aggregateTasks, aggregationWeights } from './aggregation';
import { pslConfigFromTrainerConfig, pslNetworkConfigProblems, type PslNetworkConfig } from './config';
import { applyFilm, FilmConditioner } from './film';
import { applyRowMask, keptRows, maskedLayers, rowMasks, zeroRowFraction } from './rowMasks';
import { NetworkPslTrainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = syntheticDataset({ train: 64, val: 32, test: 32 });

function tinyConfig(overrides: Partial<PslNetworkConfig> = {}): PslNetworkConfig {
  const base = { ...defaultConfig({ network: 'hps' }), batchSize: 16, evalBatchSize: 32, initialization: 'glorot-he' as const };
  return pslConfigFromTrainerConfig(base, { epochs: 2, ...overrides });
}

/** Random values in every FiLM variable, so that the conditioner is not the identity it starts as. */
function randomizeFilm(film: FilmConditioner, seed: number, scale = 0.3): void {
  const rng = new Rng(seed);
  for (const v of film.variables) v.assign(tf.tensor(Float32Array.from({ length: v.size }, () => scale * (2 * rng.next() - 1)), v.shape));
}

describe('PSL config', () => {
  it('derives from a budget config and flags bad values', () => {
    expect(pslNetworkConfigProblems(tinyConfig())).toEqual([]);
    const bad = pslNetworkConfigProblems(tinyConfig({ epochs: 0, maskSparsity: 1, aggregation: 'max' as never, referencePoint: [0, 0] }));
    expect(bad.length).toBe(4);
  });

  it('zeroes a share of rows that grows with k₀, from none at k₀ = 0 to the cap', () => {
    const schedule = { maskSparsity: 0.8, fullSparsityK0: 0.5 };
    expect(zeroRowFraction(0, schedule)).toBe(0);
    expect(zeroRowFraction(0.25, schedule)).toBeCloseTo(0.4);
    expect(zeroRowFraction(0.9, schedule)).toBeCloseTo(0.8);
    expect(keptRows(320, 0)).toBe(320);
    expect(keptRows(10, 0.8)).toBe(2);
  });
});

describe('FiLM conditioning', () => {
  it('starts as the identity, and its gradients match finite differences', () => {
    const targets = [{ layer: 'a', channels: 3 }];
    const film = new FilmConditioner(3, targets, 4, new Rng(3));
    const h = tf.tensor2d([0.5, -1, 2, 1.5, 0.25, -0.75], [2, 3]);
    const r = tf.tensor1d([0.2, 0.5, 0.3]);
    const same = tf.tidy(() => applyFilm(film.modulation(r), 'a', h));
    expect(Array.from(same.dataSync())).toEqual(Array.from(h.dataSync()));
    same.dispose();
    randomizeFilm(film, 9);
    const target = tf.tensor2d([1, 0, -1, 0.5, 2, 0], [2, 3]);
    const loss = () => tf.tidy(() => tf.sum(tf.square(tf.sub(applyFilm(film.modulation(r), 'a', h), target))) as tf.Scalar);
    const compared = compareWithFiniteDifferences(loss, film.variables, 1e-2, (v) => [0, Math.floor(v.size / 2), v.size - 1]);
    for (const { numeric, analytic } of compared) expect(Math.abs(numeric - analytic)).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
    [h, r, target].forEach((t) => t.dispose());
    film.dispose();
  });

  it('gradients through the network to the conditioner match finite differences', () => {
    const network = new MultiTaskNetwork({ kind: 'hps', seed: 2 });
    const targets = network.layers.filter((l) => !l.spec.isHead).map((l) => ({ layer: l.spec.name, channels: l.spec.shape[l.spec.shape.length - 1] }));
    const film = new FilmConditioner(3, targets, 4, new Rng(4));
    randomizeFilm(film, 10, 0.1);
    const x = tf.tensor4d(Float32Array.from(data.train.images.subarray(0, 2 * 784), (v) => (v / 255 - 0.1307) / 0.3081), [2, 28, 28, 1]);
    const labels = [tf.oneHot(tf.tensor1d([1, 2], 'int32'), 10).toFloat(), tf.oneHot(tf.tensor1d([3, 4], 'int32'), 10).toFloat()];
    const r = tf.tensor1d([0, 0.3, 0.7]);
    const settings = { aggregation: 'smooth' as const, smoothMu: 0.5, epsilon: 1e-4, taskReference: [0, 0] };
    const loss = () =>
      tf.tidy(() => {
        const mod = film.modulation(r);
        const out = network.forward(x, { condition: (name, h) => applyFilm(mod, name, h) });
        const f = tf.stack(out.map((o, i) => tf.neg(tf.mean(tf.sum(tf.mul(o, labels[i]), 1))))) as tf.Tensor1D;
        return aggregateTasks(f, [0.3, 0.7], settings);
      });
    const compared = compareWithFiniteDifferences(loss, film.variables, 2e-3, (v) => [1, Math.floor(v.size / 3), v.size - 2]);
    for (const { numeric, analytic } of compared) expect(Math.abs(numeric - analytic)).toBeLessThan(2e-3 + 3e-2 * Math.abs(numeric));
    expect(compared).toHaveLength(12);
    [x, r, ...labels].forEach((t) => t.dispose());
    film.dispose();
    network.dispose();
  });

  it('aggregation weights are the derivatives of the aggregation', () => {
    for (const aggregation of ['chebyshev', 'smooth'] as const) {
      const s = { aggregation, smoothMu: 0.1, epsilon: 1e-4, taskReference: [0, 0] };
      const f = tf.variable(tf.tensor1d([0.4, 0.9]));
      const g = tf.grad((v: tf.Tensor) => aggregateTasks(v as tf.Tensor1D, [0.6, 0.4], s))(f);
      const expected = aggregationWeights([0.4, 0.9], [0.6, 0.4], s);
      Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
      g.dispose();
      f.dispose();
    }
  });
});

describe('row masks', () => {
  it('are the function of the network with those kernel rows set to 0', () => {
    const a = new MultiTaskNetwork({ kind: 'mdmtn', seed: 7 });
    const b = new MultiTaskNetwork({ kind: 'mdmtn', seed: 7 });
    const layers = maskedLayers(a);
    expect(layers.map((l) => `${l.source}→${l.layer.spec.name}`)).toEqual(['shared.conv1→shared.conv2', 'shared.conv2→shared.fc', 'monitor1.conv→monitor1.fc', 'monitor2.conv→monitor2.fc']);
    const masks = rowMasks(layers, 0.5);
    const bySource = new Map(layers.map((l, i) => [l.source, masks[i] as tf.Tensor1D]));
    maskedLayers(b).forEach((l, i) => {
      const mask = masks[i] as tf.Tensor1D;
      tf.tidy(() => l.layer.kernel.assign(tf.mul(l.layer.kernel, tf.reshape(mask, l.layer.kernel.rank === 4 ? [1, 1, -1, 1] : [-1, 1]))));
    });
    const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const viaHook = tf.tidy(() => a.forward(x, { condition: (name, h) => (bySource.has(name) ? applyRowMask(bySource.get(name) as tf.Tensor1D, h) : h) }));
    const viaKernels = tf.tidy(() => b.forward(x));
    viaHook.forEach((o, t) => expect(tf.max(tf.abs(tf.sub(o, viaKernels[t]))).dataSync()[0]).toBeLessThan(1e-5));
    expect(masks.map((m) => m?.sum().dataSync()[0])).toEqual([5, 160, 1440, 1440]);
    [x, ...viaHook, ...viaKernels, ...(masks as tf.Tensor[])].forEach((t) => t.dispose());
    a.dispose();
    b.dispose();
  });
});

describe('NetworkPslTrainer', () => {
  it('conditions on the preference: two task trade-offs give different outputs', async () => {
    const trainer = new NetworkPslTrainer(tinyConfig({ epochs: 1 }), data);
    await trainer.runToEnd();
    const a = await trainer.evaluate([0, 0.9, 0.1]);
    const b = await trainer.evaluate([0, 0.1, 0.9]);
    expect(a.nll).not.toEqual(b.nll);
    expect(a.zeroRowFraction).toBe(b.zeroRowFraction);
    trainer.dispose();
  });

  it('moves sparsity monotonically with k₀ at evaluation, from no zero rows at k₀ = 0', async () => {
    const trainer = new NetworkPslTrainer(tinyConfig({ epochs: 1 }), data);
    await trainer.runToEnd();
    const fractions: number[] = [];
    for (const k0 of [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7]) fractions.push((await trainer.evaluate([k0, (1 - k0) / 2, (1 - k0) / 2], { examples: 8 })).zeroRowFraction);
    expect(fractions[0]).toBe(0);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    // HPS: 330 of 431 rows are eligible, 40 % of them zero at the cap (k₀ ≥ 0.5): (4 + 128) / 431.
    expect(fractions.at(-1)).toBeCloseTo(132 / 431, 6);
    expect(fractions[6]).toBe(fractions[7]);
    trainer.dispose();
  });

  it('leaks no tensors over many evaluations and steps', async () => {
    const trainer = new NetworkPslTrainer(tinyConfig({ epochs: 3 }), data);
    await trainer.step();
    await trainer.evaluate([0.3, 0.3, 0.4], { examples: 8 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await trainer.evaluate([i / 40, 0.5 - i / 40, 0.5], { examples: 8 });
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 5; i++) await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('trains MDMTN (monitors conditioned too) with several preferences a batch', async () => {
    const trainer = new NetworkPslTrainer(tinyConfig({ network: 'mdmtn', epochs: 1, trainSubset: 32, preferencesPerBatch: 4 }), data);
    expect(trainer.film.targets.map((t) => t.layer)).toEqual(['shared.conv1', 'shared.conv2', 'shared.fc', 'monitor1.conv', 'monitor1.fc', 'monitor2.conv', 'monitor2.fc']);
    const before = tf.memory().numTensors;
    await trainer.step();
    const after = tf.memory().numTensors;
    const r = await trainer.step();
    expect(r.epochEnded).toBe(true);
    expect(tf.memory().numTensors).toBe(after);
    expect(after).toBeGreaterThan(before); // the optimiser's moments, once
    const dense = await trainer.evaluate([0, 0.5, 0.5], { examples: 8 });
    const sparse = await trainer.evaluate([0.5, 0.25, 0.25], { examples: 8 });
    expect(dense.zeroRowFraction).toBe(0);
    expect(sparse.zeroRowFraction).toBeGreaterThan(0.3);
    trainer.dispose();
  });

  it('is deterministic for a seed', async () => {
    const run = async (seed: number) => {
      const trainer = new NetworkPslTrainer(tinyConfig({ epochs: 1, seed, initialization: 'lsuv', aggregation: 'chebyshev' }), data);
      const readings: unknown[] = [];
      await trainer.runToEnd((r) => readings.push({ ...r.step, samplesPerSecond: 0 }));
      const evaluation = await trainer.evaluate([0.2, 0.3, 0.5]);
      trainer.dispose();
      return { readings, nll: evaluation.nll, rows: evaluation.rows, steps: trainer.steps };
    };
    const [a, b, c] = [await run(4), await run(4), await run(5)];
    expect(a.steps).toBe(4);
    expect(b).toEqual(a);
    expect(c.nll).not.toEqual(a.nll);
  });
});
