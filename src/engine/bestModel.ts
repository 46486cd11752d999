/**
 * The best model of a phase (highest mean validation accuracy among the eligible epoch-end models), kept as a
 * snapshot of every model variable: parameters and batch-norm statistics, so a restored model evaluates exactly
 * as it did when it was kept. (The reference AL's multiplier update reads another epoch's constraint sums: the best
 * by accuracy whether eligible or not, BestAccuracyEpoch below.)
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MultiTaskNetwork } from './models';

export class BestModel {
  private kept: { score: number; values: tf.Tensor[] } | null = null;

  /** Whether a model scoring `score` beats the kept one (always, when none is kept). */
  beatenBy(score: number): boolean {
    return this.kept === null || score > this.kept.score;
  }

  get hasModel(): boolean {
    return this.kept !== null;
  }

  keep(network: MultiTaskNetwork, score: number): void {
    this.discard();
    this.kept = { score, values: network.snapshot() };
  }

  /** Puts the kept model back into the network (nothing happens when none is kept). */
  restoreInto(network: MultiTaskNetwork): void {
    if (this.kept) network.restore(this.kept.values);
  }

  discard(): void {
    this.kept?.values.forEach((v) => v.dispose());
    this.kept = null;
  }
}

/**
 * The constraint sums of the phase's epoch with the highest mean validation accuracy so far, whether or not its model
 * was eligible to be kept (SPEC §1.2's "best epoch so far" for the reference AL's multiplier update). Why not
 * BestModel's epoch: in the authors' WCsAL_Train.py, BEST_contrs_after_optim moves whenever the mean validation
 * accuracy beats the phase's best (best_avg_val_accu, reset per call, i.e. per search or retrain phase, and carried
 * across its outer iterations); the sparsity gate only chooses which model file is saved.
 */
export class BestAccuracyEpoch {
  private best: { score: number; constraintSum: Float64Array } | null = null;

  /** Records the closing epoch's sums when it scores above the best so far (always, when there is none). */
  offer(score: number, constraintSum: ArrayLike<number>): void {
    if (this.best === null || score > this.best.score) this.best = { score, constraintSum: Float64Array.from(constraintSum) };
  }

  /** Σ over the batches of the best epoch so far (null before any epoch closed in this phase). */
  get constraintSum(): Float64Array | null {
    return this.best?.constraintSum ?? null;
  }

  /** A new phase judges its epochs afresh. */
  reset(): void {
    this.best = null;
  }
}
