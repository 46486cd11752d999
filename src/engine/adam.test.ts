/**
 * DeviceConstantAdam against tf.train.adam: bit-identical variables over steps and a learning-rate change, no
 * tensor made from JS values during an update (the uploads it exists to avoid), no tensors left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { DeviceConstantAdam } from './adam';
import { Rng } from './random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function values(shape: number[], seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

/** Runs `steps` updates of a quadratic loss on two variables with the optimizer; returns the final values. */
function train(makeOptimizer: (lr: number) => tf.Optimizer, setLr: (o: tf.Optimizer, lr: number) => void, tag: string): Float32Array[] {
  const a = tf.variable(tf.tensor(values([3, 4], 1), [3, 4]), true, `adam-test-a-${tag}`);
  const b = tf.variable(tf.tensor(values([5], 2), [5]), true, `adam-test-b-${tag}`);
  const target = tf.tensor(values([3, 4], 3), [3, 4]);
  const optimizer = makeOptimizer(0.01);
  for (let step = 0; step < 12; step++) {
    if (step === 6) setLr(optimizer, 0.005);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.add(tf.sum(tf.square(tf.sub(a, target))), tf.sum(tf.mul(b, b))) as tf.Scalar, [a, b]);
      optimizer.applyGradients(grads);
    });
  }
  const out = [a.dataSync() as Float32Array, b.dataSync() as Float32Array].map((v) => Float32Array.from(v));
  optimizer.dispose();
  [a, b, target].forEach((t) => t.dispose());
  return out;
}

describe('DeviceConstantAdam', () => {
  it('gives exactly the variables tf.train.adam gives, across a learning-rate change', () => {
    const reference = train(
      (lr) => tf.train.adam(lr, 0.9, 0.999, 1e-8),
      (o, lr) => ((o as unknown as { learningRate: number }).learningRate = lr),
      'reference',
    );
    const ours = train(
      (lr) => new DeviceConstantAdam(lr, 0.9, 0.999, 1e-8),
      (o, lr) => (o as DeviceConstantAdam).setLearningRate(lr),
      'ours',
    );
    expect(ours.map((v) => Array.from(v))).toEqual(reference.map((v) => Array.from(v)));
  });

  it('makes no tensor from JS values during an update, and leaves none behind', () => {
    const w = tf.variable(tf.tensor(values([4, 4], 4), [4, 4]), true, 'adam-test-uploads');
    const optimizer = new DeviceConstantAdam(0.01);
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(w)) as tf.Scalar, [w]);
        optimizer.applyGradients(grads);
      });
    step(); // creates the moments
    const engine = tf.engine() as unknown as { makeTensor: (...args: unknown[]) => tf.Tensor };
    const makeTensor = engine.makeTensor.bind(engine);
    let made = 0;
    engine.makeTensor = (...args: unknown[]) => {
      made++;
      return makeTensor(...args);
    };
    const before = tf.memory().numTensors;
    try {
      const grads = tf.tidy(() => tf.variableGrads(() => tf.sum(tf.square(w)) as tf.Scalar, [w]).grads);
      made = 0;
      optimizer.applyGradients(grads);
      expect(made).toBe(0);
      tf.dispose(grads);
      for (let i = 0; i < 20; i++) step();
    } finally {
      engine.makeTensor = makeTensor;
    }
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    w.dispose();
  });
});
