/**
 * MGDA (multiple-gradient descent; Désidéri 2012, Sener & Koltun 2018): each step follows the min-norm
 * element of the convex hull of the smooth objectives' gradients, a direction that decreases every objective
 * until the point is Pareto-stationary. It needs one gradient per objective (`gradientMode: 'per-objective'`):
 * the trainer computes them, passes their Gram matrix here and applies Σ_i w_i ∇f_i.
 *
 * Choices (documented in SPEC terms):
 * - the min norm is taken over the gradients with respect to all trainable parameters (the original MGDA),
 *   not only the shared ones (Sener & Koltun's MTL variant): the method stays generic, and on the networks a
 *   task's head gradient is zero for the other tasks;
 * - MGDA ignores the preference over the tasks (it finds some Pareto-stationary point, depending on the
 *   start); with the GrOWL penalty, f_0 keeps its preference share k_0 for the prox and the tasks' min-norm
 *   weights are scaled by 1 − k_0.
 */
import { BaseMethod, withPenaltyShare } from './base';
import { minNormWeights } from './minNorm';
import type { MethodReadout, PerObjectiveMethod } from './types';

export class MgdaMethod extends BaseMethod<'mgda'> implements PerObjectiveMethod {
  readonly name = 'mgda' as const;
  readonly gradientMode = 'per-objective' as const;
  private lastWeights: number[] | null = null;

  weightsFromGradients(gram: number[][]): number[] {
    this.lastWeights = withPenaltyShare(this.setup.hasPenalty, this.preference, minNormWeights(gram));
    return this.lastWeights;
  }

  afterStep(f: number[]): MethodReadout {
    const weights = this.lastWeights ?? new Array<number>(f.length).fill(1 / f.length);
    const value = f.reduce((s, v, i) => s + weights[i] * (v - this.settings.referencePoint[i]), 0);
    return { ...this.chebyshevReadout(f, { value, weights }), method: this.name };
  }
}
