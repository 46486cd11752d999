/**
 * The forward/backward WGSL programs (networkPrograms.ts) against the TF.js compositions they replace: the same
 * op of ops.ts with the kernels' flag on and off, on webgpu (Dawn in Node, testing/webgpu.ts), its value and its
 * gradient with respect to every input under a random upstream gradient — on odd sizes, tied maxima, NaN, more rows
 * than a workgroup — and how many programs each takes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { biasRelu, dense, mix, nllOfLogits, relu, stackedDense, stackedMix, stackedNllOfLogits } from '../fusedOps';
import { addChannelBias, batchNormTrain, conv2dValid, convFromPatches, matMul, maxPool2x2, stackedSumOverRows, sumOverRows } from '../ops';
import { Rng } from '../random';
import { expectClose, expectSameRuns, kernelAndComposition, normals, sizeOf } from '../testing/kernelComparison';
import { countPrograms, webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { WEBGPU_KERNELS_FLAG } from './webgpuKernels';

const webgpu = await webgpuForTests();

describe.skipIf(!webgpu.ok)(webgpuSuiteName('webgpu forward and backward programs', webgpu), () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });
  afterEach(() => {
    tf.env().set(WEBGPU_KERNELS_FLAG, true);
  });

  it('the 2×2 max-pool gradient: the mask composition, on even and odd sizes and with tied maxima, in one program', async () => {
    for (const shape of [[2, 8, 8, 3], [3, 7, 5, 4]]) {
      // Values from a few integers: windows with tied maxima, whose every maximum gets the gradient.
      const rng = new Rng(shape[1]);
      const x = tf.tensor(Float32Array.from({ length: sizeOf(shape) }, () => Math.floor(rng.next() * 4)), shape);
      const runs = await kernelAndComposition((t) => maxPool2x2(t as tf.Tensor4D), [x]);
      expectSameRuns(runs, 0);
      // One program for the gradient where the composition takes four or more (equal, two upsamplings, multiply).
      expect(runs[0].programs).toBeLessThanOrEqual(runs[1].programs - 3);
      x.dispose();
    }
  });

  it('ReLU: dy · step(x) in one program, zeros and NaN as TF.js', async () => {
    const values = normals(300, 3);
    values[0] = 0;
    values[1] = Number.NaN;
    const x = tf.tensor2d(values, [30, 10]);
    const runs = await kernelAndComposition((t) => relu(t), [x]);
    expectSameRuns(runs, 0);
    expect(runs[1].values[1][1]).toBeNaN();
    expect(runs[0].programs).toBe(runs[1].programs - 1);
    x.dispose();
  });

  it('the NLL of logits: log-softmax and the mean NLL, value and gradient, over more rows than a workgroup', async () => {
    for (const rows of [5, 300]) {
      const logits = tf.tensor2d(normals(rows * 10, rows).map((v) => 3 * v), [rows, 10]);
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 7) % 10), 'int32'), 10) as tf.Tensor2D);
      const runs = await kernelAndComposition((l) => nllOfLogits(l as tf.Tensor2D, labels), [logits]);
      expectSameRuns(runs, 1e-5);
      // One program forward and one back, where log-softmax and the loss take about twenty.
      expect(runs[0].programs).toBeLessThanOrEqual(runs[1].programs - 10);
      tf.dispose([logits, labels]);
    }
    // A NaN logit: its row's loss and gradient are not finite on both paths (the readings then stop the run).
    const values = normals(50, 6);
    values[13] = Number.NaN;
    const logits = tf.tensor2d(values, [5, 10]);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4], 'int32'), 10) as tf.Tensor2D);
    const runs = await kernelAndComposition((l) => nllOfLogits(l as tf.Tensor2D, labels), [logits]);
    expectSameRuns(runs, 1e-5);
    expect(runs[0].values[0][0]).toBeNaN();
    tf.dispose([logits, labels]);
  });

  it('the NLL of K runs’ logits at once against shared labels: each run its own NLL and gradient, one program each way', async () => {
    const [K, rows] = [3, 300];
    const values = normals(K * rows * 10, 4).map((v) => 3 * v);
    values[2 * rows * 10 + 17] = Number.NaN;
    const logits = tf.tensor3d(values, [K, rows, 10]);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 3) % 10), 'int32'), 10) as tf.Tensor2D);
    const runs = await kernelAndComposition((l) => stackedNllOfLogits(l as tf.Tensor3D, labels), [logits]);
    expectSameRuns(runs, 1e-5);
    expect(runs[0].programs).toBeLessThanOrEqual(runs[1].programs - 10);
    // Run k's value is the one-run kernel's on its own logits; the run with a NaN logit alone is not finite.
    for (let k = 0; k < K; k++) {
      const own = tf.tidy(() => nllOfLogits(tf.slice(logits, [k, 0, 0], [1, rows, 10]).reshape([rows, 10]) as tf.Tensor2D, labels));
      const value = (await own.data())[0];
      if (k === 2) expect(runs[0].values[0][k]).toBeNaN();
      else expect(runs[0].values[0][k]).toBe(value);
      own.dispose();
    }
    tf.dispose([logits, labels]);
  });

  it('the mixing of K runs at once: each run its own α, value and gradients, in the programs of one run', async () => {
    const [K, n, d] = [3, 37, 50];
    const a = tf.tensor3d(normals(K * n * d, 11), [K, n, d]);
    const b = tf.tensor3d(normals(K * n * d, 12), [K, n, d]);
    const alpha = tf.tensor2d([0.8, -0.3, 0.1, 0.9, -1.2, 0.5], [K, 2]);
    const runs = await kernelAndComposition((x, y, al) => stackedMix(x as tf.Tensor3D, y as tf.Tensor3D, al as tf.Tensor2D), [a, b, alpha]);
    expectSameRuns(runs, 1e-5);
    const oneRun = [tf.tensor2d(normals(n * d, 1), [n, d]), tf.tensor2d(normals(n * d, 2), [n, d]), tf.tensor1d([0.8, -0.3])];
    const one = await kernelAndComposition((x, y, al) => mix(x as tf.Tensor2D, y as tf.Tensor2D, al as tf.Tensor1D), oneRun);
    expect(runs[0].programs).toBe(one[0].programs);
    tf.dispose([a, b, alpha, ...oneRun]);
  });

  it('the column sums of K matrices at once: each its own sums, in one program (more rows than a workgroup)', async () => {
    for (const [K, rows, columns] of [[3, 5, 7], [4, 300, 20]]) {
      const m = tf.tensor3d(normals(K * rows * columns, rows), [K, rows, columns]);
      let sums: tf.Tensor = tf.zeros([0]);
      // A gradient's part (dense layers' biases): the value alone, against TF.js's sum.
      expect(await countPrograms(() => (sums = stackedSumOverRows(m)))).toBe(1);
      const expected = tf.sum(m, 1);
      expectClose(await sums.data(), await expected.data(), 1e-5);
      const own = tf.tidy(() => sumOverRows(tf.reshape(tf.slice(m, [1, 0, 0], [1, rows, columns]), [rows, columns]) as tf.Tensor2D));
      expect(Array.from((await sums.data()).subarray(columns, 2 * columns))).toEqual(Array.from(await own.data()));
      tf.dispose([m, sums, expected, own]);
    }
  });

  for (const activation of ['relu', 'linear'] as const) {
    it(`a dense layer of K runs at once (${activation}): value and the gradients of input, kernels and biases`, async () => {
      const [K, n, inputs, outputs] = [3, 37, 50, 20];
      const x = tf.tensor3d(normals(K * n * inputs, 21), [K, n, inputs]);
      const w = tf.tensor3d(normals(K * inputs * outputs, 22), [K, inputs, outputs]);
      const b = tf.tensor2d(normals(K * outputs, 23), [K, outputs]);
      const runs = await kernelAndComposition((xi, wi, bi) => stackedDense(xi as tf.Tensor3D, wi as tf.Tensor3D, bi as tf.Tensor2D, activation), [x, w, b]);
      expectSameRuns(runs, 1e-4);
      expect(runs[0].programs).toBeLessThan(runs[1].programs);
      tf.dispose([x, w, b]);
    });
  }

  it("MDMTN's mixing α₀ · a + α₁ · b: value and the gradients of a, b and α", async () => {
    const a = tf.tensor2d(normals(37 * 50, 1), [37, 50]);
    const b = tf.tensor2d(normals(37 * 50, 2), [37, 50]);
    const alpha = tf.tensor1d([0.8, -0.3]);
    const runs = await kernelAndComposition((x, y, al) => mix(x as tf.Tensor2D, y as tf.Tensor2D, al as tf.Tensor1D), [a, b, alpha]);
    expectSameRuns(runs, 1e-5);
    expect(runs[0].programs).toBeLessThanOrEqual(runs[1].programs - 5);
    tf.dispose([a, b, alpha]);
  });

  it('bias + ReLU of a pooled conv output and a dense layer (with and without ReLU): one program forward', async () => {
    const x = tf.tensor4d(normals(3 * 5 * 4 * 20, 8), [3, 5, 4, 20]);
    const b = tf.tensor1d(normals(20, 9));
    const biasReluRuns = await kernelAndComposition((t, bias) => biasRelu(t as tf.Tensor4D, bias as tf.Tensor1D), [x, b]);
    expectSameRuns(biasReluRuns, 1e-5);
    expect(biasReluRuns[0].programs).toBeLessThan(biasReluRuns[1].programs);
    // More rows than a workgroup of the column sums, and a head without ReLU.
    const input = tf.tensor2d(normals(300 * 50, 10), [300, 50]);
    const kernel = tf.tensor2d(normals(50 * 10, 11), [50, 10]);
    const bias = tf.tensor1d(normals(10, 12));
    for (const activation of ['relu', 'linear'] as const) {
      const runs = await kernelAndComposition((a, w, c) => dense(a as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D, activation), [input, kernel, bias]);
      expectSameRuns(runs, 1e-5);
      expect(runs[0].programs).toBeLessThan(runs[1].programs);
    }
    tf.dispose([x, b, input, kernel, bias]);
  });

  it('column sums: the channel bias and batch normalisation gradients', async () => {
    const x = tf.tensor4d(normals(4 * 9 * 9 * 6, 13), [4, 9, 9, 6]);
    const gamma = tf.tensor1d(normals(6, 14));
    const beta = tf.tensor1d(normals(6, 15));
    expectSameRuns(await kernelAndComposition((t, c) => addChannelBias(t as tf.Tensor4D, c as tf.Tensor1D), [x, beta]), 1e-5);
    expectSameRuns(await kernelAndComposition((t, g, c) => batchNormTrain(t as tf.Tensor4D, g as tf.Tensor1D, c as tf.Tensor1D, 1e-3), [x, gamma, beta]), 1e-4);
    tf.dispose([x, gamma, beta]);
  });

  it('a valid convolution: TF.js backprop kernels, the composition of forward convolutions', async () => {
    const x = tf.tensor4d(normals(2 * 12 * 12 * 10, 16), [2, 12, 12, 10]);
    const w = tf.tensor4d(normals(5 * 5 * 10 * 20, 17).map((v) => 0.1 * v), [5, 5, 10, 20]);
    const runs = await kernelAndComposition((t, k) => conv2dValid(t as tf.Tensor4D, k as tf.Tensor4D), [x, w]);
    expectSameRuns(runs, 1e-4);
    expect(runs[0].programs).toBeLessThanOrEqual(runs[1].programs - 6);
    tf.dispose([x, w]);
  });

  it('matMul and convolution from patches: gradients with transposed operands read in place', async () => {
    const a = tf.tensor2d(normals(64 * 25, 4), [64, 25]);
    const w = tf.tensor2d(normals(25 * 10, 5), [25, 10]);
    const matMulRuns = await kernelAndComposition((x, y) => matMul(x as tf.Tensor2D, y as tf.Tensor2D), [a, w]);
    expectSameRuns(matMulRuns, 1e-5);
    expect(matMulRuns[0].programs).toBe(matMulRuns[1].programs - 2);
    const patches = tf.reshape(a, [1, 8, 8, 25]) as tf.Tensor4D;
    const kernel = tf.reshape(w, [5, 5, 1, 10]);
    const convRuns = await kernelAndComposition((k) => convFromPatches(patches, k as tf.Tensor4D), [kernel]);
    expectSameRuns(convRuns, 1e-5);
    expect(convRuns[0].programs).toBe(convRuns[1].programs - 1);
    tf.dispose([a, w, patches, kernel]);
  });
});

