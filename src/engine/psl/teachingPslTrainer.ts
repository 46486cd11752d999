/**
 * Pareto set learning on the teaching problems: one run trains a hypernetwork θ(k) (hypernetwork.ts) for every
 * preference at once, so that afterwards — and at any moment while it trains — the problem's objectives at any k
 * are one forward pass away. Each step draws B preferences from a seeded Dirichlet(1, …, 1), evaluates the
 * problem at all B parameter vectors in one batched pass (TeachingProblem.objectivesAt) and descends the mean of
 * their scalarized values (aggregation.ts). The run's own preference (the lab's handle) rides along as one more row
 * that the loss leaves out: the readings show the model at the handle as it learns.
 *
 * Same shape as TeachingTrainer (step, done, position, totalSteps, setPreference, finalResult, exactFront), so the
 * worker's queue, pause/step/stop and readings serve it unchanged, and the same schedule (teaching/schedule.ts).
 */
import { DivergenceError } from '../divergence';
import * as tf from '@tensorflow/tfjs-core';
import type { MethodConfigOf } from '../../experiment/config';
import { preferenceProblems } from '../../experiment/config';
import type { ParetoSetFront, Position } from '../readings';
import { Rng } from '../random';
import { stepReading } from '../stepReading';
import { makeOptimizer } from '../optimizers';
import { TeachingSchedule } from '../teaching/schedule';
import { teachingConfigProblems, type TeachingConfig } from '../teaching/config';
import type { TeachingResult, TeachingStepResult } from '../teaching/trainer';
import { createTeachingProblem } from '../teaching/trainer';
import type { TeachingProblem } from '../teaching/types';
import { aggregateRows, chebyshevValue, type AggregationSettings } from './aggregation';
import { Hypernetwork } from './hypernetwork';
import { preferenceLattice, samplePreferences } from './preferences';

/** Preferences a finished model's front is read at (m = 2: k₁ = 1, 0.99, …, 0; m = 3: the 91-point lattice). */
export const PARETO_SET_READINGS = 101;

export interface TeachingPslResult extends TeachingResult {
  /** The model read at PARETO_SET_READINGS preferences of the closed simplex. */
  paretoSet: ParetoSetFront;
}

type PslConfig = TeachingConfig & { method: MethodConfigOf<'psl'> };

export function isPslConfig(config: TeachingConfig): config is PslConfig {
  return config.method.name === 'psl';
}

/** The model of a config: its problem's parameter count and start, the config's width and seed. */
function buildModel(config: PslConfig, problem: TeachingProblem, values?: ArrayLike<number>): Hypernetwork {
  const shape = { objectives: problem.objectives, hidden: config.method.pslHidden, outputs: problem.parameterCount };
  return new Hypernetwork(shape, problem.startParameters(), config.seed, values);
}

function aggregationOf(config: PslConfig): AggregationSettings {
  const { pslAggregation, pslSmoothing } = config.method;
  return { aggregation: pslAggregation, smoothing: pslSmoothing, referencePoint: config.referencePoint, epsilon: config.epsilon };
}

/** f(θ(k)) for each preference, as plain numbers (one readback). */
async function objectivesAtPreferences(model: Hypernetwork, problem: TeachingProblem, preferences: readonly (readonly number[])[]): Promise<number[][]> {
  if (preferences.length === 0) return [];
  const m = problem.objectives;
  const f = tf.tidy(() => problem.objectivesAt(model.parametersAt(tf.tensor2d(preferences.map((k) => [...k]), [preferences.length, m]))));
  const values = await f.data();
  f.dispose();
  if (!values.every(Number.isFinite)) throw new Error('the Pareto set model gives a value that is not a finite number at one of these preferences');
  return preferences.map((_, b) => Array.from(values.subarray(b * m, (b + 1) * m)));
}

export class TeachingPslTrainer {
  readonly config: PslConfig;
  readonly problem: TeachingProblem;
  private readonly model: Hypernetwork;
  private readonly optimizer: tf.Optimizer;
  private readonly rng: Rng;
  private readonly aggregation: AggregationSettings;
  private readonly schedule: TeachingSchedule;
  private preference: number[];
  private trainingSeconds = 0;

