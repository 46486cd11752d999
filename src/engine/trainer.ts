/**
 * The step-driven Trainer: the paper's two-phase sparse multi-task training (SPEC §1–§4) as a state machine
 * that the caller advances one optimiser step at a time. The CLI, the tests and the Web Worker all drive this
 * same object; there is no monolithic loop. Between steps the caller may pause (simply stop calling), change
 * the preference vector, read readings, or ask for the final result.
 *
 * Schedule: k_0 > 0 → search (S_search outer iterations × E epochs, prox) → cluster rows → retrain with tying
 * (S_retrain × E) → done.  k_0 = 0 → plain run (S_plain × E) → done. What differs between the phases (the prox,
 * the tying, which models may be kept, what the phase hands on) is in the phase objects (phases/); the Trainer
 * walks them through their hooks.
 *
 * What each step minimises is the scalarization method's business (methods/, config.method): the Trainer
 * builds the objective vector f = (Ω, NLL_1..NLL_m) of the batch and lets methodStep take the optimiser step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { disposeBatch, evaluateSplit, type Batch } from './batches';
import { StatisticsUpdate } from './batchNorm';
import { BestAccuracyEpoch, BestModel } from './bestModel';
import { DivergenceError, divergedBy } from './divergence';
import { configProblems, NETWORK_OBJECTIVES, preferenceProblems, type TrainerConfig } from '../experiment/config';
import type { Dataset, Split } from './data/dataset';
import { chebyshevLevel, createMethod, methodStep, type MethodStepValues, type ScalarizationMethod } from './methods';
import { EpochStatistics } from './epochStatistics';
import { rowMetrics, type RowMetrics } from './metrics';
import { PenaltyObjective } from './penaltyObjective';
import { Rng } from './random';
import { RetrainTying } from './retrainTying';
import { lsuvInit, type LsuvLayerReport } from './lsuv';
import { MultiTaskNetwork, type OpSet } from './models';
import { batchObjectives } from './objective';
import { OptimiserSchedule } from './optimiserSchedule';
import { firstPhase, isSparse, scheduledEpochs, type PhaseContext, type PhaseOutcome, type StepEndEffect, type TrainingPhase } from './phases';
import type { EpochReading, NetworkResult, Position, StepReading } from './readings';
import { stepReading } from './stepReading';
import { GrowlLayers } from './sparsity';
import { pauses } from './interruption';
import { recalibrateBatchNorm, subset, TrainingBatches } from './trainingBatches';

export interface StepResult {
  step: StepReading;
  /** Present when this step closed an epoch. */
  epoch?: EpochReading;
  /** Human-readable notes about phase changes (clustering, retraining, done). */
  events: string[];
}

/** A step begun (Trainer.beginStep): its batch (the caller disposes it), its events so far and when it started. */
export interface BegunStep {
  batch: Batch;
  events: string[];
  started: number;
}

/** How a Trainer is built besides its config and data. */
export interface TrainerOptions {
  ops?: OpSet;
  /** How the clustering yields to the event loop (default a setTimeout; a worker has a faster one). */
  yieldToEvents?: () => Promise<void>;
  /** Told what work between steps is under way while it lasts (the search's clustering, seconds long), then null. */
  onWork?: (work: string | null) => void;
}

export class Trainer {
  readonly config: TrainerConfig;
  readonly network: MultiTaskNetwork;
  private readonly dataset: Dataset;
  private readonly train: Split;
  private readonly trainBatches: TrainingBatches;
  private readonly val: Split;
  private readonly test: Split;
  /** The GrOWL layers of `network` (their OWL weights are the run's). */
  readonly growl: GrowlLayers;
  readonly method: ScalarizationMethod;
  /** The optimiser and learning rate (a StackedTrainer's stacked optimiser follows it). */
  readonly schedule: OptimiserSchedule;
  private preference: number[];

