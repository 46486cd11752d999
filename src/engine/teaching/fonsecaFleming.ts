/**
 * Fonseca–Fleming: two objectives over x ∈ R^n (n ≥ 2) with a concave Pareto front,
 *   f_1(x) = 1 − exp(−Σ_i (x_i − 1/√n)²),   f_2(x) = 1 − exp(−Σ_i (x_i + 1/√n)²).
 *
 * Exact front. Write x = s·1 + x_⊥ with x_⊥ ⟂ 1 and u = √n·s. Then Σ (x_i ∓ 1/√n)² = (u ∓ 1)² + ‖x_⊥‖², so
 * any x_⊥ ≠ 0 is dominated by its projection onto the diagonal, and on the diagonal f_1 increases and f_2
 * decreases in u outside [−1, 1]. The Pareto set is x_i = s for s ∈ [−1/√n, 1/√n] (u ∈ [−1, 1]) and the
 * front is (1 − e^{−(u−1)²}, 1 − e^{−(u+1)²}), from (0, 1 − e^{−4}) to (1 − e^{−4}, 0). It is concave: the
 * weighted sum's minimisers on it are only its two ends.
 *
 * Start: off the front at distance 1 from the diagonal (a seeded direction ⟂ 1), with a seeded small offset
 * |u_0| ≤ 0.05 along it so that symmetric preferences are not stuck on the weighted sum's saddle at u = 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import { fonsecaFlemingFront } from './fonsecaFlemingFront';
import type { FonsecaFlemingSpec, TeachingProblem } from './types';

export class FonsecaFleming implements TeachingProblem {
  readonly objectives = 2;
  readonly samplesPerStep = 1;
  readonly variables: tf.Variable[];
  readonly parameterCount: number;
  private readonly start: Float32Array;
  private readonly x: tf.Variable;
  private readonly centre: tf.Tensor1D;
  private front: number[][] | null = null;

  constructor(
    readonly spec: FonsecaFlemingSpec,
    seed: number,
  ) {
    const n = spec.dimension;
    this.parameterCount = n;
    this.start = Float32Array.from(fonsecaFlemingStart(n, seed));
    this.x = tf.tidy(() => tf.variable(tf.tensor1d(this.start), true));
    this.variables = [this.x];
    this.centre = tf.fill([n], 1 / Math.sqrt(n)) as tf.Tensor1D;
  }

  objectivesTensor(): tf.Tensor1D {
    const f1 = tf.sub(1, tf.exp(tf.neg(tf.sum(tf.square(tf.sub(this.x, this.centre))))));
    const f2 = tf.sub(1, tf.exp(tf.neg(tf.sum(tf.square(tf.add(this.x, this.centre))))));
    return tf.stack([f1, f2]) as tf.Tensor1D;
  }

  objectivesAt(theta: tf.Tensor2D): tf.Tensor2D {
    const f1 = tf.sub(1, tf.exp(tf.neg(tf.sum(tf.square(tf.sub(theta, this.centre)), 1))));
    const f2 = tf.sub(1, tf.exp(tf.neg(tf.sum(tf.square(tf.add(theta, this.centre)), 1))));
    return tf.stack([f1, f2], 1) as tf.Tensor2D;
  }

  startParameters(): Float32Array {
    return this.start.slice();
  }

  exactFront(): number[][] {
    this.front ??= fonsecaFlemingFront();
    return this.front;
  }

  dispose(): void {
    this.x.dispose();
    this.centre.dispose();
  }
}

/** A seeded start at distance 1 from the Pareto set's line, with u_0 = √n·mean(x) in [−0.05, 0.05]. */
export function fonsecaFlemingStart(n: number, seed: number): Float64Array {
  const rng = new Rng(seed).fork(301);
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const mean = x.reduce((a, b) => a + b, 0) / n;
  for (let i = 0; i < n; i++) x[i] -= mean;
  const norm = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
  const u0 = (rng.next() - 0.5) * 0.1;
  for (let i = 0; i < n; i++) x[i] = x[i] / norm + u0 / Math.sqrt(n);
  return x;
}
