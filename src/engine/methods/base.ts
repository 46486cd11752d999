/**
 * Shared defaults of the scalarization methods: most hooks are no-ops for most methods. Also the float64
 * modified Chebyshev terms that every method reports, so that runs of different methods can be read on the
 * same scale. Scalarized methods extend ScalarizedBaseMethod; a per-objective one (MGDA) extends BaseMethod and
 * declares its own gradient mode, so no method carries a stub of the other mode.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { chebyshevConstraints } from '../chebyshev';
import type { MethodReadout, MethodSetup, OuterIterationStats, ReadoutCommon, ScalarizedLoss, ScalarizedMethod, SettingsOf } from './types';
import type { MethodName } from '../../experiment/choices';

export abstract class BaseMethod<N extends MethodName = MethodName> {
  abstract readonly name: N;
  readonly proxSchedule: 'per-step' | 'per-epoch' = 'per-step';
  readonly averagesIterates: boolean = false;
  protected preference: number[];

  constructor(
    protected readonly settings: SettingsOf<N>,
    protected readonly setup: MethodSetup,
  ) {
    this.preference = [...setup.preference];
  }

  setPreference(k: number[]): void {
    this.preference = [...k];
  }

  beginStep(): void {}

  abstract afterStep(f: number[], readback: number[]): MethodReadout;

  endOuterIteration(_stats: OuterIterationStats): void {}

  restart(): void {}

  dispose(): void {}

  /** f − a in float64. */
  protected shifted(f: readonly number[]): number[] {
    return f.map((v, i) => v - this.settings.referencePoint[i]);
  }

  /** The weight of f_0 among `weights` (0 for problems without the penalty). */
  protected penaltyOf(weights: readonly number[]): number {
    return this.setup.hasPenalty ? weights[0] : 0;
  }

  /**
   * The common part of a readout for methods without an epigraph variable, with the modified Chebyshev value
   * max_i k_i[...] and the terms relative to it (so max violation reads 0).
   */
  protected chebyshevReadout(f: readonly number[], parts: { value: number; weights: readonly number[] }): ReadoutCommon & { chebyshevValue: number } {
    const terms = chebyshevConstraints({ f, k: this.preference, a: this.settings.referencePoint, epsilon: this.settings.epsilon, t: 0 });
    const chebyshevValue = Math.max(...terms);
    return {
      constraints: Array.from(terms, (c) => c - chebyshevValue),
      value: parts.value,
      weights: [...parts.weights],
      penaltyWeight: this.penaltyOf(parts.weights),
      chebyshevValue,
    };
  }
}

/** A method whose direction is the gradient of its loss of f. */
export abstract class ScalarizedBaseMethod<N extends MethodName = MethodName> extends BaseMethod<N> implements ScalarizedMethod {
  readonly gradientMode = 'scalarized' as const;
  readonly variables: tf.Variable[] = [];

  abstract loss(f: tf.Tensor1D): ScalarizedLoss;

  readbackAfterStep(): tf.Tensor1D[] {
    return [];
  }
}

/** Weights for methods that are blind to the preference over the tasks (MGDA, random weighting): f_0 keeps its
 * preference share k_0 (so k_0 still moves a run along the sparsity axis), the tasks share 1 − k_0 by `task`. */
export function withPenaltyShare(hasPenalty: boolean, k: readonly number[], task: readonly number[]): number[] {
  if (!hasPenalty) return [...task];
  return [k[0], ...task.map((w) => (1 - k[0]) * w)];
}
