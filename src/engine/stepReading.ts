/**
 * The one place a StepReading is put together, for the network Trainer and the teaching trainer alike: where the
 * step was, f of its batch, what the method reported (methods/types.ts MethodReadout), the learning rate and
 * prox step it ran with, and how fast it went.
 */
import type { MethodName } from '../experiment/choices';
import type { MethodReadout } from './methods';
import type { Position, StepReading } from './readings';

export interface StepReadingParts {
  /** Where the step was taken (before the counters moved on). */
  position: Position;
  method: MethodName;
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

export function stepReading({ position, method, objectives, readout, learningRate, preference, proxEta, samples, seconds }: StepReadingParts): StepReading {
  return {
    kind: 'step',
    ...position,
    objectives,
    constraints: readout.constraints,
    maxViolation: Math.max(0, ...readout.constraints),
    lagrangian: readout.value,
    lambda: readout.lambda,
    mu: readout.mu,
    t: readout.t,
    learningRate,
    preference: [...preference],
    proxEta,
    samplesPerSecond: seconds > 0 ? samples / seconds : 0,
    method,
    weights: readout.weights,
  };
}
