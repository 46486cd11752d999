/**
 * The shape of a network run's schedule, from its config alone (no TF.js: the UI's estimates and the run loop's
 * grouping read it too): k_0 > 0 → search → retrain (a sparse run); k_0 = 0 → plain.
 */
import type { TrainerConfig } from '../../experiment/config';
import { TRAIN_IMAGES } from '../../experiment/presets';
import { pslEpochs } from '../psl/network/config';

/** Sparse mode (search + retrain) when the sparsity objective has weight at the start. */
export const isSparse = (config: Pick<TrainerConfig, 'preference'>): boolean => config.preference[0] > 0;

/**
 * The optimiser steps a config will take: its epochs times the batches of its training images. A Pareto set model
 * trains the epochs of its own schedule (more than one run at a preference). What the explorer's queue and a sweep's
 * progress weigh runs by.
 */
export function plannedSteps(config: TrainerConfig): number {
  const images = Math.min(config.trainSubset ?? TRAIN_IMAGES[config.problem], TRAIN_IMAGES[config.problem]);
  const epochs = config.method.name === 'psl' ? pslEpochs(config) : scheduledEpochs(config);
  return epochs * Math.ceil(images / config.batchSize);
}

/** Epochs of the whole schedule. */
export function scheduledEpochs(config: Pick<TrainerConfig, 'preference' | 'searchIterations' | 'retrainIterations' | 'plainIterations' | 'innerEpochs' | 'retrainInnerEpochs'>): number {
  const { searchIterations, retrainIterations, plainIterations, innerEpochs, retrainInnerEpochs } = config;
  return isSparse(config) ? searchIterations * innerEpochs + retrainIterations * retrainInnerEpochs : plainIterations * innerEpochs;
}
