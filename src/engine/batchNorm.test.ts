/**
 * The BatchNorm layer by hand: training mode normalises with the batch's statistics, inference mode with the
 * running ones, and the running ones follow PyTorch's momentum rule (once per StatisticsUpdate token), for the
 * tuned (custom-gradient) and the plain (TF.js composition) training paths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM, BatchNorm, StatisticsUpdate } from './batchNorm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// x [2, 2, 2, 2]: channel 0 holds 1..8, channel 1 holds 10, 30, ..., 150 (so mean 4.5 and 80).
const X = Float32Array.from({ length: 16 }, (_, k) => (k % 2 === 0 ? k / 2 + 1 : 10 + 20 * ((k - 1) / 2)));
const N = 8;
const channel = (c: number) => Array.from({ length: N }, (_, i) => X[2 * i + c]);
const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const biasedVar = (v: number[]) => meanOf(v.map((x) => (x - meanOf(v)) ** 2));

function layer(): BatchNorm {
  const bn = new BatchNorm('test.bn', 2);
  bn.gamma.assign(tf.tensor1d([2, 0.5]));
  bn.beta.assign(tf.tensor1d([-1, 3]));
  return bn;
}

async function valuesOf(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

for (const plain of [false, true]) {
  describe(`BatchNorm (${plain ? 'plain' : 'tuned'} training path)`, () => {
    it('training mode outputs the batch-normalised values γ · (x − mean) / sqrt(var + ε) + β', async () => {
      const bn = layer();
      const x = tf.tensor4d(X, [2, 2, 2, 2]);
      const y = await valuesOf(bn.apply(x, 'train', null, plain));
      const gamma = [2, 0.5];
      const beta = [-1, 3];
      for (let k = 0; k < 16; k++) {
        const c = k % 2;
        const expected = (gamma[c] * (X[k] - meanOf(channel(c)))) / Math.sqrt(biasedVar(channel(c)) + BATCH_NORM_EPSILON) + beta[c];
        expect(y[k]).toBeCloseTo(expected, 4);
      }
      // Every channel of the output has the mean β and the standard deviation |γ| (up to ε).
      const out = (c: number) => Array.from({ length: N }, (_, i) => y[2 * i + c]);
      expect(meanOf(out(0))).toBeCloseTo(-1, 5);
      expect(Math.sqrt(biasedVar(out(1)))).toBeCloseTo(0.5, 4);
      bn.dispose();
    });

    it('inference mode uses the running statistics, not the batch', async () => {
      const bn = layer();
      bn.runningMean.assign(tf.tensor1d([2, 50]));
      bn.runningVariance.assign(tf.tensor1d([4, 100]));
      const y = await valuesOf(bn.apply(tf.tensor4d(X, [2, 2, 2, 2]), 'inference'));
      const rm = [2, 50];
      const rv = [4, 100];
      const gamma = [2, 0.5];
      const beta = [-1, 3];
      for (let k = 0; k < 16; k++) {
        const c = k % 2;
        expect(y[k]).toBeCloseTo((gamma[c] * (X[k] - rm[c])) / Math.sqrt(rv[c] + BATCH_NORM_EPSILON) + beta[c], 4);
      }
      // A fresh layer (mean 0, variance 1, γ 1, β 0) is the identity up to ε.
      const fresh = new BatchNorm('fresh.bn', 2);
      const identity = await valuesOf(fresh.apply(tf.tensor4d(X, [2, 2, 2, 2]), 'inference'));
      identity.forEach((v, k) => expect(v).toBeCloseTo(X[k] / Math.sqrt(1 + BATCH_NORM_EPSILON), 3));
      [bn, fresh].forEach((b) => b.dispose());
    });

    it('running statistics follow the momentum rule with the unbiased batch variance, once per token', async () => {
      const bn = layer();
      const x = tf.tensor4d(X, [2, 2, 2, 2]);
      const m = BATCH_NORM_MOMENTUM;
      const expectStats = async (mean: number[], variance: number[]) => {
        const [rm, rv] = [await valuesOf(bn.runningMean), await valuesOf(bn.runningVariance)];
        mean.forEach((v, c) => expect(rm[c]).toBeCloseTo(v, 3));
        variance.forEach((v, c) => expect(rv[c]).toBeCloseTo(v, 2));
      };
      // No token: training mode leaves the running statistics alone; so does inference mode.
      tf.tidy(() => bn.apply(x, 'train', null, plain));
      tf.tidy(() => bn.apply(x, 'inference', m, plain));
      await expectStats([0, 0], [1, 1]);

      const unbiased = [0, 1].map((c) => (biasedVar(channel(c)) * N) / (N - 1));
      const token = new StatisticsUpdate();
      tf.tidy(() => bn.apply(x, 'train', token.claim(), plain));
      const step1 = {
        mean: [0, 1].map((c) => m * meanOf(channel(c))),
        variance: [0, 1].map((c) => (1 - m) * 1 + m * unbiased[c]),
      };
      await expectStats(step1.mean, step1.variance);
      // The same token again (MGDA's second pass on the same batch): no second update.
      tf.tidy(() => bn.apply(x, 'train', token.claim(), plain));
      await expectStats(step1.mean, step1.variance);
      // A new step: another momentum update.
      tf.tidy(() => bn.apply(x, 'train', new StatisticsUpdate().claim(), plain));
      await expectStats(
        step1.mean.map((v, c) => (1 - m) * v + m * meanOf(channel(c))),
        step1.variance.map((v, c) => (1 - m) * v + m * unbiased[c]),
      );
      // Momentum 1 replaces them by the batch statistics (the first batch of a re-estimate).
      tf.tidy(() => bn.apply(x, 'train', new StatisticsUpdate(1).claim(), plain));
      await expectStats([0, 1].map((c) => meanOf(channel(c))), unbiased);
      bn.resetStatistics();
      await expectStats([0, 0], [1, 1]);
      bn.dispose();
    });
  });
}

describe('StatisticsUpdate', () => {
  it('hands out its momentum once', () => {
    const token = new StatisticsUpdate(0.25);
    expect(token.claim()).toBe(0.25);
    expect(token.claim()).toBeNull();
    expect(new StatisticsUpdate().claim()).toBe(BATCH_NORM_MOMENTUM);
  });
});
