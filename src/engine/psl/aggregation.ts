/**
 * How a Pareto set model scores a batch of (preference, objective vector) pairs: the mean over the batch of one
 * scalarization per row. Both keep the meaning the rest of the engine gives a preference k — the point where the
 * weighted, shifted objectives k_i(f_i − a_i) are balanced — so the model's answer at k is the point a
 * Chebyshev run at k converges to:
 * - 'chebyshev': the paper's modified weighted Chebyshev, max_i k_i[(f_i − a_i) + ε Σ_j (f_j − a_j)];
 * - 'smooth': smooth Tchebycheff (Lin et al. 2024), μ log Σ_i exp(k_i(f_i − a_i)/μ), within μ log m of the max
 *   and differentiable everywhere (LibMOON's PSL default family). docs/decisions/pareto-set-learning.md compares them.
 * Call inside a gradient scope; f, k [B, m].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PslAggregation } from '../../experiment/choices';

export interface AggregationSettings {
  aggregation: PslAggregation;
  referencePoint: readonly number[];
  epsilon: number;
  /** Smoothing μ of 'smooth'. */
  smoothing: number;
}

/** Per-row scalarized values [B]. */
export function aggregateRows(f: tf.Tensor2D, k: tf.Tensor2D, s: AggregationSettings): tf.Tensor1D {
  const shifted = tf.sub(f, tf.tensor1d(s.referencePoint as number[]));
  if (s.aggregation === 'smooth') return tf.mul(s.smoothing, tf.logSumExp(tf.div(tf.mul(k, shifted), s.smoothing), 1)) as tf.Tensor1D;
  const augmented = tf.add(shifted, tf.mul(s.epsilon, tf.sum(shifted, 1, true)));
  return tf.max(tf.mul(k, augmented), 1) as tf.Tensor1D;
}

/** The modified Chebyshev value of one row (plain numbers, for readings). */
export function chebyshevValue(f: readonly number[], k: readonly number[], a: readonly number[], epsilon: number): number {
  const shifted = f.map((v, i) => v - a[i]);
  const sum = shifted.reduce((x, y) => x + y, 0);
  return Math.max(...shifted.map((v, i) => k[i] * (v + epsilon * sum)));
}
