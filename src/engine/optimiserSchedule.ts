/**
 * A run's optimiser and its learning rate over the schedule (SPEC §2–§4): decayed by lrDecay after every outer
 * iteration, and started afresh — the initial rate, a new optimiser without moments — when a new phase restarts the
 * optimisation (retraining). K runs at once share the schedule of their runs: their stacked optimiser follows it.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../experiment/config';
import { makeOptimizer, setOptimizerLearningRate } from './optimizers';

type Settings = Pick<TrainerConfig, 'optimizer' | 'learningRate' | 'lrDecay'>;

export class OptimiserSchedule {
  private current: tf.Optimizer;
  private rate: number;
  private restartCount = 0;

  constructor(private readonly settings: Settings) {
    this.rate = settings.learningRate;
    this.current = makeOptimizer(settings.optimizer, this.rate);
  }

  get optimizer(): tf.Optimizer {
    return this.current;
  }

  /** The learning rate of the next step. */
  get learningRate(): number {
    return this.rate;
  }

  /** How often the optimisation started afresh. */
  get restarts(): number {
    return this.restartCount;
  }

  /** After an outer iteration. */
  decay(): void {
    this.setRate(this.rate * this.settings.lrDecay);
  }

  /** A new phase: the initial learning rate and a fresh optimiser. */
  restart(): void {
    this.renew(this.settings.learningRate, this.restartCount + 1);
  }

  /** Takes the learning rate and restarts of another schedule of the same settings. */
  follow(other: Pick<OptimiserSchedule, 'learningRate' | 'restarts'>): void {
    if (other.restarts !== this.restartCount) this.renew(other.learningRate, other.restarts);
    else this.setRate(other.learningRate);
  }

  dispose(): void {
    this.current.dispose();
  }

  private setRate(rate: number): void {
    this.rate = rate;
    setOptimizerLearningRate(this.current, this.settings.optimizer, rate);
  }

  private renew(rate: number, restarts: number): void {
    this.current.dispose();
    this.rate = rate;
    this.restartCount = restarts;
    this.current = makeOptimizer(this.settings.optimizer, rate);
  }
}
