/**
 * K networks as one computation (src/engine/stacked/stackedNetwork.ts): the time of one forward and backward pass of
 * K stacked MDMTN or HPS networks on one shared batch (the K runs' summed task losses), against K = 1 in the same
 * run. A pass ends with a read of one gradient value, so a GPU's queue is drained in every timed pass. No optimiser,
 * prox or readings: what stacking changes is the pass. On a GPU, K networks should take about the time of one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MultiTaskNetwork } from '../../src/engine/models';
import { Rng } from '../../src/engine/random';
import { StackedNetwork } from '../../src/engine/stacked/stackedNetwork';
import { summarize, type Summary } from '../lib/format';
import type { NetName } from './step';

export interface StackedPassTiming {
  net: NetName;
  networks: number;
  batch: number;
  summary: Summary;
}

export async function timeStackedPass(net: NetName, networks: number, batch: number, warmup: number, passes: number): Promise<StackedPassTiming> {
  const rng = new Rng(5);
  const models = Array.from({ length: networks }, (_, i) => new MultiTaskNetwork({ kind: net, seed: i + 1 }));
  const stacked = StackedNetwork.fromNetworks(models);
  models.forEach((m) => m.dispose());
  const x = tf.tensor4d(Float32Array.from({ length: batch * 28 * 28 }, () => rng.next()), [batch, 28, 28, 1]);
  const labels = [0, 1].map(() => tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: batch }, () => Math.floor(rng.next() * 10)), 'int32'), 10).toFloat() as tf.Tensor2D));
  const pass = async () => {
    const { value, grads } = tf.variableGrads(
      () => tf.addN(stacked.forward(x).map((l, t) => tf.sum(tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(l), labels[t]), 2), 1))))) as tf.Scalar,
      stacked.trainableVariables(),
    );
    const values = Object.values(grads);
    await values[0].data();
    tf.dispose([value, ...values]);
  };
  try {
    for (let i = 0; i < warmup; i++) await pass();
    const times: number[] = [];
    for (let i = 0; i < passes; i++) {
      const started = performance.now();
      await pass();
      times.push(performance.now() - started);
    }
    return { net, networks, batch, summary: summarize(times) };
  } finally {
    tf.dispose([x, ...labels]);
    stacked.dispose();
  }
}
