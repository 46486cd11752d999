/**
 * A phase that returns the run's model: the plain run (k_0 = 0, no sparsity, SPEC §2), and the base of
 * retraining. Its model is the best epoch-end model, or, for a method that averages its iterates (mirror
 * descent), the online-to-batch average of the phase's non-dominated epoch-end models.
 */
import type { RowMetrics } from '../metrics';
import { NetworkIterates } from '../networkIterates';
import type { JudgedEpoch, PhaseContext, PhaseEnd, StepFacts, StepHookEffect, TrainingPhase } from './phase';

export class PlainPhase implements TrainingPhase {
  readonly name: 'plain' | 'retrain' = 'plain';
  readonly iterations: number;
  readonly epochsPerIteration: number;
  readonly stepHookEffect: StepHookEffect = 'none';
  readonly stepReadsRowNorms = false;
  private readonly iterates: NetworkIterates | null;

  constructor(
    protected readonly context: PhaseContext,
    iterations = context.config.plainIterations,
    epochsPerIteration = context.config.innerEpochs,
  ) {
    this.iterations = iterations;
    this.epochsPerIteration = epochsPerIteration;
    this.iterates = context.method.averagesIterates ? new NetworkIterates() : null;
  }

  async afterStep(_step: StepFacts): Promise<number> {
    return 0;
  }

  async beforeJudging(_outer: number): Promise<void> {}

  eligible(_rows: RowMetrics): boolean {
    return true;
  }

  async afterJudging({ objectives }: JudgedEpoch): Promise<void> {
    await this.iterates?.add(objectives, this.context.network);
  }

  async end(events: string[]): Promise<PhaseEnd> {
    const { network, best } = this.context;
    if (!this.iterates || this.iterates.size === 0) {
      best.restoreInto(network); // (nothing happens when none is kept)
      return { next: null, outcome: {} };
    }
    const averaged = this.iterates.restoreInto(network);
    this.iterates.clear();
    this.context.recalibrate();
    events.push(`averaged ${averaged} non-dominated epoch iterates`);
    return { next: null, outcome: { averagedIterates: averaged } };
  }

  dispose(): void {
    this.iterates?.clear();
  }
}
