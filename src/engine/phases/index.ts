/**
 * The network Trainer's schedule as phase objects (phase.ts): k_0 > 0 → search → retrain (sparse run);
 * k_0 = 0 → plain.
 */
import type { PhaseContext, TrainingPhase } from './phase';
import { PlainPhase } from './plain';
import { SearchPhase } from './search';
import { isSparse } from './schedule';

export type { PhaseContext, PhaseOutcome, StepEndEffect, StepHookEffect, TrainingPhase } from './phase';
export { isSparse, scheduledEpochs } from './schedule';

export function firstPhase(context: PhaseContext): TrainingPhase {
  return isSparse(context.config) ? new SearchPhase(context) : new PlainPhase(context);
}