  constructor(config: TeachingConfig) {
    if (!isPslConfig(config)) throw new Error(`a Pareto set model is trained by method psl, not ${config.method.name}`);
    const problems = teachingConfigProblems(config);
    if (problems.length > 0) throw new Error(`invalid teaching config: ${problems.join('; ')}`);
    this.config = config;
    this.problem = createTeachingProblem(config.problem, config.seed);
    this.model = buildModel(config, this.problem);
    this.rng = new Rng(config.seed).fork(502);
    this.aggregation = aggregationOf(config);
    this.preference = [...config.preference];
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

  /** The preference the readings report the model at; training does not depend on it. */
  setPreference(k: number[]): void {
    const problems = preferenceProblems(k, this.problem.objectives, '(one per task)');
    if (problems.length > 0) throw new Error(`invalid preference: ${problems.join('; ')}`);
    this.preference = [...k];
  }

  exactFront(): number[][] {
    return this.problem.exactFront();
  }

  async step(): Promise<TeachingStepResult> {
    if (this.schedule.done) throw new Error('the run is finished');
    const started = globalThis.performance.now();
    const m = this.problem.objectives;
    const count = this.config.method.pslPreferences;
    const sampled = samplePreferences(this.rng, count, m, 1);
    const rows = new Float32Array((count + 1) * m);
    rows.set(sampled);
    rows.set(this.preference, count * m);
    const packed = tf.tidy(() => {
      let handle: tf.Tensor = tf.zeros([m]);
      const k = tf.tensor2d(rows, [count + 1, m]);
      const { value, grads } = tf.variableGrads(() => {
        const f = this.problem.objectivesAt(this.model.parametersAt(k));
        handle = tf.keep(tf.reshape(tf.slice(f, [count, 0], [1, m]), [m]));
        const scores = aggregateRows(tf.slice(f, [0, 0], [count, m]) as tf.Tensor2D, tf.slice(k, [0, 0], [count, m]) as tf.Tensor2D, this.aggregation);
        return tf.mean(scores) as tf.Scalar;
      }, this.model.variables);
      this.optimizer.applyGradients(grads);
      const out = tf.concat([handle, tf.reshape(value, [1])]);
      handle.dispose();
      return out;
    });
    const values = Array.from(await packed.data());
    packed.dispose();
    const objectives = values.slice(0, m);
    const batchScore = values[m];
    if (![...objectives, batchScore].every(Number.isFinite)) throw new DivergenceError(`training diverged at step ${this.schedule.steps}`, this.schedule.steps);
    const position = this.schedule.position;
    const learningRate = this.schedule.learningRate;
    // An outer iteration only decays the learning rate here: there are no multipliers.
    const outerEnded = this.schedule.advance();
    const events = this.schedule.done ? ['run finished'] : [];
    const seconds = (globalThis.performance.now() - started) / 1000;
    this.trainingSeconds += seconds;
    const readout = { ...this.handleReadout(objectives), value: batchScore };
    const reading = stepReading({ position, objectives, readout, learningRate, preference: this.preference, proxEta: 0, samples: count * this.problem.samplesPerStep, seconds });
    return { step: reading, outerEnded, events };
  }

  async runToEnd(onStep?: (r: TeachingStepResult) => void): Promise<void> {
    while (!this.schedule.done) {
      const r = await this.step();
      onStep?.(r);
    }
  }

  /** f(θ(k)) at each preference, from the model as it is now (no training). */
  evaluate(preferences: readonly (readonly number[])[]): Promise<number[][]> {
    const m = this.problem.objectives;
    for (const k of preferences) {
      const problems = preferenceProblems(k, m, '(one per task)');
      if (problems.length > 0) throw new Error(`invalid preference: ${problems.join('; ')}`);
    }
    return objectivesAtPreferences(this.model, this.problem, preferences);
  }

  /** The trained model's values (how it is saved, exported and rebuilt: evaluateSavedModel). */
  modelValues(): Promise<Float32Array> {
    return this.model.values();
  }

  async finalResult(): Promise<TeachingPslResult> {
    const lattice = preferenceLattice(this.problem.objectives, PARETO_SET_READINGS);
    const [objectives, ...front] = await this.evaluate([this.preference, ...lattice]);
    return {
      method: 'psl',
      preference: [...this.preference],
      objectives,
      parameters: Array.from(await this.model.values()),
      steps: this.schedule.steps,
      trainingSeconds: this.trainingSeconds,
      paretoSet: { preferences: lattice, objectives: front },
    };
  }

  dispose(): void {
    this.problem.dispose();
    this.model.dispose();
    this.optimizer.dispose();
  }

  /** How the model scores at the handle: its Chebyshev terms against their maximum, and each objective's pull. */
  private handleReadout(f: number[]) {
    const k = this.preference;
    const a = this.config.referencePoint;
    const eps = this.config.epsilon;
    const shifted = f.map((v, i) => v - a[i]);
    const sum = shifted.reduce((x, y) => x + y, 0);
    const terms = shifted.map((v, i) => k[i] * (v + eps * sum));
    const level = chebyshevValue(f, k, a, eps);
    const top = terms.indexOf(level);
    return {
      constraints: terms.map((t) => t - level),
      weights: terms.map((_, i) => (i === top ? k[i] : 0)),
      penaltyWeight: 0,
      method: 'psl' as const,
      chebyshevValue: level,
    };
  }

}

/** A saved model's answers at each preference: the problem and model rebuilt from the config and its values. */
export async function evaluateSavedModel(config: TeachingConfig, values: ArrayLike<number>, preferences: readonly (readonly number[])[]): Promise<number[][]> {
  if (!isPslConfig(config)) throw new Error(`only a Pareto set model (method psl) answers at any preference, not ${config.method.name}`);
  const problems = teachingConfigProblems(config);
  if (problems.length > 0) throw new Error(`invalid teaching config: ${problems.join('; ')}`);
  const problem = createTeachingProblem(config.problem, config.seed);
  try {
    const model = buildModel(config, problem, values);
    try {
      return await objectivesAtPreferences(model, problem, preferences);
    } finally {
      model.dispose();
    }
  } finally {
    problem.dispose();
  }
}