  /** The current phase; null once the run is done. */
  private phase: TrainingPhase | null;
  /** What the ended phases established for the final result. */
  private readonly outcome: PhaseOutcome = {};
  private outer = 0;
  private epoch = 0;
  private batch = 0;
  private globalStep = 0;
  /** What LSUV did to each layer (config.initialization 'lsuv'), once it has run. */
  private lsuvReport: LsuvLayerReport[] | null = null;
  private epochIndex = 0;
  private readonly batchesPerEpoch: number;

  private readonly epochStats: EpochStatistics;
  private readonly best = new BestModel();
  /** The reference AL's best epoch: by accuracy alone, eligible or not (bestModel.ts says why). */
  private readonly bestAccuracyEpoch = new BestAccuracyEpoch();
  private readonly tying: RetrainTying;
  private trainingSeconds = 0;
  /**
   * Milliseconds the last endStep spent closing its epoch (judging, the best model, clustering; 0 when it closed none):
   * not training time. A StackedTrainer takes it out of the steps of the runs after this one, which end later.
   */
  get lastEpochEndMs(): number {
    return this.epochEndMs;
  }
  private epochEndMs = 0;
  private samplesSeen = 0;
  private readonly penalty: PenaltyObjective;
  /** Aborted by `interrupt`: the clustering under way ends at its next pause. */
  private readonly interruption = new AbortController();

  /** `config` is complete: configs of earlier shapes go through experiment/configSchema.ts's migrateConfig first. */
  constructor(config: TrainerConfig, dataset: Dataset, options: TrainerOptions = {}) {
    const problems = configProblems(config);
    if (problems.length > 0) throw new Error(`invalid trainer config: ${problems.join('; ')}`);
    this.config = config;
    this.dataset = dataset;
    this.train = subset(dataset.train, config.trainSubset);
    this.val = subset(dataset.val, config.valSubset);
    this.test = subset(dataset.test, config.testSubset);
    this.network = new MultiTaskNetwork({ kind: config.network, problem: config.problem, seed: config.seed, tasks: dataset.tasks.length, ops: options.ops });
    const expected = this.network.architecture.inputShape;
    if (dataset.train.imageShape.join('x') !== expected.join('x')) {
      this.network.dispose();
      throw new Error(`dataset '${dataset.name}' has ${dataset.train.imageShape.join('×')} images, the ${config.problem} networks read ${expected.join('×')}`);
    }
    this.growl = new GrowlLayers(this.network.growlLayers(), { kind: config.owl, beta1: config.owlBeta1, beta2: config.owlBeta2 });
    this.penalty = new PenaltyObjective(() => this.growl.penaltyTensor(), config.penalty);
    this.preference = [...config.preference];
    this.method = createMethod(config, { objectives: this.preference.length, hasPenalty: true, preference: this.preference, seed: config.seed });
    this.tying = new RetrainTying(this.growl, config, pauses(this.interruption.signal, options.yieldToEvents), options.onWork);
    this.schedule = new OptimiserSchedule(config);
    this.phase = firstPhase(this.phaseContext());
    this.trainBatches = new TrainingBatches(this.train, dataset, config);
    this.batchesPerEpoch = this.trainBatches.batchesPerEpoch;
    this.epochStats = new EpochStatistics(this.preference.length);
  }

  /** Sparse mode (search + retrain) when the sparsity objective has weight. */
  get sparse(): boolean {
    return isSparse(this.config);
  }

  get done(): boolean {
    return this.phase === null;
  }

  get position(): Position {
    return { phase: this.phase?.name ?? 'done', outer: this.outer, epoch: this.epoch, batch: this.batch, globalStep: this.globalStep };
  }

  /** Total optimiser steps of the whole schedule (for progress bars and ETA). */
  get totalSteps(): number {
    return scheduledEpochs(this.config) * this.batchesPerEpoch;
  }

  get currentPreference(): number[] {
    return [...this.preference];
  }

