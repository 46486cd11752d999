import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { StatisticsUpdate } from './batchNorm';
import { isGrowlEligible, MultiTaskNetwork } from './models';
import { nllLoss } from './ops';
import { Rng } from './random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('networks of SPEC §2', () => {
  it('have the paper’s parameter counts', () => {
    const mdmtn = new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 });
    const hps = new MultiTaskNetwork({ kind: 'hps', seed: 1 });
    // 311,490 weights and biases plus two α pairs; HPS has no α.
    expect(mdmtn.parameterCount()).toBe(311_490 + 4);
    expect(hps.parameterCount()).toBe(22_350);
    expect(mdmtn.growlLayers().map((l) => l.spec.name)).toEqual(['shared.conv2', 'shared.fc', 'monitor1.fc', 'monitor2.fc']);
    expect(hps.layers.filter((l) => isGrowlEligible(l.spec)).map((l) => l.spec.name)).toEqual(['shared.conv2', 'shared.fc']);
    mdmtn.dispose();
    hps.dispose();
  });

  it('initialise identically for a seed and differently across seeds', async () => {
    const a = new MultiTaskNetwork({ kind: 'hps', seed: 5 });
    const b = new MultiTaskNetwork({ kind: 'hps', seed: 5 });
    const c = new MultiTaskNetwork({ kind: 'hps', seed: 6 });
    const values = async (n: MultiTaskNetwork) => Array.from(await n.layers[1].kernel.data());
    expect(await values(b)).toEqual(await values(a));
    expect(await values(c)).not.toEqual(await values(a));
    [a, b, c].forEach((n) => n.dispose());
  });

  it('tuned op compositions give the same outputs and gradients as plain TF.js ops', async () => {
    const rng = new Rng(3);
    const x = tf.tensor4d(Float32Array.from({ length: 4 * 28 * 28 }, () => rng.normal()), [4, 28, 28, 1]);
    const labels = tf.oneHot(tf.tensor1d([1, 4, 7, 9], 'int32'), 10).toFloat() as tf.Tensor2D;
    const results: { loss: number; gradValues: ArrayLike<number>[] }[] = [];
    for (const ops of ['tuned', 'plain'] as const) {
      const net = new MultiTaskNetwork({ kind: 'mdmtn', seed: 8, ops });
      net.alphas.forEach((alpha) => alpha.assign(tf.tensor1d([0.6, 0.5])));
      const { value, grads } = tf.variableGrads(() => {
        const out = net.forward(x);
        return tf.add(nllLoss(out[0], labels), nllLoss(out[1], labels)) as tf.Scalar;
      }, net.trainableVariables());
      const gradValues = await Promise.all(net.trainableVariables().map((v) => grads[v.name].data()));
      results.push({ loss: (await value.data())[0], gradValues });
      net.dispose();
    }
    expect(results[0].loss).toBeCloseTo(results[1].loss, 4);
    results[0].gradValues.forEach((g, i) => {
      const ref = results[1].gradValues[i];
      let maxDiff = 0;
      let scale = 1e-6;
      for (let j = 0; j < g.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(g[j] - ref[j]));
        scale = Math.max(scale, Math.abs(ref[j]));
      }
      expect(maxDiff / scale).toBeLessThan(1e-3);
    });
  });
});

