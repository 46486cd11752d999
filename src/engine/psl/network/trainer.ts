/**
 * Pareto set learning for the networks (issue 17): one preference-conditioned model for the whole front.
 * Every training batch draws its own preference r = (k₀, k₁..k_m) from a seeded Dirichlet; FiLM (film.ts) lets r
 * modulate every trunk output, nested row masks (rowMasks.ts) let k₀ zero a growing share of the GrOWL rows, and
 * the task losses are scalarized at r's task weights (aggregation.ts). After (and during) training, `evaluate`
 * answers any preference without training. Design and measurements: docs/decisions/psl-network.md.
 */
import * as tf from '@tensorflow/tfjs-core';
import { disposeBatch, evaluateSplit } from '../../batches';
import { DivergenceError } from '../../divergence';
import { StatisticsUpdate } from '../../batchNorm';
import { chebyshevConstraints } from '../../chebyshev';
import type { Dataset, Split } from '../../data/dataset';
import { owlWeights } from '../../growl';
import { lsuvInit } from '../../lsuv';
import type { KernelValues } from '../../kernel';
import { rowMetrics, type RowMetrics } from '../../metrics';
import { MultiTaskNetwork, type OpSet } from '../../models';
import { nllLoss } from '../../ops';
import { makeOptimizer, setOptimizerLearningRate } from '../../optimizers';
import { Rng } from '../../random';
import type { Position, StepReadingCommon } from '../../readings';
import { subset, TrainingBatches } from '../../trainingBatches';
import { aggregateTasks, aggregationWeights, taskWeights, type AggregationSettings } from './aggregation';
import { preferenceProblems, pslNetworkConfigProblems, type PslAggregation, type PslNetworkConfig } from './config';
import { applyFilm, FilmConditioner, type FilmModulation } from './film';
import { applyRowMask, groupRowMasks, maskedKernelValues, maskedLayers, maskedPenalty, rowMasks, zeroRowFraction, type MaskedLayer } from './rowMasks';

/** A PSL step: the Trainer's common step fields, at the batch's sampled preference. */
export interface PslStepReading extends StepReadingCommon {
  method: 'psl';
  aggregation: PslAggregation;
  /** max_i k_i[(f_i − a_i) + ε Σ_j (f_j − a_j)] over f = (f₀, task losses) at r (the common Chebyshev scale). */
  chebyshevValue: number;
  /** Share of every eligible layer's rows the step's masks zeroed. */
  maskedFraction: number;
}

export interface PslStepResult {
  step: PslStepReading;
  /** True when this step closed an epoch. */
  epochEnded: boolean;
}

export interface PslEvaluateOptions {
  /** Default 'val'. */
  split?: 'val' | 'test';
  /** The first n examples of the split (default: the config's subset of it). */
  examples?: number;
}

/** The model at one preference, measured without training. */
export interface PslEvaluation {
  preference: number[];
  /** Mean NLL and accuracy (percent) per task. */
  nll: number[];
  accuracy: number[];
  /** Zero rows over every kernel with the preference's masks applied, Z / R (SPEC §5, as a fraction). */
  zeroRowFraction: number;
  /** R / U (SPEC §5). */
  compressionRate: number;
  rows: RowMetrics;
  /** The GrOWL penalty Ω of the masked kernels (SPEC §3). */
  growlPenalty: number;
  /** Parameters of the network and its FiLM conditioner. */
  parameterCount: number;
  examples: number;
  seconds: number;
}

export class NetworkPslTrainer {
  readonly config: PslNetworkConfig;
  readonly network: MultiTaskNetwork;
  readonly film: FilmConditioner;
  private readonly dataset: Dataset;
  private readonly val: Split;
  private readonly test: Split;
  private readonly batches: TrainingBatches;
  private readonly masked: MaskedLayer[];
  private readonly thetas: tf.Tensor1D[];
  private readonly preferences: Rng;
  private readonly aggregation: AggregationSettings;
  private readonly variables: tf.Variable[];
  private readonly optimizer: tf.Optimizer;
  private learningRate: number;
  /** Ω of the unmasked network before the first step: f₀ is reported relative to it. */
  private initialPenalty: tf.Scalar | null = null;
  private epoch = 0;
  private batch = 0;
  private globalStep = 0;
  private seconds = 0;
  private samples = 0;

