/**
 * The step schedule every teaching run follows (TeachingTrainer, TeachingPslTrainer): outer iterations × full-batch
 * steps, the learning rate × lrDecay at the end of each outer iteration (set on the live optimiser), done after the
 * last. The trainers keep what differs: what an outer iteration's end means to their method.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { setOptimizerLearningRate } from '../optimizers';
import type { Position } from '../readings';
import type { TeachingConfig } from './config';

export class TeachingSchedule {
  private outer = 0;
  private batch = 0;
  private globalStep = 0;
  private finished = false;
  private rate: number;

  constructor(
    private readonly config: Pick<TeachingConfig, 'outerIterations' | 'stepsPerOuter' | 'learningRate' | 'lrDecay' | 'optimizer'>,
    private readonly optimizer: tf.Optimizer,
  ) {
    this.rate = config.learningRate;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Where the next step is (after the run: where it ended). */
  get position(): Position {
    return { phase: this.finished ? 'done' : 'plain', outer: this.outer, epoch: 0, batch: this.batch, globalStep: this.globalStep };
  }

  get totalSteps(): number {
    return this.config.outerIterations * this.config.stepsPerOuter;
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.globalStep;
  }

  /** The next step closes an outer iteration. */
  get closesOuterIteration(): boolean {
    return !this.finished && this.batch + 1 >= this.config.stepsPerOuter;
  }

  /** The learning rate of the next step. */
  get learningRate(): number {
    return this.rate;
  }

  /**
   * Counts a step taken. Returns true when it closed an outer iteration: the learning rate has then decayed, and
   * after the last one the run is done.
   */
  advance(): boolean {
    this.globalStep++;
    this.batch++;
    if (this.batch < this.config.stepsPerOuter) return false;
    this.batch = 0;
    this.outer++;
    this.rate *= this.config.lrDecay;
    setOptimizerLearningRate(this.optimizer, this.config.optimizer, this.rate);
    if (this.outer === this.config.outerIterations) this.finished = true;
    return true;
  }
}
