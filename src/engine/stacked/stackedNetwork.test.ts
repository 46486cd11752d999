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
import { StackedNetwork, type StackedForm, type StackedNorm } from './stackedNetwork';
import type { ProblemName } from '../../experiment/choices';
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
function networksOf(kind: 'mdmtn' | 'hps', problem: ProblemName = 'multimnist'): MultiTaskNetwork[] {
  return SEEDS.map((seed, i) => {
    const network = new MultiTaskNetwork({ kind, problem, seed });
    network.alphas.forEach((alpha, t) => tf.tidy(() => alpha.assign(tf.tensor1d([0.3 + 0.2 * i, 0.8 - 0.15 * i - 0.1 * t]))));
    return network;
  });
}

/** Network i's slice of a stacked tensor, read back. */
async function sliceOf(stacked: tf.Tensor, i: number): Promise<Float32Array> {
  const slice = tf.tidy(() => tf.squeeze(tf.slice(stacked, [i], [1]), [0]));
  try {
    return (await slice.data()) as Float32Array;
  } finally {
    slice.dispose();
  }
}

/**
 * The networks stacked against each alone on one batch: every network's logits, and the gradients of every variable
 * it has alone (kernels, biases, α; γ and β) with those of its slice of the stacked one. `train`: batch normalisation
 * on the batch's statistics, which both passes then move once (`afterPass` checks more of each network).
 */
async function expectAsAlone(
  networks: MultiTaskNetwork[],
  x: tf.Tensor4D,
  labels: tf.Tensor2D[],
  form: StackedForm,
  train: boolean,
  afterPass?: (stacked: StackedNetwork, network: MultiTaskNetwork, i: number) => Promise<void>,
): Promise<void> {
  const stacked = StackedNetwork.fromNetworks(networks);
  const mode = train ? 'train' : 'inference';
  try {
    const logits = tf.tidy(() => stacked.forward(x, form).map((l) => tf.keep(l)));
    const { value, grads } = tf.variableGrads(() => stackedLoss(stacked.forward(x, form, train ? new StatisticsUpdate() : undefined), labels), stacked.trainableVariables());
    value.dispose();
    for (const [i, network] of networks.entries()) {
      const alone = tf.tidy(() => network.forward(x, { mode, logits: true }).map((l) => tf.keep(l)));
      for (let t = 0; t < 2; t++) expectClose(await sliceOf(logits[t], i), await alone[t].data(), 1e-5);
      const { value: ownValue, grads: own } = tf.variableGrads(
        () => tf.addN(network.forward(x, { mode, update: train ? new StatisticsUpdate() : undefined, logits: true }).map((l, t) => nllLoss(tf.logSoftmax(l), labels[t]))) as tf.Scalar,
        network.trainableVariables(),
      );
      ownValue.dispose();
      const pairs: [tf.Variable, tf.Variable][] = [
        ...stacked.layers.flatMap((layer): [tf.Variable, tf.Variable][] => {
          const { kernel, bias } = network.layer(layer.spec.name);
          // Batch normalisation cancels a conv bias: its gradient is 0 up to rounding, which another order changes.
          return stacked.normOf(layer.spec.name) ? [[layer.kernel, kernel]] : [[layer.kernel, kernel], [layer.bias, bias]];
        }),
        ...stacked.alphas.map((alpha, t): [tf.Variable, tf.Variable] => [alpha, network.alphas[t]]),
        ...network.batchNorms.flatMap((bn): [tf.Variable, tf.Variable][] => {
          const norm = stacked.normOf(bn.name.replace(/\.bn$/, ''));
          if (!norm) throw new Error(`no stacked norm for ${bn.name}`);
          return [[norm.gamma, bn.gamma], [norm.beta, bn.beta]];
        }),
      ];
      for (const [stackedVariable, aloneVariable] of pairs) expectClose(await sliceOf(grads[stackedVariable.name], i), await own[aloneVariable.name].data(), 1e-5);
      await afterPass?.(stacked, network, i);
      tf.dispose([...alone, ...Object.values(own)]);
    }
    tf.dispose([...logits, ...Object.values(grads)]);
  } finally {
    stacked.dispose();
  }
}

describe('K networks stacked', () => {
  for (const [kind, form] of [['mdmtn', 'each'], ['hps', 'each'], ['mdmtn', 'stacked'], ['hps', 'stacked']] as const) {
    it(`${kind}, ${form === 'each' ? "each network's own operations" : 'every layer one computation'}: each network's logits and gradients, as alone (cpu)`, async () => {
      await tf.setBackend('cpu');
      const networks = networksOf(kind);
      const { x, labels } = batch();
      try {
        await expectAsAlone(networks, x, labels, form, false);
      } finally {
        tf.dispose([x, ...labels]);
        networks.forEach((n) => n.dispose());
      }
    });
  }

  for (const [kind, form] of [['hps', 'each'], ['mdmtn', 'each'], ['hps', 'stacked'], ['mdmtn', 'stacked']] as const) {
    it(`Cifar10Mnist ${kind} with batch normalisation, ${form}: each network's logits, gradients (γ and β too) and moved running statistics, as alone (cpu)`, async () => {
      await tf.setBackend('cpu');
      const networks = networksOf(kind, 'cifar10mnist');
      // Statistics and γ that differ per network, so that a mix-up shows.
      networks.forEach((network, i) =>
        network.batchNorms.forEach((bn) =>
          tf.tidy(() => {
            bn.runningMean.assign(tf.fill(bn.runningMean.shape, 0.1 * i));
            bn.gamma.assign(tf.fill(bn.gamma.shape, 1 + 0.25 * i));
          }),
        ),
      );
      expect(networks[0].batchNorms.length).toBeGreaterThan(0);
      const x = tf.tensor4d(normals(N * 32 * 32 * 3, 13), [N, 32, 32, 3]);
      const { labels } = batch();
      try {
        await expectAsAlone(networks, x, labels, form, true, async (stacked, network, i) => {
          // Both passes moved the statistics once, each network's from its own starting values.
          for (const bn of network.batchNorms) {
            const norm = stacked.normOf(bn.name.replace(/\.bn$/, '')) as StackedNorm;
            expectClose(await sliceOf(norm.runningMean, i), await bn.runningMean.data(), 1e-5);
            expectClose(await sliceOf(norm.runningVariance, i), await bn.runningVariance.data(), 1e-5);
          }
        });
      } finally {
        tf.dispose([x, ...labels]);
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