  constructor(config: PslNetworkConfig, dataset: Dataset, options: { ops?: OpSet } = {}) {
    const tasks = dataset.tasks.length;
    const problems = pslNetworkConfigProblems(config, tasks);
    if (problems.length > 0) throw new Error(`invalid PSL config: ${problems.join('; ')}`);
    this.config = config;
    this.dataset = dataset;
    this.val = subset(dataset.val, config.valSubset);
    this.test = subset(dataset.test, config.testSubset);
    this.batches = new TrainingBatches(subset(dataset.train, config.trainSubset), dataset, config);
    this.network = new MultiTaskNetwork({ kind: config.network, problem: config.problem, seed: config.seed, tasks, ops: options.ops });
    const rng = new Rng(config.seed);
    // Every trunk stage's output is modulated (shared and monitors); the heads read the last ones.
    const targets = this.network.layers.filter((l) => !l.spec.isHead).map((l) => ({ layer: l.spec.name, channels: l.spec.shape[l.spec.shape.length - 1] }));
    this.film = new FilmConditioner(tasks + 1, targets, config.filmHidden, rng.fork(701));
    this.preferences = rng.fork(702);
    this.masked = maskedLayers(this.network);
    this.thetas = this.masked.map((l) => tf.tensor1d(Float32Array.from(owlWeights(config.owl, l.rows, config.owlBeta1, config.owlBeta2))));
    this.aggregation = { aggregation: config.aggregation, smoothMu: config.smoothMu, epsilon: config.epsilon, taskReference: config.referencePoint.slice(1) };
    this.variables = [...this.network.trainableVariables(), ...this.film.variables];
    this.learningRate = config.learningRate;
    this.optimizer = makeOptimizer(config.optimizer, this.learningRate);
  }

  get done(): boolean {
    return this.epoch >= this.config.epochs;
  }

  get totalSteps(): number {
    return this.config.epochs * this.batches.batchesPerEpoch;
  }

  get steps(): number {
    return this.globalStep;
  }

  /** Training examples the steps so far have seen. */
  get samplesSeen(): number {
    return this.samples;
  }

  /** Seconds spent in step() so far. */
  get trainingSeconds(): number {
    return this.seconds;
  }

  get position(): Position {
    return { phase: this.done ? 'done' : 'plain', outer: 0, epoch: this.epoch, batch: this.batch, globalStep: this.globalStep };
  }

  /** Parameters of the base network plus the FiLM conditioner. */
  parameterCount(): number {
    return this.network.parameterCount() + this.film.parameterCount;
  }

  /** One optimiser step on the next batch at a freshly drawn preference. */
  async step(): Promise<PslStepResult> {
    if (this.done) throw new Error('the PSL run is finished');
    const started = performance.now();
    if (this.batch === 0) this.batches.startEpoch(this.epoch);
    const batch = this.batches.batch(this.batch);
    const m = this.dataset.tasks.length;
    const sizes = groupSizes(batch.size, this.config.preferencesPerBatch);
    const rs = sizes.map(() => Array.from(this.preferences.dirichlet(m + 1, this.config.dirichletAlpha)));
    const zs = rs.map((r) => zeroRowFraction(r[0], this.config));
    let values: number[];
    let masks: (tf.Tensor1D | tf.Tensor2D | null)[] = [];
    let preference: tf.Tensor1D | tf.Tensor2D | null = null;
    try {
      await this.firstStepSetup(batch.x);
      const single = sizes.length === 1;
      masks = single ? rowMasks(this.masked, zs[0]) : groupRowMasks(this.masked, zs, sizes);
      // One r for the batch, or one row per example (its group's r).
      preference = single ? tf.tensor1d(rs[0]) : tf.tensor2d(sizes.flatMap((n, g) => Array.from({ length: n }, () => rs[g])));
      const update = new StatisticsUpdate();
      const packed = tf.tidy(() => {
        // f₀ before the step, as the Trainer reads it: Ω of the masked kernels (first group's r) relative to the initial Ω.
        const readMasks = single ? (masks as (tf.Tensor1D | null)[]) : rowMasks(this.masked, zs[0]);
        const penalty = tf.reshape(tf.div(maskedPenalty(this.masked, readMasks, this.thetas), this.initialPenalty as tf.Scalar), [1]);
        let kept: tf.Tensor[] = [];
        const { grads } = tf.variableGrads(() => {
          const condition = this.condition(this.film.modulation(preference as tf.Tensor1D | tf.Tensor2D), masks);
          const outputs = this.network.forward(batch.x, { mode: 'train', update, condition });
          const f = tf.stack(outputs.map((o, i) => nllLoss(o, batch.labels[i]))) as tf.Tensor1D;
          const loss = single ? aggregateTasks(f, taskWeights(rs[0]), this.aggregation) : this.groupLoss(outputs, batch.labels, sizes, rs);
          kept = [tf.keep(f), tf.keep(tf.reshape(loss, [1]))];
          return loss;
        }, this.variables);
        this.optimizer.applyGradients(grads);
        const out = tf.concat([penalty, ...kept]);
        kept.forEach((t) => t.dispose());
        return out;
      });
      values = Array.from(await packed.data());
      packed.dispose();
    } finally {
      preference?.dispose();
      masks.forEach((mask) => mask?.dispose());
      disposeBatch(batch);
    }
    const objectives = values.slice(0, m + 1);
    if (!objectives.every(Number.isFinite)) throw new DivergenceError(`PSL training diverged at step ${this.globalStep}: objectives ${objectives.join(', ')}`, this.globalStep);
    const reading = this.reading(rs[0], objectives, values[m + 1], zs[0], batch.size, started);
    this.globalStep++;
    this.samples += batch.size;
    this.batch++;
    let epochEnded = false;
    if (this.batch === this.batches.batchesPerEpoch) {
      epochEnded = true;
      this.batch = 0;
      this.epoch++;
      this.learningRate *= this.config.lrDecay;
      setOptimizerLearningRate(this.optimizer, this.config.optimizer, this.learningRate);
    }
    this.seconds += (performance.now() - started) / 1000;
    return { step: reading, epochEnded };
  }

