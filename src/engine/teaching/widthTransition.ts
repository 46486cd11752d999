/**
 * The width phase transition (Zhao's talk, SPEC §7): k regression tasks on shared inputs X [N, d], targets
 * y_i = X b_i, a two-layer linear model f_i(x) = xᵀ W a_i with a shared W [d, q] and per-task heads a_i [q].
 * Losses f_i = mean over the N rows of (xᵀ W a_i − y_i)². When q ≥ k one W can fit every task and the Pareto
 * front collapses to the single point 0; when q < k the tasks compete for the q directions and the front is a
 * curve (k = 2) or surface (k = 3). Task similarity ρ moves the task vectors together:
 * b_i = √ρ c + √(1 − ρ) e_i with c, e_i ~ N(0, I/d) (ρ = 1: identical tasks, no trade-off at any width).
 * The exact front: widthFront.ts (derivation there). Everything is seeded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import type { TeachingProblem, WidthTransitionSpec } from './types';
import { taskGram, widthData, type WidthData } from './widthData';
import { widthFront } from './widthFront';

export class WidthTransition implements TeachingProblem {
  readonly objectives: number;
  readonly samplesPerStep: number;
  readonly variables: tf.Variable[];
  readonly parameterCount: number;
  readonly data: WidthData;
  private readonly start: Float32Array;
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  private readonly w: tf.Variable;
  private readonly a: tf.Variable;
  private front: number[][] | null = null;

  constructor(
    readonly spec: WidthTransitionSpec,
    seed: number,
  ) {
    const { samples: n, inputDimension: d, tasks: k, width: q } = spec;
    this.objectives = k;
    this.samplesPerStep = n;
    this.data = widthData(spec, seed);
    this.x = tf.tensor2d(this.data.inputs, [n, d]);
    this.y = tf.tensor2d(this.data.targets, [n, k]);
    // Seeded init at a moderate scale: W ~ N(0, 1/(4d)), A ~ N(0, 1/(4q)) (0 would be a saddle).
    const rng = new Rng(seed).fork(402);
    const init = (count: number, std: number) => Float32Array.from({ length: count }, () => rng.normal() * std);
    const w0 = init(d * q, 0.5 / Math.sqrt(d));
    const a0 = init(q * k, 0.5 / Math.sqrt(q));
    this.parameterCount = d * q + q * k;
    this.start = Float32Array.from([...w0, ...a0]);
    this.w = tf.tidy(() => tf.variable(tf.tensor2d(w0, [d, q]), true));
    this.a = tf.tidy(() => tf.variable(tf.tensor2d(a0, [q, k]), true));
    this.variables = [this.w, this.a];
  }

  objectivesTensor(): tf.Tensor1D {
    const predictions = tf.matMul(tf.matMul(this.x, this.w), this.a);
    return tf.mean(tf.square(tf.sub(predictions, this.y)), 0) as tf.Tensor1D;
  }

  objectivesAt(theta: tf.Tensor2D): tf.Tensor2D {
    const { samples: n, inputDimension: d, tasks: k, width: q } = this.spec;
    const b = theta.shape[0];
    const w = tf.reshape(tf.slice(theta, [0, 0], [b, d * q]), [b, d, q]);
    const a = tf.reshape(tf.slice(theta, [0, d * q], [b, q * k]), [b, q, k]);
    // X W for every W of the batch as one matMul: W's [d, B·q] side by side, then back to [B, N, q].
    const xw = tf.matMul(this.x, tf.reshape(tf.transpose(w, [1, 0, 2]), [d, b * q]));
    const hidden = tf.transpose(tf.reshape(xw, [n, b, q]), [1, 0, 2]);
    const predictions = tf.matMul(hidden, a);
    return tf.mean(tf.square(tf.sub(predictions, this.y)), 1) as tf.Tensor2D;
  }

  startParameters(): Float32Array {
    return this.start.slice();
  }

  exactFront(): number[][] {
    this.front ??= widthFront({ gram: taskGram(this.spec, this.data), width: this.spec.width });
    return this.front;
  }

  dispose(): void {
    this.x.dispose();
    this.y.dispose();
    this.w.dispose();
    this.a.dispose();
  }
}
