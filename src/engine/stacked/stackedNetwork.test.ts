/**
 * K networks stacked give each network's own numbers: logits, and the gradients of their losses, against the same
 * networks alone (MultiTaskNetwork) on cpu, for MDMTN and HPS, in both forms of the pass; copying a network out and back; and on webgpu, the
 * programs a training pass dispatches do not grow with K.
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { MultiTaskNetwork } from '../models';
import { nllLoss } from '../ops';
import { normals } from '../testing/kernelComparison';
import { countPrograms, webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { StackedNetwork } from './stackedNetwork';
import { StatisticsUpdate } from '../batchNorm';

const webgpu = await webgpuForTests();
const SEEDS = [1, 2, 3];
const N = 4;

function batch(): { x: tf.Tensor4D; labels: tf.Tensor2D[] } {
  const x = tf.tensor4d(normals(N * 28 * 28, 11), [N, 28, 28, 1]);
  const labels = [0, 1].map((t) => tf.oneHot(tf.tensor1d([1, 7, 3, 9].map((c) => (c + t) % 10), 'int32'), 10).toFloat() as tf.Tensor2D);
  return { x, labels };
}

/** Σ over tasks of the mean NLL, per network: [K] for stacked logits [K, N, C]. */
function stackedLoss(logits: tf.Tensor3D[], labels: tf.Tensor2D[]): tf.Scalar {
  return tf.addN(logits.map((l, t) => tf.sum(tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(l), labels[t]), 2), 1))))) as tf.Scalar;
}

/** Largest |a − b| over the largest |b|: relative to the tensor's scale, however small its entries. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  expect(scale).toBeGreaterThan(0);
  expect(worst / scale).toBeLessThan(tolerance);
}

/** Networks of these seeds, each MDMTN mixing its trunks with its own α (a new network's (1, 0) would leave the
 * monitor trunks without gradient). */
function networksOf(kind: 'mdmtn' | 'hps'): MultiTaskNetwork[] {
  return SEEDS.map((seed, i) => {
    const network = new MultiTaskNetwork({ kind, seed });
    network.alphas.forEach((alpha, t) => tf.tidy(() => alpha.assign(tf.tensor1d([0.3 + 0.2 * i, 0.8 - 0.15 * i - 0.1 * t]))));
    return network;
  });
}

