/**
 * f_0, the sparsity objective of a network run, as a scalar tensor: the GrOWL penalty Ω(θ), or with the relative
 * penalty Ω(θ)/Ω(θ_0) (docs/decisions/relative-sparsity-objective.md), Ω(θ_0) taken at the first step and kept
 * on the device so no step reads it back.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../experiment/config';
import type { GrowlLayers } from './sparsity';

export class PenaltyObjective {
  private initial: tf.Scalar | null = null;

  constructor(
    private readonly growl: GrowlLayers,
    private readonly scale: TrainerConfig['penalty'],
  ) {}

  /** f_0 now; the caller disposes it. */
  value(): tf.Scalar {
    const raw = this.growl.penaltyTensor();
    if (this.scale === 'raw') return raw;
    this.initial ??= tf.tidy(() => tf.maximum(raw, 1e-12) as tf.Scalar);
    const relative = tf.div(raw, this.initial) as tf.Scalar;
    raw.dispose();
    return relative;
  }

  dispose(): void {
    this.initial?.dispose();
  }
}
