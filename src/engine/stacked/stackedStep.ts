/**
 * One optimiser step of K stacked runs, each scalarized by its own method object: the K losses summed, one gradient
 * of the sum (each network's slice of it is its own loss's gradient: no run reads another's parameters), one
 * optimiser step over the stacked variables and every method's variables, one readback for all K. Adam and SGD are
 * elementwise, so one optimiser over the stacked variables steps each run as its own would.
 * methods/step.ts's scalarized step, K at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MethodStepValues, ScalarizedMethod } from '../methods';

export interface StackedStepInputs {
  /** Run k's method. */
  methods: readonly ScalarizedMethod[];
  /** The objective vectors of the K runs, [K, objectives]; called inside the gradient scope. */
  objectives: () => tf.Tensor2D;
  /** The stacked network's trainable variables (the methods' own are added). */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
}

/** Each run's f at the start of the step and its method's read-back values, as methodStep gives them alone. */
export async function stackedMethodStep({ methods, objectives, variables, optimizer }: StackedStepInputs): Promise<MethodStepValues[]> {
  methods.forEach((method) => method.beginStep());
  let objectiveCount = 0;
  let sizes: number[] = [];
  const packed = tf.tidy(() => {
    const kept: tf.Tensor[][] = [];
    const { grads } = tf.variableGrads(() => {
      const f = objectives();
      objectiveCount = f.shape[1];
      // Slices, not tf.unstack: TF.js's Unpack gradient fails for a single output (K = 1).
      const rows = methods.map((_, k) => tf.reshape(tf.slice(f, [k, 0], [1, objectiveCount]), [objectiveCount]) as tf.Tensor1D);
      const losses = methods.map((method, k) => {
        const { loss, readback } = method.loss(rows[k]);
        // Keep f and the method's values beyond the gradient scope for the readings.
        kept.push([tf.keep(rows[k]), ...readback.map((r) => tf.keep(r))]);
        return loss;
      });
      // Not tf.addN: on webgpu its one program binds every input, and past 7 it exceeds the storage-buffer limit.
      return tf.sum(tf.stack(losses));
    }, [...variables, ...methods.flatMap((method) => method.variables)]);
    optimizer.applyGradients(grads);
    const perRun = methods.map((method, k) => tf.concat([...kept[k], ...method.readbackAfterStep()]));
    sizes = perRun.map((values) => values.size);
    tf.dispose(kept.flat());
    return tf.concat(perRun);
  });
  const values = Array.from(await packed.data());
  packed.dispose();
  let offset = 0;
  return sizes.map((size) => {
    const run = values.slice(offset, offset + size);
    offset += size;
    return { objectives: run.slice(0, objectiveCount), readback: run.slice(objectiveCount) };
  });
}
