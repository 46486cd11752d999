/**
 * The inner optimiser of the AL (SPEC §1.2: Adam by default, SGD as an option) and its learning-rate schedule.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from './config';

export function makeOptimizer(kind: OptimizerKind, learningRate: number): tf.Optimizer {
  return kind === 'adam' ? tf.train.adam(learningRate, 0.9, 0.999, 1e-8) : tf.train.sgd(learningRate);
}

/** Changes the learning rate of a live optimiser (its moments are kept). */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, kind: OptimizerKind, learningRate: number): void {
  // Adam reads its learningRate field on every update; SGD caches it in a tensor. (instanceof cannot tell
  // them apart: TF.js optimizers answer instanceof by duck typing.)
  if (kind === 'sgd') (optimizer as tf.SGDOptimizer).setLearningRate(learningRate);
  else (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
