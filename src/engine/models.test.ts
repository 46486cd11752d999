import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
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
