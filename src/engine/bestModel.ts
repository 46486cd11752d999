/**
 * The best model of a phase (highest mean validation accuracy among the eligible epoch-end models), kept as a
 * snapshot of every model variable: parameters and batch-norm statistics, so a restored model evaluates exactly
 * as it did when it was kept. Also remembers the constraint sums of that epoch (the reference AL's multiplier
 * update reads them).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MultiTaskNetwork } from './models';

export class BestModel {
  private kept: { score: number; values: tf.Tensor[]; constraintSum: Float64Array } | null = null;

  /** Whether a model scoring `score` beats the kept one (always, when none is kept). */
  beatenBy(score: number): boolean {
    return this.kept === null || score > this.kept.score;
  }

  get hasModel(): boolean {
    return this.kept !== null;
  }

  get constraintSum(): Float64Array | null {
    return this.kept?.constraintSum ?? null;
  }

  keep(network: MultiTaskNetwork, score: number, constraintSum: Float64Array): void {
    this.discard();
    this.kept = { score, values: network.snapshot(), constraintSum: Float64Array.from(constraintSum) };
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
