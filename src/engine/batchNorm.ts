/**
 * Batch normalisation over the channels of NHWC activations, with PyTorch's BatchNorm2d semantics (the authors'
 * Cifar10Mnist networks are PyTorch): momentum 0.1, ε = 1e-5, γ = 1 and β = 0 at the start, running mean 0 and
 * running variance 1.
 *
 * - Training mode normalises with the batch's statistics over (N, H, W), the biased variance, and the gradient
 *   flows through them: ops.ts's batchNormTrain with its closed-form gradient ('tuned'), or tf.moments feeding
 *   tf.batchNorm, differentiated by TF.js ('plain': the reference, several times slower on wasm).
 * - Inference mode normalises with the running statistics.
 * - The running statistics move once per optimiser step, by the momentum rule
 *     running_mean ← (1 − m) · running_mean + m · batch_mean,
 *     running_var  ← (1 − m) · running_var  + m · batch_var · n / (n − 1)      (n = N·H·W: unbiased, as PyTorch).
 *   A StatisticsUpdate token carries m and lets only the first forward pass of a step apply it (MGDA makes one
 *   pass per task on the same batch). A pass without a token leaves them alone (finite-difference tests).
 * The running statistics are state, not parameters: non-trainable variables, absent from the parameter count,
 * present in every snapshot of the model (best-model restore, iterate averaging).
 *
 * With GrOWL (SPEC §3; in the Cifar10Mnist networks every conv stage is conv → pool → BN → ReLU):
 * - γ, β and the statistics are not GrOWL rows: they are neither penalised nor clustered, and the row metrics
 *   (sparsity, compression, sharing) count conv/dense kernels only.
 * - A zero row of shared.conv2 (input channel i) or of a dense layer removes that input's contribution; the
 *   channel's own BN (of the stage before) still runs, its γ_i, β_i are simply unused downstream.
 * - The kernel of a conv followed by BN is scale-free: BN divides its output by the batch std, so shrinking all
 *   rows of shared.conv2 together does not change the function (up to ε), and the penalty on that layer can fall
 *   without costing loss. The prox still zeroes the smallest rows first and the layer cap bounds how many.
 *   Likewise a conv bias before BN cancels out (its gradient is ~0); it is kept, as in the authors' networks.
 * - Prox, tying and iterate averaging change weights outside the optimiser; the statistics then describe the old
 *   weights, so the Trainer re-estimates them on training batches before evaluating (trainingBatches.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchNormTrain } from './ops';

export const BATCH_NORM_MOMENTUM = 0.1;
export const BATCH_NORM_EPSILON = 1e-5;

export type ForwardMode = 'train' | 'inference';

/**
 * Permission to update the running statistics in one forward pass: `claim()` answers the momentum the first
 * time and null afterwards. The Trainer makes one per optimiser step (momentum 0.1), and one per batch with
 * momentum 1/(b+1) when it re-estimates the statistics as a plain average over b = 0, 1, ... batches.
 */
export class StatisticsUpdate {
  private used = false;

  constructor(readonly momentum: number = BATCH_NORM_MOMENTUM) {}

  claim(): number | null {
    if (this.used) return null;
    this.used = true;
    return this.momentum;
  }
}

export class BatchNorm {
  readonly name: string;
  readonly channels: number;
  /** Scale γ and shift β (trainable). */
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  /** Running statistics (non-trainable state). */
  readonly runningMean: tf.Variable;
  readonly runningVariance: tf.Variable;

  constructor(name: string, channels: number, variableName: (name: string) => string = (n) => n) {
    this.name = name;
    this.channels = channels;
    const make = (value: number, trainable: boolean, suffix: string) =>
      tf.tidy(() => tf.variable(tf.fill([channels], value), trainable, variableName(`${name}.${suffix}`)));
    this.gamma = make(1, true, 'gamma');
    this.beta = make(0, true, 'beta');
    this.runningMean = make(0, false, 'runningMean');
    this.runningVariance = make(1, false, 'runningVariance');
  }

  trainableVariables(): tf.Variable[] {
    return [this.gamma, this.beta];
  }

  statisticVariables(): tf.Variable[] {
    return [this.runningMean, this.runningVariance];
  }

  /**
   * Normalises x [N, H, W, channels]. In training mode with a momentum, also moves the running statistics (the
   * assignment is no part of the gradient: training mode never reads them). `plain` selects the reference
   * composition of TF.js ops for training mode. Call inside tf.tidy or a gradient function.
   */
  apply(x: tf.Tensor4D, mode: ForwardMode, momentum: number | null = null, plain = false): tf.Tensor4D {
    if (mode === 'inference') return tf.batchNorm(x, this.runningMean, this.runningVariance, this.beta, this.gamma, BATCH_NORM_EPSILON) as tf.Tensor4D;
    const n = x.shape[0] * x.shape[1] * x.shape[2];
    if (!plain) {
      const onStatistics = momentum === null ? undefined : (mean: tf.Tensor, variance: tf.Tensor) => this.updateRunning(mean, variance, n, momentum);
      return batchNormTrain(x, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D, BATCH_NORM_EPSILON, onStatistics);
    }
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    if (momentum !== null) this.updateRunning(mean, variance, n, momentum);
    return tf.batchNorm(x, mean, variance, this.beta, this.gamma, BATCH_NORM_EPSILON) as tf.Tensor4D;
  }

  /** Resets the running statistics to their initial values (mean 0, variance 1). */
  resetStatistics(): void {
    tf.tidy(() => {
      this.runningMean.assign(tf.zerosLike(this.runningMean));
      this.runningVariance.assign(tf.onesLike(this.runningVariance));
    });
  }

  dispose(): void {
    [...this.trainableVariables(), ...this.statisticVariables()].forEach((v) => v.dispose());
  }

  private updateRunning(mean: tf.Tensor, variance: tf.Tensor, n: number, momentum: number): void {
    tf.tidy(() => {
      const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - momentum), tf.mul(mean, momentum)));
      this.runningVariance.assign(tf.add(tf.mul(this.runningVariance, 1 - momentum), tf.mul(unbiased, momentum)));
    });
  }
}
