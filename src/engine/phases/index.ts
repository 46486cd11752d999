/**
 * The network Trainer's schedule as phase objects (phase.ts): k_0 > 0 → search → retrain (sparse run);
 * k_0 = 0 → plain.
 */
import type { TrainerConfig } from '../../experiment/config';
import type { PhaseContext, TrainingPhase } from './phase';
import { PlainPhase } from './plain';
import { SearchPhase } from './search';

export type { PhaseContext, PhaseOutcome, StepHookEffect, TrainingPhase } from './phase';

/** Sparse mode (search + retrain) when the sparsity objective has weight at the start. */
export const isSparse = (config: Pick<TrainerConfig, 'preference'>): boolean => config.preference[0] > 0;

export function firstPhase(context: PhaseContext): TrainingPhase {
  return isSparse(context.config) ? new SearchPhase(context) : new PlainPhase(context);
}

/** Epochs of the whole schedule. */
export function scheduledEpochs(config: TrainerConfig): number {
  const { searchIterations, retrainIterations, plainIterations, innerEpochs, retrainInnerEpochs } = config;
  return isSparse(config) ? searchIterations * innerEpochs + retrainIterations * retrainInnerEpochs : plainIterations * innerEpochs;
}
