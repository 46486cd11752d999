/**
 * The step-driven trainer of the teaching problems: the same shape as the network Trainer (step(), done,
 * position, totalSteps, setPreference(), finalResult(), StepReading readings) and the same method objects
 * and optimiser step, on a problem with an exact front. One step = one full-batch optimiser step; an outer
 * iteration (AL multiplier update, learning-rate decay) closes every `stepsPerOuter` steps.
 *
 * Mirror descent averages its iterates here at every step (the iterates are cheap parameter vectors): the
 * final model is the online-to-batch average of the non-dominated iterates (methods/onlineToBatch.ts).
 */
import { DivergenceError } from '../divergence';
import * as tf from '@tensorflow/tfjs-core';
import { createMethod, methodStep, OnlineToBatchAverage, weightedAverage, type MethodStepValues, type ScalarizationMethod } from '../methods';
import { type MethodName } from '../../experiment/choices';
import type { ParetoSetFront, Position, StepReading } from '../readings';
import { stepReading } from '../stepReading';
import { makeOptimizer } from '../optimizers';
import { TeachingSchedule } from './schedule';
import { preferenceProblems } from '../../experiment/config';
import { teachingConfigProblems, type TeachingConfig } from './config';
import { FonsecaFleming } from './fonsecaFleming';
import type { TeachingProblem, TeachingProblemSpec } from './types';
import { WidthTransition } from './widthTransition';

export interface TeachingStepResult {
  step: StepReading;
  /** This step closed an outer iteration. */
  outerEnded: boolean;
  events: string[];
}

export interface TeachingResult {
  method: MethodName;
  preference: number[];
  /** f at the returned parameters (the last iterate, or mirror descent's average). */
  objectives: number[];
  /** The returned parameters, all variables flattened in order. */
  parameters: number[];
  steps: number;
  trainingSeconds: number;
  /** Mirror descent: how many non-dominated iterates were averaged. */
  averagedIterates?: number;
  /** Pareto set learning (engine/psl): the model's answers at a lattice of preferences. */
  paretoSet?: ParetoSetFront;
}

export function createTeachingProblem(spec: TeachingProblemSpec, seed: number): TeachingProblem {
  return spec.kind === 'fonseca-fleming' ? new FonsecaFleming(spec, seed) : new WidthTransition(spec, seed);
}

export class TeachingTrainer {
  readonly config: TeachingConfig;
  readonly problem: TeachingProblem;
  /** Read by a stack of runs (engine/stacked/stackedTeachingTrainer.ts), which steps the runs' methods together. */
  readonly method: ScalarizationMethod;
  private readonly optimizer: tf.Optimizer;
  private readonly iterates: OnlineToBatchAverage<Float64Array> | null;
  private readonly schedule: TeachingSchedule;
  private preference: number[];
  private averagedIterates: number | undefined;
  private trainingSeconds = 0;
  /** Σ of each constraint over the current outer iteration's steps (the AL's PHR update uses the mean). */
  private constraintSum: Float64Array;

  constructor(config: TeachingConfig) {
    const problems = teachingConfigProblems(config);
    if (problems.length > 0) throw new Error(`invalid teaching config: ${problems.join('; ')}`);
    this.config = config;
    this.problem = createTeachingProblem(config.problem, config.seed);
    this.preference = [...config.preference];
    this.method = createMethod(config, { objectives: this.problem.objectives, hasPenalty: false, preference: this.preference, seed: config.seed });
    this.iterates = this.method.averagesIterates ? new OnlineToBatchAverage() : null;
    this.constraintSum = new Float64Array(this.problem.objectives);
    this.optimizer = makeOptimizer(config.optimizer, config.learningRate);
    this.schedule = new TeachingSchedule(config, this.optimizer);
  }

  get done(): boolean {
    return this.schedule.done;
  }

  get position(): Position {
    return this.schedule.position;
  }

  get totalSteps(): number {
    return this.schedule.totalSteps;
  }

  get currentPreference(): number[] {
    return [...this.preference];
  }

  /** Re-targets the run: the next step uses the new preference. */
  setPreference(k: number[]): void {
    const problems = preferenceProblems(k, this.problem.objectives, '(one per task)');
    if (problems.length > 0) throw new Error(`invalid preference: ${problems.join('; ')}`);
    this.preference = [...k];
    this.method.setPreference(k);
  }

  /** The problem's exact Pareto front (densely sampled). */
  exactFront(): number[][] {
    return this.problem.exactFront();
  }

