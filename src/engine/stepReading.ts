/**
 * The one place a StepReading is put together, for the network Trainer and the teaching trainer alike: where the
 * step was, f of its batch, what the method reported (methods/types.ts MethodReadout), the learning rate and
 * prox step it ran with, and how fast it went.
 */
import type { MethodReadout } from './methods';
import type { Position, StepReading } from './readings';

export interface StepReadingParts {
  /** Where the step was taken (before the counters moved on). */
  position: Position;
  /** f of the step's batch. */
  objectives: number[];
  readout: MethodReadout;
  learningRate: number;
  preference: readonly number[];
  /** Prox step size applied after the step (0 when none). */
  proxEta: number;
  /** Training samples the step looked at, and the seconds it took. */
  samples: number;
  seconds: number;
}

export function stepReading({ position, objectives, readout, learningRate, preference, proxEta, samples, seconds }: StepReadingParts): StepReading {
  // The prox weight steers the prox step; the reading has the η it gave.
  const { penaltyWeight: _penaltyWeight, ...reported } = readout;
  return {
    kind: 'step',
    ...position,
    objectives,
    maxViolation: Math.max(0, ...readout.constraints),
    learningRate,
    preference: [...preference],
    proxEta,
    samplesPerSecond: seconds > 0 ? samples / seconds : 0,
    ...reported,
  };
}