  /** What the end of the next step (endStep) may do to the weights outside the optimiser. */
  get nextStepEndEffect(): StepEndEffect {
    if (this.phase === null) return 'none';
    return this.batch + 1 === this.batchesPerEpoch ? 'closes-epoch' : this.phase.stepHookEffect;
  }

  /**
   * Re-targets the running run: the next step uses the new preference. Whether the run is sparse was decided
   * at the start (k_0 > 0); a run started with k_0 = 0 cannot acquire a sparsity phase later. So only the preference
   * is checked: the config's rules between k₀ and the schedule were the start's (a plain run without search iterations
   * may move to k₀ > 0).
   */
  setPreference(k: number[]): void {
    const problems = preferenceProblems(k, NETWORK_OBJECTIVES);
    if (problems.length > 0) throw new Error(`invalid preference: ${problems.join('; ')}`);
    this.preference = [...k];
    this.method.setPreference(k);
  }

  /** One optimiser step on one batch; closes the epoch, outer iteration and phase when they end. */
  async step(): Promise<StepResult> {
    const begun = await this.beginStep();
    const { batch } = begun;
    // f_0 = Ω(θ) is computed outside the gradient scope: its value enters f, its shrinkage is the prox's job.
    const penalty = this.penalty.value();
    // Batch normalisation trains on batch statistics; the running ones move once per step.
    const update = new StatisticsUpdate();
    // A prox after every step needs the row norms after it: read with the step's values, one readback a step (on a
    // GPU each readback waits for the device). Kernels held elsewhere (K runs at once) are read there.
    const readNorms = this.phase?.stepReadsRowNorms === true && !this.growl.hookKernels;
    let values;
    try {
      values = await methodStep({
        method: this.method,
        objectives: () => batchObjectives(this.network, batch.x, batch.labels, penalty, update),
        variables: this.network.trainableVariables(),
        optimizer: this.schedule.optimizer,
        smoothObjectives: Array.from({ length: this.preference.length - 1 }, (_, i) => i + 1),
        ...(readNorms ? { alsoRead: () => this.growl.rowNormsTensors() } : {}),
      });
    } finally {
      penalty.dispose();
      disposeBatch(batch);
    }
    return this.endStep(begun, values);
  }

  /**
   * A step's start: the epoch's order at its first batch, the step's batch, LSUV before the run's first step. With
   * endStep, the seams of `step` that a StackedTrainer drives around a computation of its own. `shared`: the batch
   * this step draws, drawn already by a run of the same seed and settings (K runs at once), and disposed by it.
   */
  async beginStep(shared?: Batch): Promise<BegunStep> {
    if (!this.phase) throw new Error('the run is finished');
    let started = now();
    if (this.batch === 0) this.startEpoch();
    const batch = shared ?? this.trainBatches.batch(this.batch);
    let events: string[];
    try {
      events = await this.lsuvOnce(batch.x);
    } catch (error) {
      if (!shared) disposeBatch(batch);
      throw error;
    }
    if (events.length > 0) {
      // LSUV's time counts as training time, but not in this step's samples/s, which measures the step.
      const initialised = now();
      this.trainingSeconds += (initialised - started) / 1000;
      started = initialised;
    }
    return { batch, events, started };
  }

