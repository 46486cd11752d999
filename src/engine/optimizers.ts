/**
 * The inner optimiser of the AL (SPEC §1.2: Adam by default, SGD as an option) and its learning-rate schedule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DeviceConstantAdam } from './adam';
import type { OptimizerKind } from '../experiment/choices';

/** Adam (β = 0.9, 0.999, ε = 1e-8; tf.train.adam's update with device-side constants) or plain SGD. */
export function makeOptimizer(kind: OptimizerKind, learningRate: number): tf.Optimizer {
  return kind === 'adam' ? new DeviceConstantAdam(learningRate, 0.9, 0.999, 1e-8) : tf.train.sgd(learningRate);
}

/** Changes the learning rate of a live optimiser (its moments are kept). */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, kind: OptimizerKind, learningRate: number): void {
  // (instanceof cannot tell TF.js optimizers apart: they answer it by duck typing.)
  if (kind === 'sgd') (optimizer as tf.SGDOptimizer).setLearningRate(learningRate);
  else (optimizer as DeviceConstantAdam).setLearningRate(learningRate);
}
