/**
 * The wasm SIMD kernels against the TF.js compositions they replace, on shapes that hit every tail of their
 * loops (channel counts that are not multiples of 4, odd image sizes, row counts around the 256-row tile, K and
 * M around the 4 x 8 register block), and the committed binary against its source.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import { KERNELS_SOURCE_SHA256 } from './kernelsBinary';
import {
  columnSumsKernel,
  imagePatchesKernel,
  matMulAtBKernel,
  maxPool2x2GradKernel,
  patchesToImageKernel,
  prepareWasmKernels,
  WASM_KERNELS_FLAG,
  wasmKernelsReady,
} from './wasmKernels';

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal()), shape);
}

/** Largest |a − b| relative to max(1, |b|). */
function maxRelativeDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
  return m;
}

/** The composition: identity-kernel convolution (ops.ts's definition of image patches). */
function patchesByConv(x: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  const c = x.shape[3];
  return tf.conv2d(x, tf.reshape(tf.eye(kh * kw * c), [kh, kw, c, kh * kw * c]) as tf.Tensor4D, 1, 'valid');
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(await prepareWasmKernels()).toBe(true);
});

afterAll(() => {
  tf.env().set(WASM_KERNELS_FLAG, true);
});

describe('wasm kernels', () => {
  it('are linked on wasm and can be switched off with the flag', () => {
    expect(wasmKernelsReady()).toBe(true);
    tf.env().set(WASM_KERNELS_FLAG, false);
    expect(wasmKernelsReady()).toBe(false);
    tf.env().set(WASM_KERNELS_FLAG, true);
  });

  it.each([
    [2, 6, 6, 4],
    [3, 7, 5, 10],
    [1, 5, 9, 1],
    [2, 8, 8, 20],
    [1, 3, 3, 7],
  ])('max-pool gradient [%i, %i, %i, %i] equals the mask composition, exactly (odd sizes get zeros)', (n, h, w, c) => {
    tf.tidy(() => {
      // Integer-valued inputs make ties common, so the tie rule (all tied positions) is exercised too.
      const x = tf.round(tf.mul(randomTensor([n, h, w, c], 1), 2)) as tf.Tensor4D;
      const y = tf.maxPool(x, 2, 2, 'valid');
      const dy = randomTensor(y.shape, 2) as tf.Tensor4D;
      const [oh, ow] = [y.shape[1], y.shape[2]];
      const used = tf.slice(x, [0, 0, 0, 0], [-1, 2 * oh, 2 * ow, -1]);
      const up = (t: tf.Tensor4D) => tf.image.resizeNearestNeighbor(t, [2 * oh, 2 * ow]);
      const composed = tf.pad(tf.mul(tf.cast(tf.equal(used, up(y)), 'float32'), up(dy)), [
        [0, 0],
        [0, h - 2 * oh],
        [0, w - 2 * ow],
        [0, 0],
      ]);
      expect(Array.from(maxPool2x2GradKernel(x, y, dy).dataSync())).toEqual(Array.from(composed.dataSync()));
    });
  });

  it('max-pool gradient keeps a NaN of dy where the mask is 0, as the composition does', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      const y = tf.maxPool(x, 2, 2, 'valid');
      const dx = maxPool2x2GradKernel(x, y, tf.tensor4d([NaN], [1, 1, 1, 1]));
      expect(Array.from(dx.dataSync()).every(Number.isNaN)).toBe(true);
    });
  });

  it.each([
    [2, 9, 8, 1, 5, 5],
    [3, 7, 6, 3, 3, 3],
    [1, 6, 7, 2, 3, 2],
  ])('image patches of [%i, %i, %i, %i] with %i×%i windows equal the identity-kernel convolution', (n, h, w, c, kh, kw) => {
    tf.tidy(() => {
      const x = randomTensor([n, h, w, c], 3) as tf.Tensor4D;
      expect(maxRelativeDiff(imagePatchesKernel(x, kh, kw), patchesByConv(x, kh, kw))).toBe(0);
    });
  });

  it.each([
    [2, 9, 8, 1, 5, 5],
    [3, 7, 6, 3, 3, 3],
    [2, 12, 12, 10, 5, 5],
    [1, 6, 7, 2, 3, 2],
  ])('patches → image of [%i, %i, %i, %i], %i×%i, is the adjoint of image patches (the gradient TF.js derives)', (n, h, w, c, kh, kw) => {
    tf.tidy(() => {
      const x = randomTensor([n, h, w, c], 4) as tf.Tensor4D;
      const dp = randomTensor([n, h - kh + 1, w - kw + 1, kh * kw * c], 5) as tf.Tensor4D;
      const reference = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(patchesByConv(xx as tf.Tensor4D, kh, kw), dp)))(x);
      expect(maxRelativeDiff(patchesToImageKernel(dp, h, w, kh, kw), reference)).toBeLessThan(1e-5);
    });
  });

  it.each([
    [1, 1, 1],
    [5, 3, 7],
    [255, 4, 8],
    [257, 5, 9],
    [600, 25, 20],
    [513, 25, 10],
    [300, 33, 50],
    [70, 2880, 50],
  ])('aᵀ·b with a [%i, %i] and b [rows, %i] equals transpose then matMul', (rows, k, m) => {
    tf.tidy(() => {
      const a = randomTensor([rows, k], 6) as tf.Tensor2D;
      const b = randomTensor([rows, m], 7) as tf.Tensor2D;
      // Sums of `rows` products of unit normals, added in another order: float32 rounding stays far below 1e-4
      // relative, an indexing mistake far above it.
      expect(maxRelativeDiff(matMulAtBKernel(a, b), tf.matMul(tf.transpose(a), b))).toBeLessThan(1e-4);
    });
  });

  it.each([
    [1, 1],
    [7, 5],
    [300, 16],
    [301, 17],
    [1000, 20],
    [33, 37],
  ])('column sums of [%i, %i] equal tf.sum over axis 0', (rows, m) => {
    tf.tidy(() => {
      const b = randomTensor([rows, m], 8) as tf.Tensor2D;
      expect(maxRelativeDiff(columnSumsKernel(b), tf.sum(b, 0))).toBeLessThan(1e-5);
    });
  });

  it('leave no tensors behind', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = randomTensor([2, 6, 6, 3], 9) as tf.Tensor4D;
      const y = tf.maxPool(x, 2, 2, 'valid');
      maxPool2x2GradKernel(x, y, y);
      patchesToImageKernel(imagePatchesKernel(x, 3, 3), 6, 6, 3, 3);
      columnSumsKernel(matMulAtBKernel(tf.reshape(x, [12, 18]) as tf.Tensor2D, tf.reshape(x, [12, 18]) as tf.Tensor2D));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the committed kernel binary', () => {
  const dir = join(import.meta.dirname);

  it('was built from the current kernels.c (else: npm run build:kernels)', () => {
    const sha = createHash('sha256').update(readFileSync(join(dir, 'kernels.c'))).digest('hex');
    expect(KERNELS_SOURCE_SHA256).toBe(sha);
  });

  const hasClang = (() => {
    try {
      execFileSync(process.env.CLANG ?? 'clang', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  // CI installs clang and lld (.ci/run); elsewhere the source hash above still ties binary and source.
  it.runIf(hasClang)('is what clang builds from kernels.c today, byte for byte', () => {
    const out = execFileSync('npx', ['tsx', join(dir, '../../../scripts/buildWasmKernels.ts'), '--check'], { encoding: 'utf8' });
    expect(out).toContain('matches');
  }, 60_000);
});
