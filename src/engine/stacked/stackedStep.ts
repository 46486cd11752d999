/**
 * One optimiser step of K stacked runs, each scalarized by its own method (stackedScalarization.ts): the K losses
 * summed, one gradient of the sum (each network's slice of it is its own loss's gradient: no run reads another's
 * parameters), one optimiser step over the stacked variables and the scalarization's, one readback for all K. Adam and
 * SGD are elementwise, so one optimiser over the stacked variables steps each run as its own would.
 * methods/step.ts's scalarized step, K at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MethodStepValues } from '../methods';
import type { StackedScalarization } from './stackedScalarization';

export interface StackedStepInputs {
  /** The K runs' methods as one. */
  scalarization: StackedScalarization;
  /** The objective vectors of the K runs, [K, objectives]; called inside the gradient scope. */
  objectives: () => tf.Tensor2D;
  /** The stacked network's trainable variables (the scalarization's own are added). */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
}

/** Each run's f at the start of the step and its method's read-back values, as methodStep gives them alone. */
export async function stackedMethodStep({ scalarization, objectives, variables, optimizer }: StackedStepInputs): Promise<MethodStepValues[]> {
  scalarization.beginStep();
  let objectiveCount = 0;
  const packed = tf.tidy(() => {
    let kept: tf.Tensor2D[] = [];
    const { grads } = tf.variableGrads(() => {
      const f = objectives();
      objectiveCount = f.shape[1];
      const { loss, readback } = scalarization.loss(f);
      // Keep f and the methods' values beyond the gradient scope for the readings.
      kept = [tf.keep(f), ...(readback ? [tf.keep(readback)] : [])];
      return loss;
    }, [...variables, ...scalarization.variables]);
    optimizer.applyGradients(grads);
    const after = scalarization.readbackAfterStep();
    // A row a run: f, then what its method reads back.
    const rows = tf.concat([...kept, ...(after ? [after] : [])], 1);
    tf.dispose(kept);
    return rows;
  });
  const [runs, width] = packed.shape;
  const values = await packed.data();
  packed.dispose();
  return Array.from({ length: runs }, (_, k) => {
    const row = Array.from(values.subarray(k * width, (k + 1) * width));
    return { objectives: row.slice(0, objectiveCount), readback: row.slice(objectiveCount) };
  });
}
