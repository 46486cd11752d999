/**
 * The shape of a network run's schedule, from its config alone (no TF.js: the UI's estimates and the run loop's
 * grouping read it too): k_0 > 0 → search → retrain (a sparse run); k_0 = 0 → plain.
 */
import type { TrainerConfig } from '../../experiment/config';

/** Sparse mode (search + retrain) when the sparsity objective has weight at the start. */
export const isSparse = (config: Pick<TrainerConfig, 'preference'>): boolean => config.preference[0] > 0;

/** Epochs of the whole schedule. */
export function scheduledEpochs(config: Pick<TrainerConfig, 'preference' | 'searchIterations' | 'retrainIterations' | 'plainIterations' | 'innerEpochs' | 'retrainInnerEpochs'>): number {
  const { searchIterations, retrainIterations, plainIterations, innerEpochs, retrainInnerEpochs } = config;
  return isSparse(config) ? searchIterations * innerEpochs + retrainIterations * retrainInnerEpochs : plainIterations * innerEpochs;
}
