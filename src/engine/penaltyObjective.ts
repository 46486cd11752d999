/**
 * f_0, the sparsity objective of a network run, as a tensor: the GrOWL penalty Ω(θ), or with the relative penalty
 * Ω(θ)/Ω(θ_0) (docs/decisions/relative-sparsity-objective.md), Ω(θ_0) taken at the first step and kept on the device so
 * no step reads it back. One run's is a scalar; K stacked runs' (stacked/stackedPenalty.ts) a vector [K], each
 * relative to its own start.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../experiment/config';

export class PenaltyObjective<T extends tf.Tensor = tf.Scalar> {
  private initial: T | null = null;

  /** `penalty` computes Ω(θ) now (a fresh tensor the objective disposes or returns). */
  constructor(
    private readonly penalty: () => T,
    private readonly scale: TrainerConfig['penalty'],
  ) {}

  /** f_0 now; the caller disposes it. */
  value(): T {
    const raw = this.penalty();
    if (this.scale === 'raw') return raw;
    this.initial ??= tf.tidy(() => tf.maximum(raw, 1e-12) as T);
    const relative = tf.div(raw, this.initial) as T;
    raw.dispose();
    return relative;
  }

  dispose(): void {
    this.initial?.dispose();
  }
}
