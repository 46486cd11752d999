/**
 * Chebyshev-AL (SPEC §1): the modified weighted Chebyshev scalarization in epigraph form (min t s.t.
 * c_i(θ, t) ≤ 0), solved with an Augmented Lagrangian — PHR (default) or the authors' reference variant.
 * The inner optimiser minimises L(θ, t; λ, μ) over (θ, t); λ and μ move once per outer iteration.
 *
 * The tensor ops are exactly those the Trainer used before the methods were factored out of it, so a seeded
 * run reproduces its old readings number for number (methods/chebyshevAlGolden.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  augmentedLagrangian,
  chebyshevAlTensors,
  lagrangianGradients,
  penaltyInRange,
  updateMultipliers,
  type AlRow,
  type MultiplierState,
} from '../chebyshev';
import type { AlVariant } from '../../experiment/choices';
import { ScalarizedBaseMethod } from './base';
import type { MethodReadout, MethodSetup, OuterIterationStats, ScalarizedLoss, SettingsOf } from './types';

export class ChebyshevAlMethod extends ScalarizedBaseMethod<'chebyshev-al'> {
  readonly name = 'chebyshev-al' as const;
  /** The reference AL shrinks the penalty with one unit-step prox per epoch (the authors' loop). */
  override readonly proxSchedule: 'per-step' | 'per-epoch';
  override readonly variables: tf.Variable[];
  private readonly t: tf.Variable;
  private multipliers: MultiplierState;

  constructor(settings: SettingsOf<'chebyshev-al'>, setup: MethodSetup) {
    super(settings, setup);
    this.proxSchedule = settings.method.variant === 'reference' ? 'per-epoch' : 'per-step';
    this.t = tf.tidy(() => tf.variable(tf.scalar(0), true));
    this.variables = [this.t];
    this.multipliers = this.initialMultipliers();
  }

  /** The epigraph variable t (K runs at once start their t [K] from the runs': engine/stacked/stackedScalarization.ts). */
  get epigraph(): tf.Variable {
    return this.t;
  }

  /** What this run's AL is now — k, a, λ, μ — as a row of K runs' at once. */
  get alRow(): AlRow {
    const { lambda, mu } = this.multipliers;
    return { k: this.preference, a: this.settings.referencePoint, lambda, mu };
  }

  get variant(): AlVariant {
    return this.settings.method.variant;
  }

  get epsilon(): number {
    return this.settings.epsilon;
  }

  /** The current multipliers (λ, μ): plain numbers, for tests and readings. */
  get state(): MultiplierState {
    return { lambda: [...this.multipliers.lambda], mu: this.multipliers.mu };
  }

  loss(f: tf.Tensor1D): ScalarizedLoss {
    const { referencePoint, epsilon } = this.settings;
    const { variant } = this.settings.method;
    const { lambda, mu } = this.multipliers;
    const { constraints, loss } = chebyshevAlTensors(variant, f, this.t, this.preference, referencePoint, lambda, mu, epsilon);
    return { loss, readback: [constraints] };
  }

  override readbackAfterStep(): tf.Tensor1D[] {
    return [tf.reshape(this.t, [1]) as tf.Tensor1D];
  }

  /** readback = [c_0..c_m (before the step), t (after the step)]. */
  override afterStep(_f: number[], readback: number[]): MethodReadout {
    const { epsilon } = this.settings;
    const { variant } = this.settings.method;
    const { lambda, mu } = this.multipliers;
    const k = this.preference;
    const m = k.length;
    const constraints = readback.slice(0, m);
    const t = readback[m];
    const { df } = lagrangianGradients(variant, constraints, lambda, mu, k, epsilon);
    // Prox weight w_0 (SPEC §3: "the current weight of f_0 in the AL's gradient") is ∂L/∂f_0 =
    // Σ_i max(0, λ_i + μ c_i) · k_i · (δ_i0 + ε), floored at the preference's own weight λ0_init,0 · k_0 (1 + ε).
    // Why the floor: Ω is tens while the NLLs are tenths, so at small k_0 (the paper's 0.001) k_0 Ω < t, c_0 is
    // slack, its PHR multiplier is 0 after the first outer iteration, and the prox — with SPEC's i = 0 term
    // alone — switched off; Adam then regrew the zero rows (docs/decisions/phr-prox-weight.md). The floor keeps the
    // prox ∝ k_0 (so k_0 still moves a run along the sparsity axis), and the multiplier raises it above the
    // floor when c_0 is active. The ε-terms are part of the true weight and are kept.
    const floor = this.settings.method.lambda0[0] * k[0] * (1 + epsilon);
    const penaltyWeight = this.setup.hasPenalty && variant === 'phr' ? Math.max(df[0], floor) : 0;
    return {
      method: this.name,
      constraints,
      value: augmentedLagrangian(variant, t, constraints, lambda, mu),
      weights: Array.from(df),
      penaltyWeight,
      multipliers: [...lambda],
      penalty: mu,
      epigraph: t,
    };
  }

  /**
   * PHR uses the mean of c over the last epoch's batches; the reference variant the sum over the batches of
   * the best epoch so far by mean validation accuracy, eligible or not (the authors' loop), falling back to the
   * last epoch before any exists.
   */
  override endOuterIteration(stats: OuterIterationStats): void {
    const { variant, rho, muMax } = this.settings.method;
    const cStat =
      variant === 'phr'
        ? Array.from(stats.epochConstraintSum, (s) => s / stats.batchesPerEpoch)
        : Array.from(stats.bestAccuracyEpochConstraintSum ?? stats.epochConstraintSum);
    this.multipliers = updateMultipliers(variant, this.multipliers, cStat, { rho, muMax });
  }

  /** Retraining starts with the initial multipliers; t keeps its value (as the Trainer always did). */
  override restart(): void {
    this.multipliers = this.initialMultipliers();
  }

  override dispose(): void {
    this.t.dispose();
  }

  private initialMultipliers(): MultiplierState {
    return { lambda: [...this.settings.method.lambda0], mu: penaltyInRange(this.settings.method.mu0) };
  }
}
