/**
 * The scalarization a PSL batch is trained on, over the task losses only. The sparsity entry k₀ of the
 * preference acts through the row masks (rowMasks.ts), not through the loss: f₀ would enter a Chebyshev max as
 * a constant (its shrinkage is the prox's or the mask's business, SPEC §3), and whenever k₀ f₀ were the largest
 * term the batch would train no task at all. The task weights are the task part of r, renormalised:
 * w_i = k_i / Σ_{j ≥ 1} k_j (uniform when the task part is 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PslAggregation } from './config';

export interface AggregationSettings {
  aggregation: PslAggregation;
  smoothMu: number;
  epsilon: number;
  /** a over the tasks (a_1..a_m). */
  taskReference: number[];
}

/** w = (k_1..k_m) / Σ (k_1..k_m) for r = (k₀, k_1..k_m). */
export function taskWeights(r: ArrayLike<number>): number[] {
  const tasks = Array.from(r).slice(1);
  const sum = tasks.reduce((a, b) => a + b, 0);
  return sum > 1e-12 ? tasks.map((v) => v / sum) : tasks.map(() => 1 / tasks.length);
}

/**
 * The scalar to minimise for task losses f [m] at task weights w:
 * 'chebyshev': max_i w_i[(f_i − a_i) + ε Σ_j (f_j − a_j)] (SPEC §1.1's modified weighted Chebyshev);
 * 'smooth': μ · log Σ_i exp(w_i (f_i − a_i) / μ) (as methods/smoothTchebycheff.ts).
 */
export function aggregateTasks(f: tf.Tensor1D, w: readonly number[], s: AggregationSettings): tf.Scalar {
  return tf.tidy(() => {
    const shifted = tf.sub(f, tf.tensor1d(s.taskReference));
    const weights = tf.tensor1d(w as number[]);
    if (s.aggregation === 'chebyshev') {
      const terms = tf.mul(weights, tf.add(shifted, tf.mul(s.epsilon, tf.sum(shifted))));
      return tf.max(terms) as tf.Scalar;
    }
    return tf.mul(s.smoothMu, tf.logSumExp(tf.div(tf.mul(weights, shifted), s.smoothMu))) as tf.Scalar;
  });
}

/** ∂(aggregate)/∂f_i in float64 (for readings: how strongly each task pulled on the step). */
export function aggregationWeights(f: readonly number[], w: readonly number[], s: AggregationSettings): number[] {
  const shifted = f.map((v, i) => v - s.taskReference[i]);
  if (s.aggregation === 'chebyshev') {
    const sum = shifted.reduce((a, b) => a + b, 0);
    const terms = shifted.map((v, i) => w[i] * (v + s.epsilon * sum));
    const top = terms.indexOf(Math.max(...terms));
    return w.map((_, i) => (i === top ? w[top] : 0) + w[top] * s.epsilon);
  }
  const scaled = shifted.map((v, i) => (w[i] * v) / s.smoothMu);
  const top = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - top));
  const z = exps.reduce((a, b) => a + b, 0);
  return exps.map((e, i) => (e / z) * w[i]);
}
