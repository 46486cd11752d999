/**
 * Smooth Tchebycheff scalarization (Lin et al., 2024): μ_s · log Σ_i exp(k_i (f_i − a_i) / μ_s), a smooth
 * upper bound of max_i k_i (f_i − a_i) within μ_s · log(m). Its gradient weights objective i by
 * k_i · softmax_i(k (f − a) / μ_s): as μ_s → 0 all weight goes to the worst weighted objective (Chebyshev),
 * as μ_s → ∞ the weights become k / m (linear). TF.js's logSumExp subtracts the max, so small μ_s is safe.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ScalarizedBaseMethod } from './base';
import type { MethodReadout, ScalarizedLoss } from './types';

export class SmoothTchebycheffMethod extends ScalarizedBaseMethod<'smooth-tchebycheff'> {
  readonly name = 'smooth-tchebycheff' as const;

  loss(f: tf.Tensor1D): ScalarizedLoss {
    const mu = this.settings.method.smoothMu;
    const scaled = tf.div(tf.mul(tf.tensor1d(this.preference), tf.sub(f, tf.tensor1d(this.settings.referencePoint))), mu);
    return { loss: tf.mul(mu, tf.logSumExp(scaled)) as tf.Scalar, readback: [] };
  }

  afterStep(f: number[]): MethodReadout {
    const mu = this.settings.method.smoothMu;
    const k = this.preference;
    const scaled = this.shifted(f).map((v, i) => (k[i] * v) / mu);
    const top = Math.max(...scaled);
    const exps = scaled.map((s) => Math.exp(s - top));
    const z = exps.reduce((a, b) => a + b, 0);
    const softmax = exps.map((e) => e / z);
    const value = mu * (top + Math.log(z));
    return { ...this.chebyshevReadout(f, { value, weights: softmax.map((p, i) => p * k[i]) }), method: this.name, softmax, smoothing: mu };
  }
}