describe('K networks stacked', () => {
  for (const [kind, form] of [['mdmtn', 'each'], ['hps', 'each'], ['mdmtn', 'stacked'], ['hps', 'stacked']] as const) {
    it(`${kind}, ${form === 'each' ? "each network's own operations" : 'every layer one computation'}: each network's logits and gradients, as alone (cpu)`, async () => {
      await tf.setBackend('cpu');
      const networks = networksOf(kind);
      const stacked = StackedNetwork.fromNetworks(networks);
      const { x, labels } = batch();
      try {
        const logits = tf.tidy(() => stacked.forward(x, form).map((l) => tf.keep(l)));
        const { value, grads } = tf.variableGrads(() => stackedLoss(stacked.forward(x, form), labels), stacked.trainableVariables());
        value.dispose();
        for (const [i, network] of networks.entries()) {
          const alone = tf.tidy(() => network.forward(x, { logits: true }).map((l) => tf.keep(l)));
          for (let t = 0; t < 2; t++) expectClose(await tf.tidy(() => tf.squeeze(tf.slice(logits[t], [i], [1]), [0])).data(), await alone[t].data(), 1e-5);
          const { value: ownValue, grads: own } = tf.variableGrads(() => tf.addN(network.forward(x, { logits: true }).map((l, t) => nllLoss(tf.logSoftmax(l), labels[t]))) as tf.Scalar, network.trainableVariables());
          ownValue.dispose();
          for (const layer of stacked.layers) {
            const mine = network.layer(layer.spec.name);
            for (const [stackedVariable, aloneVariable] of [[layer.kernel, mine.kernel], [layer.bias, mine.bias]] as const) {
              const slice = tf.tidy(() => tf.squeeze(tf.slice(grads[stackedVariable.name], [i], [1]), [0]));
              expectClose(await slice.data(), await own[aloneVariable.name].data(), 1e-5);
              slice.dispose();
            }
          }
          for (const [t, alpha] of stacked.alphas.entries()) {
            const slice = tf.tidy(() => tf.squeeze(tf.slice(grads[alpha.name], [i], [1]), [0]));
            expectClose(await slice.data(), await own[network.alphas[t].name].data(), 1e-5);
            slice.dispose();
          }
          tf.dispose([...alone, ...Object.values(own)]);
        }
        tf.dispose([...logits, ...Object.values(grads)]);
      } finally {
        tf.dispose([x, ...labels]);
        stacked.dispose();
        networks.forEach((n) => n.dispose());
      }
    });
  }

  for (const [kind, form] of [['hps', 'each'], ['mdmtn', 'each'], ['hps', 'stacked'], ['mdmtn', 'stacked']] as const) {
    it(`Cifar10Mnist ${kind} with batch normalisation, ${form}: each network's logits, gradients (γ and β too) and moved running statistics, as alone (cpu)`, async () => {
      await tf.setBackend('cpu');
      const networks = SEEDS.map((seed) => new MultiTaskNetwork({ kind, problem: 'cifar10mnist', seed }));
      // Statistics and γ that differ per network, so that a mix-up shows.
      networks.forEach((network, i) => {
        network.batchNorms.forEach((bn) => tf.tidy(() => {
          bn.runningMean.assign(tf.fill(bn.runningMean.shape, 0.1 * i));
          bn.gamma.assign(tf.fill(bn.gamma.shape, 1 + 0.25 * i));
        }));
        network.alphas.forEach((alpha, t) => tf.tidy(() => alpha.assign(tf.tensor1d([0.3 + 0.2 * i, 0.8 - 0.15 * i - 0.1 * t]))));
      });
      const stacked = StackedNetwork.fromNetworks(networks);
      const x = tf.tensor4d(normals(N * 32 * 32 * 3, 13), [N, 32, 32, 3]);
      const { labels } = batch();
      try {
        const logits = tf.tidy(() => stacked.forward(x, form).map((l) => tf.keep(l)));
        const { value, grads } = tf.variableGrads(() => stackedLoss(stacked.forward(x, form, new StatisticsUpdate()), labels), stacked.trainableVariables());
        value.dispose();
        for (const [i, network] of networks.entries()) {
          const alone = tf.tidy(() => network.forward(x, { mode: 'train', logits: true }).map((l) => tf.keep(l)));
          for (let t = 0; t < 2; t++) expectClose(await tf.tidy(() => tf.squeeze(tf.slice(logits[t], [i], [1]), [0])).data(), await alone[t].data(), 1e-5);
          const { value: ownValue, grads: own } = tf.variableGrads(
            () => tf.addN(network.forward(x, { mode: 'train', update: new StatisticsUpdate(), logits: true }).map((l, t) => nllLoss(tf.logSoftmax(l), labels[t]))) as tf.Scalar,
            network.trainableVariables(),
          );
          ownValue.dispose();
          const ofNetwork = async (stackedTensor: tf.Tensor) => {
            const slice = tf.tidy(() => tf.squeeze(tf.slice(stackedTensor, [i], [1]), [0]));
            const values = await slice.data();
            slice.dispose();
            return values;
          };
          expect(network.batchNorms.length).toBeGreaterThan(0);
          for (const bn of network.batchNorms) {
            const norm = stacked.normOf(bn.name.replace(/\.bn$/, ''));
            if (!norm) throw new Error(`no stacked norm for ${bn.name}`);
            expectClose(await ofNetwork(grads[norm.gamma.name]), await own[bn.gamma.name].data(), 1e-5);
            expectClose(await ofNetwork(grads[norm.beta.name]), await own[bn.beta.name].data(), 1e-5);
            // Both moved their statistics once, from their own starting values.
            expectClose(await ofNetwork(norm.runningMean), await bn.runningMean.data(), 1e-5);
            expectClose(await ofNetwork(norm.runningVariance), await bn.runningVariance.data(), 1e-5);
          }
          for (const layer of stacked.layers) expectClose(await ofNetwork(grads[layer.kernel.name]), await own[network.layer(layer.spec.name).kernel.name].data(), 1e-5);
          tf.dispose([...alone, ...Object.values(own)]);
        }
        tf.dispose([...logits, ...Object.values(grads)]);
      } finally {
        tf.dispose([x, ...labels]);
        stacked.dispose();
        networks.forEach((n) => n.dispose());
      }
    });
  }

  it("copies the networks out and back, a change to one run's network into that network only; the tensor count stays flat", async () => {
    await tf.setBackend('cpu');
    const networks = SEEDS.map((seed) => new MultiTaskNetwork({ kind: 'mdmtn', seed }));
    const stacked = StackedNetwork.fromNetworks(networks);
    const runs = SEEDS.map((seed) => new MultiTaskNetwork({ kind: 'mdmtn', seed: seed + 10 }));
    try {
      const before = tf.memory().numTensors;
      stacked.copyAllInto(runs);
      for (const [i, run] of runs.entries()) expect(await run.layer('shared.fc').kernel.data()).toEqual(await networks[i].layer('shared.fc').kernel.data());
      // A per-run change (here: one kernel zeroed) goes back into network 1 only.
      tf.tidy(() => runs[1].layer('shared.fc').kernel.assign(tf.zerosLike(runs[1].layer('shared.fc').kernel)));
      stacked.copyAllFrom(runs);
      const kernels = tf.tidy(() => tf.unstack(stacked.layer('shared.fc').kernel).map((t) => tf.keep(tf.abs(t).sum())));
      const sums = await Promise.all(kernels.map((t) => t.data()));
      expect(sums.map((s) => s[0] > 0)).toEqual([true, false, true]);
      tf.dispose(kernels);
      expect(tf.memory().numTensors).toBe(before);
      expect(() => stacked.copyAllInto(runs.slice(1))).toThrow('2 networks for 3 stacked ones');
    } finally {
      stacked.dispose();
      [...networks, ...runs].forEach((n) => n.dispose());
    }
  });
});

describe.skipIf(!webgpu.ok)(webgpuSuiteName('K networks stacked on webgpu', webgpu), () => {
  it('a forward and backward pass dispatches about as many programs for 4 networks as for 1 (not 4 times as many)', async () => {
    await tf.setBackend('webgpu');
    const programsFor = async (count: number): Promise<number> => {
      const networks = Array.from({ length: count }, (_, i) => new MultiTaskNetwork({ kind: 'mdmtn', seed: i + 1 }));
      const stacked = StackedNetwork.fromNetworks(networks);
      const { x, labels } = batch();
      try {
        const pass = () => {
          const { value, grads } = tf.variableGrads(() => stackedLoss(stacked.forward(x), labels), stacked.trainableVariables());
          tf.dispose([value, ...Object.values(grads)]);
        };
        pass();
        return await countPrograms(pass);
      } finally {
        tf.dispose([x, ...labels]);
        stacked.dispose();
        networks.forEach((n) => n.dispose());
      }
    };
    const [one, four] = [await programsFor(1), await programsFor(4)];
    // TF.js may pick another matMul program for another shape (a split-K one needs a fill first): a few more or fewer.
    expect(Math.abs(four - one)).toBeLessThanOrEqual(0.1 * one);
  });
});
