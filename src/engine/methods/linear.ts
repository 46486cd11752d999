/**
 * Linear scalarization (weighted sum): minimise Σ_i k_i (f_i − a_i). The simplest baseline; its minimisers
 * are the points of the front where a hyperplane with normal k touches it, so it reaches only the convex hull
 * of the front — on a concave front only the ends (SPEC §6, §7).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ScalarizedBaseMethod } from './base';
import type { MethodReadout, ScalarizedLoss } from './types';

export class LinearMethod extends ScalarizedBaseMethod<'linear'> {
  readonly name = 'linear' as const;

  /** The weights k and reference point a of its sum (a stack of runs sums K runs' at once: stackedScalarization.ts). */
  get weightedSum(): { k: number[]; a: number[] } {
    return { k: [...this.preference], a: [...this.settings.referencePoint] };
  }

  loss(f: tf.Tensor1D): ScalarizedLoss {
    const shifted = tf.sub(f, tf.tensor1d(this.settings.referencePoint));
    return { loss: tf.sum(tf.mul(tf.tensor1d(this.preference), shifted)) as tf.Scalar, readback: [] };
  }

  afterStep(f: number[]): MethodReadout {
    const k = this.preference;
    const value = this.shifted(f).reduce((s, v, i) => s + k[i] * v, 0);
    return { ...this.chebyshevReadout(f, { value, weights: k }), method: this.name };
  }
}
