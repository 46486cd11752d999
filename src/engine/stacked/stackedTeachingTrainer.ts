/**
 * K teaching runs at once: TeachingTrainers that differ only in their preference (a lab sweep's runs of one method),
 * trained as one computation. A teaching step is a few dozen tiny TF.js ops, so a run's time is the ops' overhead, not
 * their arithmetic: the K runs' parameters stacked as θ [K, P] and evaluated by the problem's batched objectivesAt cost
 * about what one run's do. Each step: the K runs' losses from their own methods (stackedScalarization.ts: Chebyshev-AL
 * batched, any other method a row each), one gradient, one optimiser step, one readback (stackedStep.ts); then each
 * run ends its own step (TeachingTrainer.endStep: its method's readout, iterates, schedule, reading).
 *
 * The runs' own variables hold the stack's values only where their code reads them: at an outer iteration's end (mirror
 * descent sets its averaged model after its last) and for the final results. Each run takes the steps it would take
 * alone, equal up to float32 summation order (stackedTeachingTrainer.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ScalarizedMethod } from '../methods';
import type { TeachingConfig } from '../teaching/config';
import { TeachingSchedule } from '../teaching/schedule';
import { TeachingTrainer, type TeachingResult, type TeachingStepResult } from '../teaching/trainer';
import type { TeachingProblem } from '../teaching/types';
import { makeOptimizer } from '../optimizers';
import { kText } from '../../experiment/preference';
import { StackedRunError, teachingStackingProblems } from './stacking';
import { stackedScalarization, type StackedScalarization } from './stackedScalarization';
import { stackedMethodStep } from './stackedStep';

export class StackedTeachingTrainer {
  /** Run k's trainer: its method, schedule, iterates and readings. */
  readonly runs: TeachingTrainer[];
  /** Run k's parameters in row k, every variable flattened in order (TeachingProblem.objectivesAt's θ). */
  private readonly theta: tf.Variable<tf.Rank.R2>;
  /** The runs' problem (they share it): its objectivesAt evaluates θ. */
  private readonly problem: TeachingProblem;
  private readonly scalarization: StackedScalarization;
  private readonly optimizer: tf.Optimizer;
  /** The stacked optimiser's learning rate, decayed as the runs' (they share the schedule). */
  private readonly schedule: TeachingSchedule;

  constructor(configs: readonly TeachingConfig[]) {
    const problems = teachingStackingProblems(configs);
    if (problems.length > 0) throw new Error(`cannot train these runs at once: ${problems.join('; ')}`);
    const runs: TeachingTrainer[] = [];
    try {
      for (const config of configs) runs.push(new TeachingTrainer(config));
      const methods = runs.map((r) => r.method);
      if (!methods.every((m): m is ScalarizedMethod => m.gradientMode === 'scalarized')) throw new Error(`cannot train ${configs[0].method.name} runs at once: one gradient per objective`);
      this.scalarization = stackedScalarization(methods);
    } catch (error) {
      runs.forEach((r) => r.dispose());
      throw error;
    }
    this.runs = runs;
    this.problem = runs[0].problem;
    const p = this.problem.parameterCount;
    const starts = new Float32Array(runs.length * p);
    runs.forEach((run, k) => starts.set(run.problem.startParameters(), k * p));
    this.theta = tf.tidy(() => tf.variable(tf.tensor2d(starts, [runs.length, p]), true));
    const [first] = configs;
    this.optimizer = makeOptimizer(first.optimizer, first.learningRate);
    this.schedule = new TeachingSchedule(first, this.optimizer);
  }

  get done(): boolean {
    return this.schedule.done;
  }

  get totalSteps(): number {
    return this.schedule.totalSteps;
  }

  /** The runs' problem's exact Pareto front (densely sampled). */
  exactFront(): number[][] {
    return this.runs[0].exactFront();
  }

  /** One step of every run: run k's result at index k. A run whose step fails (it diverged) throws StackedRunError. */
  async step(): Promise<TeachingStepResult[]> {
    if (this.schedule.done) throw new Error('the runs are finished');
    const started = globalThis.performance.now();
    const p = this.problem.parameterCount;
    // Mirror descent's iterate is the model the step's f is measured at: read before the update.
    const before = this.runs.some((r) => r.readsIterates) ? ((await this.theta.data()) as Float32Array) : null;
    const values = await stackedMethodStep({
      scalarization: this.scalarization,
      objectives: () => this.problem.objectivesAt(this.theta),
      variables: [this.theta],
      optimizer: this.optimizer,
    });
    // An outer iteration's end may set a run's own model (mirror descent's average after its last): it starts from the stack's.
    if (this.schedule.closesOuterIteration) await this.copyIntoRuns();
    const results: TeachingStepResult[] = [];
    for (const [k, run] of this.runs.entries()) {
      const parameters = before && run.readsIterates ? Float64Array.from(before.subarray(k * p, (k + 1) * p)) : null;
      try {
        results.push(run.endStep(values[k], parameters, started));
      } catch (error) {
        const message = (error as Error).message;
        throw new StackedRunError(k, message, `run ${k + 1} of ${this.runs.length} (${kText(run.currentPreference)}): ${message}`, { cause: error });
      }
    }
    this.schedule.advance();
    return results;
  }

  /** Re-targets run `index`: its next step uses the new preference. */
  setPreference(index: number, k: number[]): void {
    const run = this.runs[index];
    if (!run) throw new Error(`no run ${index} (there are ${this.runs.length})`);
    run.setPreference(k);
  }

  /** Every run's final result, run k's at index k (what it would return alone), with the number of runs trained at once. */
  async finalResults(): Promise<(TeachingResult & { runsAtOnce: number })[]> {
    // Once done, the runs' models are set (copied at the last outer iteration's end, then averaged where the method does).
    if (!this.done) await this.copyIntoRuns();
    const results: (TeachingResult & { runsAtOnce: number })[] = [];
    for (const run of this.runs) results.push({ ...(await run.finalResult()), runsAtOnce: this.runs.length });
    return results;
  }

  dispose(): void {
    this.runs.forEach((r) => r.dispose());
    this.theta.dispose();
    this.scalarization.dispose();
    this.optimizer.dispose();
  }

  /** Row k of θ into run k's own variables. */
  private async copyIntoRuns(): Promise<void> {
    const p = this.problem.parameterCount;
    const theta = (await this.theta.data()) as Float32Array;
    this.runs.forEach((run, k) => run.setParameters(theta.subarray(k * p, (k + 1) * p)));
  }
}
