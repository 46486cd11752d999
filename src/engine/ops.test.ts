/**
 * Every custom-gradient op against the plain TF.js op on the cpu backend (values and gradients), plus
 * central finite differences for the conv gradient, and the same ops on wasm (where the plain conv2d has no
 * filter gradient at all) and on webgpu (Dawn in Node, SwiftShader without a GPU: testing/webgpu.ts).
 * Inputs are made on cpu and references computed there: Node cannot read a webgpu tensor synchronously
 * (TF.js's readSync needs OffscreenCanvas), so webgpu results are only read with data().
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { addChannelBias, batchNormTrain, conv2dValid, convFromPatches, imagePatches, matMul, maxPool2x2 } from './ops';
import { Rng } from './random';
import { prepareWasmKernels, WASM_KERNELS_FLAG, wasmKernelsReady } from './wasmKernels/wasmKernels';
import { webgpuForTests, webgpuSuiteName } from './testing/webgpu';

const webgpu = await webgpuForTests();

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal()), shape);
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

beforeAll(async () => {
  // Initialise both backends once (and link the wasm kernels); tensors then move between them on demand.
  await tf.setBackend('wasm');
  expect(await prepareWasmKernels()).toBe(true);
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => {
  tf.env().set(WASM_KERNELS_FLAG, true);
});

// 'wasm' runs the TF.js compositions of ops.ts, 'wasm+kernels' the SIMD kernels of wasmKernels/ where they apply.
type Variant = 'cpu' | 'wasm' | 'wasm+kernels' | 'webgpu';

async function use(variant: Variant): Promise<void> {
  await tf.setBackend(variant === 'wasm+kernels' ? 'wasm' : variant);
  tf.env().set(WASM_KERNELS_FLAG, variant === 'wasm+kernels');
  expect(wasmKernelsReady()).toBe(variant === 'wasm+kernels');
}

for (const backend of ['cpu', 'wasm', 'wasm+kernels', 'webgpu'] as const) {
  const name = `custom-gradient ops on ${backend}`;
  describe.skipIf(backend === 'webgpu' && !webgpu.ok)(backend === 'webgpu' ? webgpuSuiteName(name, webgpu) : name, () => {
    it('conv2dValid: value and gradients equal tf.conv2d (gradients from cpu)', async () => {
      const x = randomTensor([3, 9, 8, 4], 1) as tf.Tensor4D;
      const w = randomTensor([3, 2, 4, 5], 2) as tf.Tensor4D;
      const dy = randomTensor([3, 7, 7, 5], 3);
      await tf.setBackend('cpu');
      const [refDx, refDw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), dy)))([x, w]);
      const refY = tf.conv2d(x, w, 1, 'valid');
      const ref = { y: await refY.data(), dx: await refDx.data(), dw: await refDw.data() };
      await use(backend);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2dValid(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]);
      expect(await maxAbsDiff(conv2dValid(x, w), tf.tensor(ref.y, refY.shape))).toBeLessThan(1e-4);
      expect(await maxAbsDiff(dx, tf.tensor(ref.dx, x.shape))).toBeLessThan(1e-4);
      expect(await maxAbsDiff(dw, tf.tensor(ref.dw, w.shape))).toBeLessThan(1e-3);
    });

    it('conv2dValid filter gradient matches central finite differences', async () => {
      await use(backend);
      const x = randomTensor([2, 6, 6, 2], 4) as tf.Tensor4D;
      const w = randomTensor([3, 3, 2, 3], 5) as tf.Tensor4D;
      const dy = randomTensor([2, 4, 4, 3], 6);
      const loss = (ww: tf.Tensor4D) => tf.sum(tf.mul(conv2dValid(x, ww), dy));
      const dw = await tf.grad((ww: tf.Tensor) => loss(ww as tf.Tensor4D))(w).data();
      const wv = await w.data();
      const h = 1e-2; // the loss is linear in w, so a large step has no truncation error
      for (const index of [0, 7, 19, 33, 53]) {
        const up = Float32Array.from(wv);
        const down = Float32Array.from(wv);
        up[index] += h;
        down[index] -= h;
        const lUp = (await loss(tf.tensor(up, w.shape) as tf.Tensor4D).data())[0];
        const lDown = (await loss(tf.tensor(down, w.shape) as tf.Tensor4D).data())[0];
        expect(dw[index]).toBeCloseTo((lUp - lDown) / (2 * h), 2);
      }
    });

    it('maxPool2x2: value and gradient equal tf.maxPool, also on odd sizes', async () => {
      for (const shape of [
        [2, 8, 6, 3],
        [2, 7, 5, 2],
      ]) {
        const x = randomTensor(shape, 7) as tf.Tensor4D;
        const [, h, w] = shape;
        const dy = randomTensor([shape[0], Math.floor(h / 2), Math.floor(w / 2), shape[3]], 8);
        await tf.setBackend('cpu');
        const refDx = await tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), dy)))(x).data();
        const refY = await tf.maxPool(x, 2, 2, 'valid').data();
        await use(backend);
        const y = maxPool2x2(x);
        const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(a as tf.Tensor4D), dy)))(x);
        expect(await maxAbsDiff(y, tf.tensor(refY, y.shape))).toBe(0);
        expect(await maxAbsDiff(dx, tf.tensor(refDx, x.shape))).toBeLessThan(1e-6);
      }
    });

    it('matMul: value and gradients equal tf.matMul', async () => {
      const a = randomTensor([7, 5], 9) as tf.Tensor2D;
      const b = randomTensor([5, 4], 10) as tf.Tensor2D;
      const dy = randomTensor([7, 4], 11);
      await tf.setBackend('cpu');
      const [ra, rb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), dy)))([a, b]);
      const ref = { a: await ra.data(), b: await rb.data() };
      await use(backend);
      const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(matMul(p as tf.Tensor2D, q as tf.Tensor2D), dy)))([a, b]);
      expect(await maxAbsDiff(ga, tf.tensor(ref.a, a.shape))).toBeLessThan(1e-5);
      expect(await maxAbsDiff(gb, tf.tensor(ref.b, b.shape))).toBeLessThan(1e-5);
    });

    it('convFromPatches(imagePatches(x)) equals conv2d(x) and its filter gradient', async () => {
      await use(backend);
      const x = randomTensor([2, 10, 9, 1], 12) as tf.Tensor4D;
      const w = randomTensor([5, 5, 1, 4], 13) as tf.Tensor4D;
      const dy = randomTensor([2, 6, 5, 4], 14);
      const patches = imagePatches(x, 5, 5);
      expect(await maxAbsDiff(convFromPatches(patches, w), tf.conv2d(x, w, 1, 'valid'))).toBeLessThan(1e-4);
      const g1 = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(convFromPatches(patches, ww as tf.Tensor4D), dy)))(w);
      const g2 = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(conv2dValid(x, ww as tf.Tensor4D), dy)))(w);
      expect(await maxAbsDiff(g1, g2)).toBeLessThan(1e-3);
    });

    it('imagePatches handles 3-channel 3×3 patches (K = 27, the Cifar10Mnist input layers)', async () => {
      await use(backend);
      const x = randomTensor([2, 8, 7, 3], 15) as tf.Tensor4D;
      const w = randomTensor([3, 3, 3, 5], 16) as tf.Tensor4D;
      const dy = randomTensor([2, 6, 5, 5], 17);
      const patches = imagePatches(x, 3, 3);
      expect(patches.shape).toEqual([2, 6, 5, 27]);
      // Layout: patches[n, p, q, (a·3 + b)·3 + c] = x[n, p + a, q + b, c].
      const [pv, xv] = [await patches.data(), await x.data()];
      expect(pv[(((1 * 6 + 2) * 5 + 3) * 27) + (2 * 3 + 1) * 3 + 2]).toBe(xv[((1 * 8 + 4) * 7 + 4) * 3 + 2]);
      expect(await maxAbsDiff(convFromPatches(patches, w), tf.conv2d(x, w, 1, 'valid'))).toBeLessThan(1e-4);
      const g1 = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(convFromPatches(patches, ww as tf.Tensor4D), dy)))(w);
      const g2 = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(conv2dValid(x, ww as tf.Tensor4D), dy)))(w);
      expect(await maxAbsDiff(g1, g2)).toBeLessThan(1e-3);
    });

    it('batchNormTrain: value and gradients equal tf.moments + tf.batchNorm differentiated by TF.js', async () => {
      const x = tf.add(tf.mul(randomTensor([3, 5, 4, 6], 18), 2), 0.7) as tf.Tensor4D;
      const gamma = randomTensor([6], 19) as tf.Tensor1D;
      const beta = randomTensor([6], 20) as tf.Tensor1D;
      const dy = randomTensor([3, 5, 4, 6], 21);
      const eps = 1e-5;
      await tf.setBackend('cpu');
      const reference = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return tf.batchNorm(a, mean, variance, b, g, eps);
      };
      const refGrads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(a, g, b), dy)))([x, gamma, beta]);
      const ref = { y: await reference(x, gamma, beta).data(), grads: await Promise.all(refGrads.map((t) => t.data())) };
      await use(backend);
      let stats: tf.Tensor[] = [];
      const y = batchNormTrain(x, gamma, beta, eps, (m, v) => {
        stats = [tf.keep(tf.clone(m)), tf.keep(tf.clone(v))]; // kept: the op disposes its scope
      });
      expect(await maxAbsDiff(y, tf.tensor(ref.y, x.shape))).toBeLessThan(1e-4);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      expect(await maxAbsDiff(stats[0], mean)).toBeLessThan(1e-5);
      expect(await maxAbsDiff(stats[1], variance)).toBeLessThan(1e-4);
      const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(batchNormTrain(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, eps), dy)),
      )([x, gamma, beta]);
      for (let i = 0; i < 3; i++) expect(await maxAbsDiff(grads[i], tf.tensor(ref.grads[i], grads[i].shape))).toBeLessThan(1e-4);
    });

    it('addChannelBias: value and gradients equal tf.add', async () => {
      await use(backend);
      const x = randomTensor([3, 4, 5, 6], 22) as tf.Tensor4D;
      const b = randomTensor([6], 23) as tf.Tensor1D;
      const dy = randomTensor([3, 4, 5, 6], 24);
      expect(await maxAbsDiff(addChannelBias(x, b), tf.add(x, b))).toBe(0);
      const [dx, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(addChannelBias(p as tf.Tensor4D, q as tf.Tensor1D), dy)))([x, b]);
      const [rx, rb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.add(p, q), dy)))([x, b]);
      expect(await maxAbsDiff(dx, rx)).toBe(0);
      expect(await maxAbsDiff(db, rb)).toBeLessThan(1e-5);
    });
  });
}
