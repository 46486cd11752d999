/**
 * The objective vector of one batch: task NLLs from the network and the GrOWL penalty as f_0 (a constant for
 * the gradient: its non-smooth part acts only through the prox). The Trainer differentiates the chosen
 * method's scalarization of it (methods/); objective.test.ts checks that gradient for Chebyshev-AL in (θ, t)
 * against finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StatisticsUpdate } from './batchNorm';
import type { MultiTaskNetwork } from './models';
import { nllOfLogits } from './fusedOps';
import { nllLoss } from './ops';

/**
 * The objective vector f = (Ω, NLL_1, ..., NLL_m) of one batch. `penalty` must be computed outside the
 * gradient scope, so that f_0 carries its value but no gradient. The network runs in training mode (batch
 * normalisation on the batch's statistics); `update` lets this pass move the running statistics.
 */
export function batchObjectives(network: MultiTaskNetwork, x: tf.Tensor4D, labels: tf.Tensor2D[], penalty: tf.Scalar, update?: StatisticsUpdate): tf.Tensor1D {
  const logits = network.forward(x, { mode: 'train', update, logits: true });
  // The 'plain' op set stays TF.js's own ops on every backend (the reference the tuned path must match).
  const taskLosses = logits.map((o, i) => (network.ops === 'tuned' ? nllOfLogits(o, labels[i]) : nllLoss(tf.logSoftmax(o), labels[i])));
  return tf.stack([penalty, ...taskLosses]) as tf.Tensor1D;
}
