/**
 * The search phase (SPEC §3): Adam steps with the proximal operator of the GrOWL penalty (SearchProx says when
 * and how hard), the best model among those with at least min_sparsity zero rows, then clustering of its rows and
 * retraining with them tied.
 */
import { rowMetrics, type RowMetrics } from '../metrics';
import { SearchProx } from '../searchProx';
import type { JudgedEpoch, PhaseContext, PhaseEnd, StepFacts, StepHookEffect, TrainingPhase } from './phase';
import { RetrainPhase } from './retrain';

export class SearchPhase implements TrainingPhase {
  readonly name = 'search';
  readonly iterations: number;
  readonly epochsPerIteration: number;
  private readonly prox: SearchProx;

  constructor(private readonly context: PhaseContext) {
    const { config, growl, method } = context;
    this.iterations = config.searchIterations;
    this.epochsPerIteration = config.innerEpochs;
    this.prox = new SearchProx(growl, config, method.proxSchedule);
  }

  get stepHookEffect(): StepHookEffect {
    return this.prox.stepHookEffect;
  }

  get stepReadsRowNorms(): boolean {
    return this.prox.stepReadsRowNorms;
  }

  afterStep({ learningRate, penaltyWeight, outer, rowNorms }: StepFacts): Promise<number> {
    return this.prox.afterStep(learningRate, penaltyWeight, outer, rowNorms);
  }

  async beforeJudging(outer: number): Promise<void> {
    if (await this.prox.beforeJudging(outer)) this.context.recalibrate();
  }

  eligible(rows: RowMetrics): boolean {
    return rows.sparsityRate >= this.context.config.minSparsity;
  }

  async afterJudging({ outer }: JudgedEpoch): Promise<void> {
    if (await this.prox.afterJudging(outer)) this.context.recalibrate();
  }

  /** The best sparse model (never an average: averaging would undo the sparsity clustering relies on) is clustered and tied. */
  async end(events: string[]): Promise<PhaseEnd> {
    const { best, network, config, tying } = this.context;
    const kept = best.hasModel;
    // SPEC §4 is silent here: no judged search model had min_sparsity zero rows. The last model (after the last
    // prox, typically the sparsest) goes on to clustering; the event and the final result say so.
    if (!kept) {
      const { sparsityRate } = rowMetrics(await network.kernelValues());
      events.push(`no search model had ${config.minSparsity} % zero rows when judged: clustering the last one (${sparsityRate.toFixed(2)} %)`);
    }
    best.restoreInto(network);
    this.prox.end();
    const clusteringStarted = performance.now();
    events.push(await tying.cluster());
    const clusteringSeconds = (performance.now() - clusteringStarted) / 1000;
    this.context.recalibrate();
    this.context.restartOptimisation();
    const next = config.retrainIterations > 0 ? new RetrainPhase(this.context) : null;
    if (next) events.push('retraining with tied rows');
    return { next, outcome: { searchModelKept: kept, clusteringSeconds } };
  }

  dispose(): void {}
}