  async runToEnd(onStep?: (r: PslStepResult) => void): Promise<void> {
    while (!this.done) {
      // (Not `onStep?.(await this.step())`: an absent onStep would skip evaluating the step.)
      const r = await this.step();
      onStep?.(r);
    }
  }

  /**
   * The model at `preference` on a validation (or test) subset, without training: task NLLs and accuracies, and the
   * row metrics of the kernels with that preference's masks applied. Leaves no tensors behind.
   */
  async evaluate(preference: readonly number[], options: PslEvaluateOptions = {}): Promise<PslEvaluation> {
    const problems = preferenceProblems(preference, this.dataset.tasks.length);
    if (problems.length > 0) throw new Error(`invalid preference: ${problems.join('; ')}`);
    const started = performance.now();
    const split = subset(options.split === 'test' ? this.test : this.val, options.examples ?? null);
    const masks = rowMasks(this.masked, zeroRowFraction(preference[0], this.config));
    let film: ReturnType<FilmConditioner['detachedModulation']> | null = null;
    let penalty: tf.Scalar | null = null;
    try {
      film = this.film.detachedModulation(preference);
      const condition = this.condition(film.modulation, masks);
      const scores = await evaluateSplit((x) => this.network.forward(x, { condition }), split, this.dataset, this.config.evalBatchSize);
      const rows = rowMetrics(await maskedKernelValues(this.network, this.masked, masks));
      penalty = tf.tidy(() => maskedPenalty(this.masked, masks, this.thetas));
      const growlPenalty = (await penalty.data())[0];
      return {
        preference: [...preference],
        nll: scores.nll,
        accuracy: scores.accuracy,
        zeroRowFraction: rows.totalRows > 0 ? rows.zeroRows / rows.totalRows : 0,
        compressionRate: rows.compressionRate,
        rows,
        growlPenalty,
        parameterCount: this.parameterCount(),
        examples: split.count,
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      film?.dispose();
      penalty?.dispose();
      masks.forEach((mask) => mask?.dispose());
    }
  }

  /** Every conv/dense kernel of the model at `preference` (its masked rows set to 0), named as the network's. */
  async kernelValuesAt(preference: readonly number[]): Promise<(KernelValues & { name: string })[]> {
    const masks = rowMasks(this.masked, zeroRowFraction(preference[0], this.config));
    try {
      const values = await maskedKernelValues(this.network, this.masked, masks);
      return values.map((v, i) => ({ name: this.network.layers[i].spec.name, ...v }));
    } finally {
      masks.forEach((mask) => mask?.dispose());
    }
  }

  /**
   * Every value that defines the model's function, named stably: the network's variables (its batch-norm statistics
   * included), then FiLM's. loadModelValues takes them back into a trainer of the same config.
   */
  async modelValues(): Promise<(KernelValues & { name: string; values: Float32Array })[]> {
    const out: (KernelValues & { name: string; values: Float32Array })[] = [];
    for (const v of this.modelVariables()) out.push({ name: stableName(v.name), shape: [...v.shape], values: Float32Array.from(await v.data()) });
    return out;
  }

  /** Sets the model to modelValues() of a run of the same config; throws naming the first tensor that does not fit. */
  loadModelValues(saved: readonly KernelValues[]): void {
    const variables = this.modelVariables();
    if (saved.length !== variables.length) throw new Error(`a model of this config has ${variables.length} tensors, not ${saved.length}`);
    variables.forEach((v, i) => {
      const s = saved[i];
      const size = s.shape.reduce((a, b) => a * b, 1);
      const name = stableName(v.name);
      if (s.shape.length !== v.shape.length || s.shape.some((d, j) => d !== v.shape[j]) || s.values.length !== size) {
        throw new Error(`tensor ${i} (${name}) must have shape [${v.shape.join(', ')}], not [${s.shape.join(', ')}] with ${s.values.length} values`);
      }
      for (let j = 0; j < s.values.length; j++) if (!Number.isFinite(s.values[j])) throw new Error(`tensor ${i} (${name}) has a value that is not finite`);
    });
    variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(Float32Array.from(saved[i].values), v.shape))));
  }

  dispose(): void {
    this.network.dispose();
    this.film.dispose();
    this.optimizer.dispose();
    this.thetas.forEach((t) => t.dispose());
    this.initialPenalty?.dispose();
  }

  // ---------------------------------------------------------------------------------------------------------

  private modelVariables(): tf.Variable[] {
    return [...this.network.modelVariables(), ...this.film.variables];
  }

  /** Mean over the groups of each group's scalarized task losses at its own r (inside the gradient scope). */
  private groupLoss(outputs: tf.Tensor2D[], labels: tf.Tensor2D[], sizes: number[], rs: number[][]): tf.Scalar {
    let start = 0;
    const terms = sizes.map((n, g) => {
      const slice = (t: tf.Tensor2D) => tf.slice(t, [start, 0], [n, -1]);
      const f = tf.stack(outputs.map((o, i) => nllLoss(slice(o), slice(labels[i])))) as tf.Tensor1D;
      start += n;
      return aggregateTasks(f, taskWeights(rs[g]), this.aggregation);
    });
    return tf.mean(tf.stack(terms)) as tf.Scalar;
  }

  /** The forward pass's hook at one preference (or one per example): FiLM, then the row masks of the layers this output feeds. */
  private condition(modulation: FilmModulation, masks: (tf.Tensor1D | tf.Tensor2D | null)[]): (layer: string, h: tf.Tensor) => tf.Tensor {
    const bySource = new Map<string, tf.Tensor1D | tf.Tensor2D>();
    this.masked.forEach((l, i) => {
      const mask = masks[i];
      if (mask) bySource.set(l.source, mask);
    });
    return (layer, h) => {
      const modulated = applyFilm(modulation, layer, h);
      const mask = bySource.get(layer);
      return mask ? applyRowMask(mask, modulated) : modulated;
    };
  }

  /** Before the first step: LSUV when asked (on the first batch, as the Trainer does), then Ω₀. */
  private async firstStepSetup(x: tf.Tensor4D): Promise<void> {
    if (this.initialPenalty) return;
    if (this.config.initialization === 'lsuv') await lsuvInit(this.network, x, new Rng(this.config.seed).fork(211));
    this.initialPenalty = tf.tidy(() => tf.maximum(maskedPenalty(this.masked, this.masked.map(() => null), this.thetas), 1e-12) as tf.Scalar);
  }

  private reading(r: number[], objectives: number[], value: number, z: number, samples: number, started: number): PslStepReading {
    const terms = chebyshevConstraints({ f: objectives, k: r, a: this.config.referencePoint, epsilon: this.config.epsilon, t: 0 });
    const chebyshevValue = Math.max(...terms);
    const seconds = (performance.now() - started) / 1000;
    return {
      kind: 'step',
      ...this.position,
      objectives,
      constraints: Array.from(terms, (c) => c - chebyshevValue),
      maxViolation: 0,
      value,
      // f₀ pulls on no gradient (it acts through the masks); the tasks by the aggregation's derivative.
      weights: [0, ...aggregationWeights(objectives.slice(1), taskWeights(r), this.aggregation)],
      learningRate: this.learningRate,
      preference: r,
      proxEta: 0,
      samplesPerSecond: seconds > 0 ? samples / seconds : 0,
      method: 'psl',
      aggregation: this.config.aggregation,
      chebyshevValue,
      maskedFraction: z,
    };
  }
}

/** A variable's name without the instance counters that keep TF.js's names unique ("shared/conv1.kernel#12" → "shared/conv1.kernel"). */
function stableName(name: string): string {
  return name.replace(/#\d+$/, '').replace(/^psl\.film\d+\./, 'psl.film.');
}

/** n examples split into g contiguous groups of near-equal size (the batch order is already shuffled). */
function groupSizes(n: number, g: number): number[] {
  const groups = Math.max(1, Math.min(g, n));
  return Array.from({ length: groups }, (_, i) => Math.floor((n * (i + 1)) / groups) - Math.floor((n * i) / groups));
}
