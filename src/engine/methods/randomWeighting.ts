/**
 * Random weighting (Lin et al., "Reasonable effectiveness of random weighting", 2022): every step minimises
 * Σ_i w_i (f_i − a_i) with fresh weights w ~ Dirichlet(α, ..., α) over the tasks, drawn from the method's own
 * seeded stream (same seed, same weights). Like MGDA it ignores the preference over the tasks; f_0 keeps its
 * preference share k_0 and the tasks share 1 − k_0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import { ScalarizedBaseMethod, withPenaltyShare } from './base';
import type { MethodReadout, MethodSetup, ScalarizedLoss, SettingsOf } from './types';

/** Fork label of the random-weighting stream (distinct from data, init and batch-order streams). */
const RANDOM_WEIGHTING_STREAM = 7001;

export class RandomWeightingMethod extends ScalarizedBaseMethod<'random-weighting'> {
  readonly name = 'random-weighting' as const;
  private readonly rng: Rng;
  private weights: number[];

  constructor(settings: SettingsOf<'random-weighting'>, setup: MethodSetup) {
    super(settings, setup);
    this.rng = new Rng(setup.seed).fork(RANDOM_WEIGHTING_STREAM);
    // Equal task weights until the first step draws (readings before any step).
    const tasks = this.taskCount();
    this.weights = withPenaltyShare(setup.hasPenalty, this.preference, new Array<number>(tasks).fill(1 / tasks));
  }

  /** The weights the next step uses. */
  get currentWeights(): number[] {
    return [...this.weights];
  }

  override beginStep(): void {
    this.weights = this.draw();
  }

  loss(f: tf.Tensor1D): ScalarizedLoss {
    const shifted = tf.sub(f, tf.tensor1d(this.settings.referencePoint));
    return { loss: tf.sum(tf.mul(tf.tensor1d(this.weights), shifted)) as tf.Scalar, readback: [] };
  }

  afterStep(f: number[]): MethodReadout {
    const w = this.weights;
    const value = this.shifted(f).reduce((s, v, i) => s + w[i] * v, 0);
    return { ...this.chebyshevReadout(f, { value, weights: w }), method: this.name };
  }

  private taskCount(): number {
    return this.setup.objectives - (this.setup.hasPenalty ? 1 : 0);
  }

  private draw(): number[] {
    return withPenaltyShare(this.setup.hasPenalty, this.preference, Array.from(this.rng.dirichlet(this.taskCount(), this.settings.method.dirichletAlpha)));
  }
}
