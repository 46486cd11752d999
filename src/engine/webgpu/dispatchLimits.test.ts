/**
 * The dispatch-limit guards of TF.js's webgpu Transpose and BatchMatMul (dispatchLimits.ts): with the limit
 * lowered by the flag, every split path on small shapes gives the values of the kernels it wraps, leaks no
 * buffer and keeps the gradients; at the real limit, MDMTN's patch matrix at batch 4096 ([2,359,296, 25])
 * transposes right. WebGPU is Dawn in Node (testing/webgpu.ts).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import { webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { MAX_WORKGROUPS_FLAG, rowSplit } from './dispatchLimits';

const webgpu = await webgpuForTests();

function randomValues(size: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

async function values(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

describe('rowSplit', () => {
  it('takes the fewest parts that divide the rows and fit, or none', () => {
    expect(rowSplit(4096 * 576, 8 * 65535, 65535)).toBe(6); // 393,216 rows a part
    expect(rowSplit(96, 32, 4)).toBe(3);
    expect(rowSplit(70, 32, 4)).toBeNull(); // 3 and 4 do not divide 70, 5 parts exceed the limit
    expect(rowSplit(65537, 8, 65535)).toBeNull(); // a prime
  });
});

describe.skipIf(!webgpu.ok)(webgpuSuiteName('webgpu dispatch-limit guards', webgpu), () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });
  afterEach(() => {
    tf.env().set(MAX_WORKGROUPS_FLAG, 0);
  });

  /** The same computation with the limit lowered to `limit` workgroups and with the device's limit. */
  async function bothWays(limit: number, compute: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
    const buffers = tf.backend().numDataIds();
    tf.env().set(MAX_WORKGROUPS_FLAG, limit);
    const guarded = tf.tidy(compute);
    tf.env().set(MAX_WORKGROUPS_FLAG, 0);
    const plain = tf.tidy(compute);
    const result: [Float32Array, Float32Array] = [await values(guarded), await values(plain)];
    expect(guarded.shape).toEqual(plain.shape);
    tf.dispose([guarded, plain]);
    expect(tf.backend().numDataIds()).toBe(buffers);
    return result;
  }

  it('Transpose of a tall matrix runs as a rank-3 transpose: the same values', async () => {
    const x = tf.tensor2d(randomValues(100 * 7, 1), [100, 7]); // 100 rows > 16 × 4
    const [guarded, plain] = await bothWays(4, () => tf.transpose(x));
    expect(guarded).toEqual(plain);
    x.dispose();
  });

  it('BatchMatMul splits the rows over the batch axis where a split divides them: the same values', async () => {
    const a = tf.tensor2d(randomValues(96 * 5, 2), [96, 5]); // 96 rows > 8 × 4: 3 parts of 32
    const b = tf.tensor2d(randomValues(5 * 3, 3), [5, 3]);
    const [guarded, plain] = await bothWays(4, () => tf.matMul(a, b));
    expect(guarded).toEqual(plain);
    tf.dispose([a, b]);
  });

  it('BatchMatMul runs row slices where no split divides the rows, and with a transposed A', async () => {
    const a = tf.tensor2d(randomValues(70 * 5, 4), [70, 5]);
    const aT = tf.transpose(a);
    const b = tf.tensor2d(randomValues(5 * 3, 5), [5, 3]);
    // Slices of 32 and 6 rows may get another of TF.js's matMul programs: equal up to float32 rounding.
    const [sliced, plain] = await bothWays(4, () => tf.matMul(a, b));
    for (let i = 0; i < plain.length; i++) expect(sliced[i]).toBeCloseTo(plain[i], 5);
    const [slicedT, plainT] = await bothWays(4, () => tf.matMul(aT, b, true, false));
    for (let i = 0; i < plainT.length; i++) expect(slicedT[i]).toBeCloseTo(plainT[i], 5);
    tf.dispose([a, aT, b]);
  });

  it('keeps the gradients of a matMul whose rows are split', async () => {
    const a = tf.tensor2d(randomValues(96 * 5, 6), [96, 5]);
    const b = tf.tensor2d(randomValues(5 * 3, 7), [5, 3]);
    const dy = tf.tensor2d(randomValues(96 * 3, 8), [96, 3]);
    const grads = () => tf.concat(tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), dy)))([a, b]).map((g) => tf.reshape(g, [-1])));
    const [guarded, plain] = await bothWays(4, grads);
    for (let i = 0; i < plain.length; i++) expect(guarded[i]).toBeCloseTo(plain[i], 5);
    tf.dispose([a, b, dy]);
  });

  it('refuses a batch of matrices whose rows exceed the limit, naming the shape', () => {
    const a = tf.zeros([2, 96, 5]);
    const b = tf.zeros([2, 5, 3]);
    tf.env().set(MAX_WORKGROUPS_FLAG, 4);
    expect(() => tf.matMul(a, b)).toThrow(/BatchMatMul: 96 rows in a batch of 2 exceed WebGPU's dispatch limit \(4 workgroups\)/);
    tf.dispose([a, b]);
  });

  it("MDMTN's patch matrix at batch 4096 (2,359,296 × 25) transposes, checked at sampled rows", async () => {
    // The matMul of this matrix takes SwiftShader minutes (its cost is per workgroup, about 20 s even at K = 1):
    // largeBatch.test.ts encodes the whole step at batch 4096 without running it instead.
    const rows = 4096 * 576;
    const k = 25;
    // Cheap seeded values (59M of them): Rng's normals would take longer than the GPU work.
    const aValues = new Float32Array(rows * k);
    for (let i = 0, s = 1; i < aValues.length; i++) aValues[i] = ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24 - 0.5;
    const rng = new Rng(11);
    const sampled = [0, rows - 1, 16 * 65535, 16 * 65535 + 1, ...Array.from({ length: 60 }, () => rng.int(rows))];
    // Only the sampled columns come back: reading 236 MB from SwiftShader would dominate the test.
    const transposed = tf.tidy(() => tf.gather(tf.transpose(tf.tensor2d(aValues, [rows, k])), tf.tensor1d(sampled, 'int32'), 1));
    const t = await values(transposed);
    sampled.forEach((row, j) => {
      for (let i = 0; i < k; i++) expect(t[i * sampled.length + j]).toBe(aValues[row * k + i]);
    });
    transposed.dispose();
  });
});
