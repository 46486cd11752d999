/**
 * The stacked method step: K runs' own method objects, one gradient of the summed losses and one optimiser step over a
 * stacked variable give each run the values and the step of its methodStep alone — for the AL of both variants (the
 * batched form: one t [K]) and methods whose runs' losses are computed a row each, with K = 9 (more runs than a webgpu program may bind buffers), on cpu and on webgpu.
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../../experiment/config';
import type { MethodName } from '../../experiment/choices';
import { createMethod, methodStep, type MethodStepValues, type ScalarizedMethod } from '../methods';
import { makeOptimizer } from '../optimizers';
import { webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { stackedScalarization } from './stackedScalarization';
import { stackedMethodStep } from './stackedStep';

const webgpu = await webgpuForTests();
const K = 9;
const preferences = Array.from({ length: K }, (_, i) => [0.1, 0.1 + 0.08 * i, 0.8 - 0.08 * i]);
const start = Array.from({ length: K }, (_, i) => [0.5 + 0.1 * i, 1 - 0.05 * i, 0.3 * ((i % 3) - 1)]);
/** f = (w², w² + 1, (w − 1)²) elementwise: three objectives of three parameters. */
const objectivesOf = (w: tf.Tensor) => tf.stack([tf.square(tf.slice(w, [0], [1])), tf.add(tf.square(w), 1).slice([1], [1]), tf.square(tf.sub(w, 1)).slice([2], [1])].map((t) => tf.reshape(t, [])));

type Case = MethodName | 'chebyshev-al-reference';
const methodOf = (name: Case, k: number[]) => {
  const choices = name === 'chebyshev-al-reference' ? { method: 'chebyshev-al' as const, variant: 'reference' as const } : { method: name };
  return createMethod(defaultConfig(choices, k), { objectives: 3, hasPenalty: true, preference: k, seed: 1 }) as ScalarizedMethod;
};

async function compare(name: Case, tolerance: number): Promise<void> {
  const before = tf.memory().numTensors;
  const alone: MethodStepValues[][] = [];
  const aloneWeights: number[][] = [];
  for (let k = 0; k < K; k++) {
    const method = methodOf(name, preferences[k]);
    const w = tf.tidy(() => tf.variable(tf.tensor1d(start[k])));
    const optimizer = makeOptimizer('adam', 0.05);
    const values: MethodStepValues[] = [];
    for (let s = 0; s < 3; s++) values.push(await methodStep({ method, objectives: () => objectivesOf(w) as tf.Tensor1D, variables: [w], optimizer, smoothObjectives: [1, 2] }));
    alone.push(values);
    aloneWeights.push(Array.from(await w.data()));
    w.dispose();
    optimizer.dispose();
    method.dispose();
  }
  const methods = preferences.map((k) => methodOf(name, k));
  const scalarization = stackedScalarization(methods);
  const w = tf.tidy(() => tf.variable(tf.tensor2d(start)));
  const optimizer = makeOptimizer('adam', 0.05);
  const stacked: MethodStepValues[][] = [];
  for (let s = 0; s < 3; s++) stacked.push(await stackedMethodStep({ scalarization, objectives: () => tf.stack(tf.unstack(w).map((row) => objectivesOf(row))) as tf.Tensor2D, variables: [w], optimizer }));
  const weights = (await w.array()) as number[][];
  w.dispose();
  optimizer.dispose();
  methods.forEach((m) => m.dispose());
  scalarization.dispose();
  expect(tf.memory().numTensors).toBe(before);
  for (let k = 0; k < K; k++) {
    for (let s = 0; s < 3; s++) {
      const [own, together] = [alone[k][s], stacked[s][k]];
      expect(together.readback.length).toBe(own.readback.length);
      [...together.objectives, ...together.readback].forEach((v, i) => expect(Math.abs(v - [...own.objectives, ...own.readback][i])).toBeLessThan(tolerance));
    }
    weights[k].forEach((v, i) => expect(Math.abs(v - aloneWeights[k][i]), `run ${k + 1}`).toBeLessThan(tolerance));
  }
}

describe('the stacked method step', () => {
  // The AL in its batched form (one t [K]), the others a row each.
  for (const name of ['chebyshev-al', 'chebyshev-al-reference', 'linear', 'smooth-tchebycheff', 'random-weighting'] as const) {
    it(`${name}: each of ${K} runs as its own step (cpu)`, async () => {
      await tf.setBackend('cpu');
      await compare(name, 1e-6);
    });
  }
});

describe.skipIf(!webgpu.ok)(webgpuSuiteName('the stacked method step on webgpu', webgpu), () => {
  for (const name of ['chebyshev-al', 'chebyshev-al-reference', 'linear'] as const) {
    it(`${name}: each of ${K} runs as its own step`, async () => {
      await tf.setBackend('webgpu');
      await compare(name, 1e-5);
    });
  }
});
