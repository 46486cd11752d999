/**
 * What the Trainer sums over an epoch's steps: each objective's mean over the training samples (the epoch
 * reading) and each constraint's sum over the batches (the method's outer update, the kept best model).
 */
import { RunningMean } from './metrics';

export class EpochStatistics {
  /** Σ over the epoch's batches of each constraint value. */
  readonly constraintSum: Float64Array;
  private readonly objectives: RunningMean[];
  private started = 0;

  constructor(objectives: number) {
    this.constraintSum = new Float64Array(objectives);
    this.objectives = Array.from({ length: objectives }, () => new RunningMean());
  }

  start(now: number): void {
    this.constraintSum.fill(0);
    this.objectives.forEach((r) => r.reset());
    this.started = now;
  }

  /** One step: f and the constraints of its batch of `samples` samples. */
  add(objectives: readonly number[], constraints: readonly number[], samples: number): void {
    for (let i = 0; i < this.constraintSum.length; i++) {
      this.constraintSum[i] += constraints[i];
      this.objectives[i].add(objectives[i], samples);
    }
  }

  /** Each objective's mean over the epoch's samples. */
  get objectiveMeans(): number[] {
    return this.objectives.map((r) => r.mean);
  }

  /** Seconds since the epoch started. */
  seconds(now: number): number {
    return (now - this.started) / 1000;
  }
}
