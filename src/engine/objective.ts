/**
 * The training objective of one batch: task NLLs from the network, the GrOWL penalty as f_0 (a constant for
 * the gradient: its non-smooth part acts only through the prox), the Chebyshev constraints and the
 * Augmented Lagrangian in (θ, t). The Trainer differentiates batchObjectives through the chosen method; with
 * Chebyshev-AL that is exactly batchLagrangian, whose gradient the tests check against finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { augmentedLagrangianTensor, chebyshevConstraintsTensor, type AlVariant } from './chebyshev';
import type { StatisticsUpdate } from './batchNorm';
import type { MultiTaskNetwork } from './models';
import { nllLoss } from './ops';

export interface LagrangianInputs {
  variant: AlVariant;
  /** Preference k, reference point a, multipliers λ (all [m+1]). */
  preference: number[];
  referencePoint: number[];
  lambda: number[];
  mu: number;
  epsilon: number;
  /** f_0 = Ω(θ) for this step, computed outside the gradient scope. */
  penalty: tf.Scalar;
}

export interface LagrangianParts {
  lagrangian: tf.Scalar;
  objectives: tf.Tensor1D;
  constraints: tf.Tensor1D;
}

/**
 * The objective vector f = (Ω, NLL_1, ..., NLL_m) of one batch. `penalty` must be computed outside the
 * gradient scope, so that f_0 carries its value but no gradient. The network runs in training mode (batch
 * normalisation on the batch's statistics); `update` lets this pass move the running statistics.
 */
export function batchObjectives(network: MultiTaskNetwork, x: tf.Tensor4D, labels: tf.Tensor2D[], penalty: tf.Scalar, update?: StatisticsUpdate): tf.Tensor1D {
  const outputs = network.forward(x, { mode: 'train', update });
  const taskLosses = outputs.map((o, i) => nllLoss(o, labels[i]));
  return tf.stack([penalty, ...taskLosses]) as tf.Tensor1D;
}

/** L(θ, t) on one batch, with the objective and constraint vectors it was built from. */
export function batchLagrangian(
  network: MultiTaskNetwork,
  x: tf.Tensor4D,
  labels: tf.Tensor2D[],
  t: tf.Tensor,
  inputs: LagrangianInputs,
): LagrangianParts {
  const objectives = batchObjectives(network, x, labels, inputs.penalty);
  const constraints = chebyshevConstraintsTensor(objectives, tf.tensor1d(inputs.preference), tf.tensor1d(inputs.referencePoint), t, inputs.epsilon);
  const lagrangian = augmentedLagrangianTensor(inputs.variant, t, constraints, tf.tensor1d(inputs.lambda), inputs.mu);
  return { lagrangian, objectives, constraints };
}