  /** Its steps need the parameters before each update (mirror descent averages its iterates). */
  get readsIterates(): boolean {
    return this.iterates !== null;
  }

  async step(): Promise<TeachingStepResult> {
    if (this.schedule.done) throw new Error('the run is finished');
    const started = globalThis.performance.now();
    const m = this.problem.objectives;
    // Mirror descent's iterate is the model the step's f is measured at: read it before the update.
    const parameters = this.iterates ? await this.parameterValues() : null;
    const values = await methodStep({
      method: this.method,
      objectives: () => this.problem.objectivesTensor(),
      variables: this.problem.variables,
      optimizer: this.optimizer,
      smoothObjectives: Array.from({ length: m }, (_, i) => i),
    });
    return this.endStep(values, parameters, started);
  }

  /**
   * The step's end once its optimiser step is taken: the method's readout, the iterate, the schedule, the reading.
   * `parameters`: the model before the update (when readsIterates); `started`: performance.now() at the step's start.
   * A stack of runs takes the optimiser step of all its runs, then ends each run's step here.
   */
  endStep(values: MethodStepValues, parameters: Float64Array | null, started: number): TeachingStepResult {
    if (this.schedule.done) throw new Error('the run is finished');
    const objectives = values.objectives;
    if (!objectives.every(Number.isFinite)) throw new DivergenceError(`training diverged at step ${this.schedule.steps}`, this.schedule.steps);
    const readout = this.method.afterStep(objectives, values.readback);
    if (parameters) this.iterates!.add(objectives, parameters);
    readout.constraints.forEach((c, i) => (this.constraintSum[i] += c));
    const position = this.schedule.position;
    const learningRate = this.schedule.learningRate;
    const events: string[] = [];
    const outerEnded = this.schedule.advance();
    if (outerEnded) this.endOuterIteration(events);
    const seconds = (globalThis.performance.now() - started) / 1000;
    this.trainingSeconds += seconds;
    const reading = stepReading({ position, objectives, readout, learningRate, preference: this.preference, proxEta: 0, samples: this.problem.samplesPerStep, seconds });
    return { step: reading, outerEnded, events };
  }

  async runToEnd(onStep?: (r: TeachingStepResult) => void): Promise<void> {
    while (!this.schedule.done) {
      const r = await this.step();
      onStep?.(r);
    }
  }

  /** f and parameters of the current model (after the run: the returned model). */
  async finalResult(): Promise<TeachingResult> {
    const f = tf.tidy(() => this.problem.objectivesTensor());
    const objectives = Array.from(await f.data());
    f.dispose();
    return {
      method: this.method.name,
      preference: [...this.preference],
      objectives,
      parameters: Array.from(await this.parameterValues()),
      steps: this.schedule.steps,
      trainingSeconds: this.trainingSeconds,
      ...(this.averagedIterates === undefined ? {} : { averagedIterates: this.averagedIterates }),
    };
  }

  dispose(): void {
    this.problem.dispose();
    this.method.dispose();
    this.optimizer.dispose();
    this.iterates?.clear();
  }

  /** The schedule closed an outer iteration (and decayed the learning rate): the method's outer update. */
  private endOuterIteration(events: string[]): void {
    // No epochs or best model here: the outer iteration's steps play the epoch's batches.
    this.method.endOuterIteration({ epochConstraintSum: this.constraintSum, batchesPerEpoch: this.config.stepsPerOuter, bestAccuracyEpochConstraintSum: null });
    this.constraintSum = new Float64Array(this.problem.objectives);
    if (this.schedule.done) {
      if (this.iterates && this.iterates.size > 0) this.restoreAverage(events);
      events.push('run finished');
    }
  }

  private restoreAverage(events: string[]): void {
    const iterates = this.iterates!.weighted();
    const average = weightedAverage(
      iterates.map((it) => it.payload),
      iterates.map((it) => it.weight),
    );
    this.setParameters(average);
    this.averagedIterates = iterates.length;
    this.iterates!.clear();
    events.push(`averaged ${iterates.length} non-dominated iterates`);
  }

  /** Sets the model to θ: every variable, flattened in order (as the parameters are read). */
  setParameters(theta: Float64Array | Float32Array): void {
    let offset = 0;
    for (const v of this.problem.variables) {
      const values = Float32Array.from(theta.subarray(offset, offset + v.size));
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
      offset += v.size;
    }
  }

  private async parameterValues(): Promise<Float64Array> {
    const parts = await Promise.all(this.problem.variables.map((v) => v.data()));
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p as Float32Array, offset);
      offset += p.length;
    }
    return out;
  }
}
