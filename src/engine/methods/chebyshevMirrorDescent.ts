/**
 * Chebyshev scalarization by online mirror descent (Zhao's talk; Liu et al., "Online Mirror Descent for
 * Tchebycheff Scalarization in Multi-Objective Optimization", 2024). The Chebyshev problem
 *   min_θ max_i k_i (f_i − a_i) = min_θ max_{λ ∈ simplex} Σ_i λ_i k_i (f_i − a_i)
 * is played as a game: each step the primal takes an optimiser step on Σ_i λ_i k_i (f_i − a_i) with λ fixed,
 * then the dual takes an exponentiated-gradient (mirror ascent) step on the simplex with the step's f:
 *   λ_i ← λ_i exp(η_λ k_i (f_i − a_i)) / Z.
 * λ is kept as log-weights so that no entry underflows to an absorbing 0.
 *
 * The last iterate of such a game oscillates around the Chebyshev point (on a concave front the weighted sum
 * with fixed λ pushes away from it); the method therefore returns the online-to-batch average of the
 * non-dominated iterates (`averagesIterates`, see onlineToBatch.ts) — the trainers keep the iterates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ScalarizedBaseMethod } from './base';
import type { MethodReadout, ScalarizedLoss } from './types';

export class ChebyshevMirrorDescentMethod extends ScalarizedBaseMethod<'chebyshev-md'> {
  readonly name = 'chebyshev-md' as const;
  override readonly averagesIterates = true;
  private logLambda: number[] = this.uniformLogLambda();

  /** The dual weights λ on the simplex. */
  get lambda(): number[] {
    const top = Math.max(...this.logLambda);
    const exps = this.logLambda.map((l) => Math.exp(l - top));
    const z = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / z);
  }

  loss(f: tf.Tensor1D): ScalarizedLoss {
    const weights = this.lambda.map((l, i) => l * this.preference[i]);
    const shifted = tf.sub(f, tf.tensor1d(this.settings.referencePoint));
    return { loss: tf.sum(tf.mul(tf.tensor1d(weights), shifted)) as tf.Scalar, readback: [] };
  }

  /** Reports the λ the step used, then takes the dual step with the step's objective values. */
  afterStep(f: number[]): MethodReadout {
    const k = this.preference;
    const lambda = this.lambda;
    const shifted = this.shifted(f);
    const weights = lambda.map((l, i) => l * k[i]);
    const value = shifted.reduce((s, v, i) => s + weights[i] * v, 0);
    const readout: MethodReadout = { ...this.chebyshevReadout(f, { value, weights }), method: this.name, duals: lambda };
    if (shifted.every(Number.isFinite)) {
      const eta = this.settings.method.mirrorStepSize;
      const next = this.logLambda.map((l, i) => l + eta * k[i] * shifted[i]);
      // Renormalise in log space (subtract log Z) so the log-weights stay bounded over long runs.
      const top = Math.max(...next);
      const logZ = top + Math.log(next.reduce((s, l) => s + Math.exp(l - top), 0));
      this.logLambda = next.map((l) => l - logZ);
    }
    return readout;
  }

  override restart(): void {
    this.logLambda = this.uniformLogLambda();
  }

  private uniformLogLambda(): number[] {
    return new Array<number>(this.setup.objectives).fill(-Math.log(this.setup.objectives));
  }
}
