/**
 * Comparing a webgpu kernel with the TF.js composition it replaces: the same op run with Paretoscope's kernels' flag
 * on and off, its value and its gradient with respect to every input under a seeded random upstream gradient, and
 * the programs each took (the unit tests of webgpuKernels/). Each run must leave as many tensors as it found.
 */
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import { WEBGPU_KERNELS_FLAG, webgpuKernelsReady } from '../webgpuKernels/webgpuKernels';
import { countPrograms as countDispatches } from './webgpu';

export function normals(size: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

export const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export interface Run {
  values: Float32Array[];
  programs: number;
}

/** The op's value and its gradients (under the upstream gradient `upstream`), and the programs they took. */
async function valueAndGrads(op: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number): Promise<Run> {
  let outputs: tf.Tensor[] = [];
  const tensorsBefore = tf.memory().numTensors;
  const programs = await countDispatches(() => {
    outputs = tf.tidy(() => {
      const value = op(...inputs);
      const upstream = tf.tensor(normals(value.size, seed), value.shape);
      const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(op(...xs), upstream)))(inputs);
      return [value, ...grads];
    });
  });
  const values = await Promise.all(outputs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(outputs);
  expect(tf.memory().numTensors, 'tensors left behind by the op or its gradient').toBe(tensorsBefore);
  return { values, programs };
}

/** With the kernels, then with the compositions (flag off). */
export async function kernelAndComposition(op: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed = 7): Promise<[Run, Run]> {
  expect(webgpuKernelsReady()).toBe(true);
  const kernel = await valueAndGrads(op, inputs, seed);
  tf.env().set(WEBGPU_KERNELS_FLAG, false);
  const composition = await valueAndGrads(op, inputs, seed);
  tf.env().set(WEBGPU_KERNELS_FLAG, true);
  return [kernel, composition];
}

/**
 * Equal within `tolerance` (relative above 1, absolute below); where the expected value is not finite, the actual one
 * is not finite either (NaN and ±Infinity both mean the step diverged: the readings stop it either way).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Number.isFinite(expected[i])) expect(Number.isFinite(actual[i]), `entry ${i}: ${actual[i]} where ${expected[i]} is expected`).toBe(false);
    else expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i])));
  }
}

export function expectSameRuns([kernel, composition]: [Run, Run], tolerance: number): void {
  expect(kernel.values.length).toBe(composition.values.length);
  kernel.values.forEach((v, i) => expectClose(v, composition.values[i], tolerance));
}