  /** A step's end, given what its computation read back: the method's readout, the phase's step hook, the epoch's end. */
  async endStep({ batch, events, started }: BegunStep, values: MethodStepValues): Promise<StepResult> {
    const phase = this.phase;
    if (!phase) throw new Error('the run is finished');
    const count = batch.size;
    const k = this.preference;
    const objectives = values.objectives;
    const readout = this.method.afterStep(objectives, values.readback);
    const level = chebyshevLevel(readout);
    if (!objectives.every(Number.isFinite) || !Number.isFinite(level)) {
      const values = objectives.map((v) => v.toPrecision(4)).join(', ');
      // Finite objectives and a level that is not: the method's own numbers left float32's range (μ at an extreme).
      const what = !objectives.every(Number.isFinite)
        ? `objectives ${values}`
        : readout.method === 'chebyshev-al'
          ? `the Augmented Lagrangian's epigraph t is ${level} (penalty μ = ${readout.penalty.toPrecision(3)}) while the objectives are finite (${values})`
          : `the scalarized value is ${level} while the objectives are finite (${values})`;
      throw new DivergenceError(`training diverged at step ${this.globalStep}: ${what}`, this.globalStep);
    }
    this.epochStats.add(objectives, readout.constraints, count);

    const { learningRate } = this.schedule;
    const proxEta = await phase.afterStep({ learningRate, penaltyWeight: readout.penaltyWeight, outer: this.outer, ...(values.alsoRead ? { rowNorms: values.alsoRead } : {}) });
    const position = this.position;
    this.globalStep++;
    this.batch++;
    const seconds = (now() - started) / 1000;
    this.trainingSeconds += seconds;
    this.samplesSeen += count;
    const reading = stepReading({ position, objectives, readout, learningRate, preference: k, proxEta, samples: count, seconds });

    const result: StepResult = { step: reading, events };
    this.epochEndMs = 0;
    if (this.batch === this.batchesPerEpoch) {
      const closing = now();
      result.epoch = await this.endEpoch(phase, events);
      this.epochEndMs = now() - closing;
    }
    return result;
  }

  /** Steps until the current epoch closes (or the run ends). */
  async runEpoch(onStep?: (r: StepResult) => void): Promise<StepResult> {
    for (;;) {
      const r = await this.step();
      onStep?.(r);
      if (r.epoch || this.done) return r;
    }
  }

  /** Steps until the run is done. */
  async runToEnd(onStep?: (r: StepResult) => void): Promise<void> {
    while (!this.done) {
      const r = await this.step();
      onStep?.(r);
    }
  }

  /** Final metrics of the current model (the kept best model once the run is done). */
  async finalResult(backend = tf.getBackend()): Promise<NetworkResult> {
    const forward = (x: tf.Tensor4D) => this.network.forward(x);
    const bs = this.config.evalBatchSize;
    const val = await evaluateSplit(forward, this.val, this.dataset, bs);
    const test = await evaluateSplit(forward, this.test, this.dataset, bs);
    const { rows, penalty } = await this.modelRowMetrics();
    return {
      kind: 'network',
      val,
      test,
      rows,
      growlPenalty: penalty,
      parameterCount: this.network.parameterCount(),
      clusters: this.tying.summary,
      trainingSeconds: this.trainingSeconds,
      samplesPerSecond: this.trainingSeconds > 0 ? this.samplesSeen / this.trainingSeconds : 0,
      steps: this.globalStep,
      backend,
      method: this.method.name,
      ...this.outcome,
    };
  }

  /** Kernels of every conv/dense layer as plain arrays (for metrics, heatmaps and export). */
  kernelValues(): Promise<{ name: string; shape: number[]; values: Float32Array }[]> {
    return this.network.kernelValues();
  }

  /**
   * The run is ending (Stop): a step under way that clusters rows ends at the clustering's next pause, throwing
   * RunInterrupted, instead of finishing a computation of up to a minute (engine/interruption.ts). The run cannot go on
   * after this; it is disposed.
   */
  interrupt(): void {
    this.interruption.abort();
  }

  dispose(): void {
    this.network.dispose();
    this.growl.dispose();
    this.method.dispose();
    this.phase?.dispose();
    this.schedule.dispose();
    this.best.discard();
    this.penalty.dispose();
  }

  // ---------------------------------------------------------------------------------------------------------

  /**
   * After weights changed outside the optimiser (prox per epoch, tying, averaging), batch-norm running statistics
   * describe the old weights: re-estimate them before the model is evaluated or kept. No-op without batch norm.
   */
  private recalibrate(): void {
    recalibrateBatchNorm(this.network, this.train, this.dataset, this.config.batchSize);
  }