describe('Cifar10Mnist networks of SPEC §2', () => {
  it('have the SPEC parameter counts; the running statistics are state, not parameters', () => {
    const mdmtn = new MultiTaskNetwork({ kind: 'mdmtn', problem: 'cifar10mnist', seed: 1 });
    const hps = new MultiTaskNetwork({ kind: 'hps', problem: 'cifar10mnist', seed: 1 });
    // 505,524 weights, biases and batch-norm γ/β, plus the two α pairs; HPS 42,740.
    expect(mdmtn.parameterCount()).toBe(505_524 + 4);
    expect(hps.parameterCount()).toBe(42_740);
    expect(mdmtn.statisticVariables().reduce((n, v) => n + v.size, 0)).toBe(2 * (16 + 32 + 32 + 32));
    expect(hps.statisticVariables().every((v) => !v.trainable)).toBe(true);
    expect(mdmtn.growlLayers().map((l) => l.spec.name)).toEqual(['shared.conv2', 'shared.fc', 'monitor1.fc', 'monitor2.fc']);
    mdmtn.dispose();
    hps.dispose();
  });

  it('snapshot and restore include the batch-norm statistics', async () => {
    const net = new MultiTaskNetwork({ kind: 'hps', problem: 'cifar10mnist', seed: 2 });
    const bn = net.batchNorms[0];
    bn.runningMean.assign(tf.fill([16], 0.25));
    const kept = net.snapshot();
    bn.runningMean.assign(tf.fill([16], 7));
    net.restore(kept);
    expect(Array.from(await bn.runningMean.data())).toEqual(new Array(16).fill(0.25));
    kept.forEach((t) => t.dispose());
    net.dispose();
  });

  it('tuned and plain op compositions agree in values and gradients, in training and inference mode', async () => {
    const rng = new Rng(4);
    const x = tf.tensor4d(Float32Array.from({ length: 6 * 32 * 32 * 3 }, () => rng.normal()), [6, 32, 32, 3]);
    const labels = tf.oneHot(tf.tensor1d([1, 4, 7, 9, 0, 3], 'int32'), 10).toFloat() as tf.Tensor2D;
    const results: { loss: number; inference: number[]; gradValues: ArrayLike<number>[] }[] = [];
    for (const ops of ['tuned', 'plain'] as const) {
      const net = new MultiTaskNetwork({ kind: 'mdmtn', problem: 'cifar10mnist', seed: 8, ops });
      net.alphas.forEach((alpha) => alpha.assign(tf.tensor1d([0.6, 0.5])));
      net.batchNorms.forEach((b, i) => b.gamma.assign(tf.fill([b.channels], 1 + 0.1 * i)));
      const { value, grads } = tf.variableGrads(() => {
        const out = net.forward(x, { mode: 'train', update: new StatisticsUpdate() });
        return tf.add(nllLoss(out[0], labels), nllLoss(out[1], labels)) as tf.Scalar;
      }, net.trainableVariables());
      const gradValues = await Promise.all(net.trainableVariables().map((v) => grads[v.name].data()));
      const inference = tf.tidy(() => tf.concat(net.forward(x), 1));
      results.push({ loss: (await value.data())[0], inference: Array.from(await inference.data()), gradValues });
      net.dispose();
    }
    expect(results[0].loss).toBeCloseTo(results[1].loss, 4);
    // Inference reads the running statistics the training pass moved: same in both paths.
    results[0].inference.forEach((v, i) => expect(v).toBeCloseTo(results[1].inference[i], 3));
    results[0].gradValues.forEach((g, i) => {
      const ref = results[1].gradValues[i];
      let maxDiff = 0;
      // A conv bias followed by batch normalisation cancels out: its gradient is rounding noise (~1e-8) in both
      // paths, so the relative comparison gets an absolute floor.
      let scale = 1e-4;
      for (let j = 0; j < g.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(g[j] - ref[j]));
        scale = Math.max(scale, Math.abs(ref[j]));
      }
      expect(maxDiff / scale).toBeLessThan(1e-3);
    });
  });

  it('behave differently in training and inference mode (batch vs running statistics)', async () => {
    const net = new MultiTaskNetwork({ kind: 'hps', problem: 'cifar10mnist', seed: 3 });
    const rng = new Rng(5);
    const x = tf.tensor4d(Float32Array.from({ length: 4 * 32 * 32 * 3 }, () => 2 + rng.normal()), [4, 32, 32, 3]);
    const run = (mode: 'train' | 'inference') => tf.tidy(() => net.forward(x, { mode })[0].dataSync());
    const train = run('train');
    const inference = run('inference');
    expect(Math.max(...train.map((v, i) => Math.abs(v - inference[i])))).toBeGreaterThan(1e-3);
    // Training mode without a token leaves the running statistics alone, so inference is unchanged.
    expect(run('inference')).toEqual(inference);
    net.dispose();
  });
});
