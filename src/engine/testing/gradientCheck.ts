/**
 * For gradient tests: TF.js's gradient of a scalar loss with respect to some variables next to central finite
 * differences, (loss(v + h) − loss(v − h)) / 2h, at chosen entries of each variable. The variables are put back as
 * they were; no tensor is left behind. The caller compares (each test has its own tolerance).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface GradientComparison {
  variable: number;
  entry: number;
  analytic: number;
  numeric: number;
}

export function compareWithFiniteDifferences(loss: () => tf.Scalar, variables: tf.Variable[], step: number, entries: (variable: tf.Variable) => number[]): GradientComparison[] {
  const { grads } = tf.variableGrads(loss, variables);
  const value = () => tf.tidy(() => loss().dataSync()[0]);
  const out: GradientComparison[] = [];
  for (const [index, v] of variables.entries()) {
    const analytic = grads[v.name].dataSync();
    const values = v.dataSync().slice();
    const set = (data: Float32Array) => tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
    for (const entry of entries(v)) {
      const at = (delta: number) => {
        const shifted = values.slice();
        shifted[entry] += delta;
        set(shifted as Float32Array);
        return value();
      };
      const numeric = (at(step) - at(-step)) / (2 * step);
      set(values as Float32Array);
      out.push({ variable: index, entry, analytic: analytic[entry], numeric });
    }
  }
  tf.dispose(Object.values(grads));
  return out;
}