  /** LSUV on the run's first training batch, before its first step (SPEC §2), when the config asks; its event. */
  private async lsuvOnce(x: tf.Tensor4D): Promise<string[]> {
    if (this.globalStep > 0 || this.config.initialization !== 'lsuv' || this.lsuvReport !== null) return [];
    this.lsuvReport = await lsuvInit(this.network, x, new Rng(this.config.seed).fork(211));
    return [`LSUV: ${this.lsuvReport.map((r) => `${r.layer} std ${r.initialStd.toPrecision(3)} → ${r.finalStd.toPrecision(3)}`).join('; ')}`];
  }

  private startEpoch(): void {
    // A fresh, seeded order per epoch: same seed and settings → same batches.
    this.trainBatches.startEpoch(this.epochIndex);
    this.epochStats.start(now());
  }

  private async endEpoch(phase: TrainingPhase, events: string[]): Promise<EpochReading> {
    await phase.beforeJudging(this.outer);
    const forward = (x: tf.Tensor4D) => this.network.forward(x);
    const val = await evaluateSplit(forward, this.val, this.dataset, this.config.evalBatchSize);
    const diverged = divergedBy(val.nll, this.dataset.classes, this.dataset.tasks);
    if (diverged) throw new DivergenceError(`training diverged by step ${this.globalStep}: ${diverged}`, this.globalStep);
    const { rows, penalty } = await this.modelRowMetrics();
    const score = mean(val.accuracy);
    const isBest = phase.eligible(rows) && this.best.beatenBy(score);
    if (isBest) this.best.keep(this.network, score);
    this.bestAccuracyEpoch.offer(score, this.epochStats.constraintSum);
    await phase.afterJudging({ outer: this.outer, objectives: [penalty, ...val.nll] });

    const reading: EpochReading = {
      kind: 'epoch',
      ...this.position,
      batch: this.batchesPerEpoch,
      trainObjectives: this.epochStats.objectiveMeans,
      val,
      rows,
      growlPenalty: penalty,
      best: isBest,
      seconds: this.epochStats.seconds(now()),
    };

    this.batch = 0;
    this.epoch++;
    this.epochIndex++;
    if (this.epoch === phase.epochsPerIteration) {
      this.epoch = 0;
      this.endOuterIteration();
      this.outer++;
      if (this.outer === phase.iterations) await this.endPhase(phase, events);
    }
    return reading;
  }

  private endOuterIteration(): void {
    this.method.endOuterIteration({
      epochConstraintSum: this.epochStats.constraintSum,
      batchesPerEpoch: this.batchesPerEpoch,
      bestAccuracyEpochConstraintSum: this.bestAccuracyEpoch.constraintSum,
    });
    this.schedule.decay();
  }

  private async endPhase(phase: TrainingPhase, events: string[]): Promise<void> {
    const { next, outcome } = await phase.end(events);
    Object.assign(this.outcome, outcome);
    this.phase = next;
    this.outer = 0;
    if (!next) events.push('run finished');
  }

  /** What the phases act on (phases/phase.ts). */
  private phaseContext(): PhaseContext {
    return {
      config: this.config,
      network: this.network,
      growl: this.growl,
      method: this.method,
      best: this.best,
      tying: this.tying,
      recalibrate: () => this.recalibrate(),
      restartOptimisation: () => this.restartOptimisation(),
    };
  }

  /** Retraining starts afresh from the tied best model: initial learning rate, multipliers and optimiser. */
  private restartOptimisation(): void {
    this.schedule.restart();
    this.method.restart();
    this.best.discard();
    this.bestAccuracyEpoch.reset();
  }

  private async modelRowMetrics(): Promise<{ rows: RowMetrics; penalty: number }> {
    return { rows: rowMetrics(await this.network.kernelValues()), penalty: await this.growl.penaltyValue() };
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function now(): number {
  return globalThis.performance.now();
}
