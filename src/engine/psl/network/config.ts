/**
 * The settings of one Pareto-set-learning (PSL) run on a network problem: a plain typed interface (the registry in
 * src/experiment does not know it yet), its defaults, a checker, and the way to derive it from a budget's
 * TrainerConfig so that a PSL run and the per-preference runs it is compared with share batches, subsets and
 * learning rate. Design and measurements: docs/decisions/psl-network.md.
 */
import { PSL_AGGREGATIONS, type NetworkKind, type OptimizerKind, type OwlKind, type ProblemName, type PslAggregation } from '../../../experiment/choices';
import type { TrainerConfig } from '../../../experiment/config';
import { sumsToOne } from '../../preferenceSum';

/**
 * How the task losses of a batch are scalarized at its sampled preference (one list for every Pareto set model, the
 * registry's): the modified weighted Chebyshev max_i w_i[(f_i − a_i) + ε Σ_j (f_j − a_j)] (SPEC §1.1) or smooth
 * Tchebycheff μ·log Σ_i exp(w_i (f_i − a_i)/μ).
 */
export { PSL_AGGREGATIONS, type PslAggregation };

export interface PslNetworkConfig {
  problem: ProblemName;
  network: NetworkKind;
  seed: number;
  batchSize: number;
  /** Passes over the training subset. */
  epochs: number;
  learningRate: number;
  /** Factor on the learning rate after every epoch. */
  lrDecay: number;
  optimizer: OptimizerKind;
  initialization: 'glorot-he' | 'lsuv';
  trainSubset: number | null;
  valSubset: number | null;
  testSubset: number | null;
  evalBatchSize: number;
  /** Maximum rotation in degrees of the training images (0 = none). */
  augmentRotation: number;
  /**
   * Preferences drawn per training batch: the batch is split into this many groups, each with its own r (its own
   * FiLM, masks and scalarization), and the groups' losses are averaged. 1 = one r per batch (COSMOS).
   */
  preferencesPerBatch: number;
  /** Concentration α of the Dirichlet the per-batch preferences are drawn from (1 = uniform on the simplex). */
  dirichletAlpha: number;
  aggregation: PslAggregation;
  /** μ of smooth Tchebycheff. */
  smoothMu: number;
  /** ε of the modified Chebyshev terms. */
  epsilon: number;
  /** Reference point a, m + 1 entries like the preference (a_0, of the sparsity objective, enters only readings). */
  referencePoint: number[];
  /** Hidden units of the FiLM MLP r → (γ, β). */
  filmHidden: number;
  /**
   * Zero-row fraction of every GrOWL-eligible layer at k₀ ≥ fullSparsityK0. 0.4 zeroes 132 of HPS-MultiMNIST's 431
   * rows (30.6 %), the sparsity the quick budget's per-preference runs reach (docs/decisions/psl-network.md).
   */
  maskSparsity: number;
  /** The k₀ at which the masks reach maskSparsity; below it the zero-row fraction grows linearly in k₀. */
  fullSparsityK0: number;
  /** θ family of the GrOWL penalty reported as f₀ (SPEC §3). */
  owl: OwlKind;
  owlBeta1: number;
  owlBeta2: number;
}

/** What a PSL run adds to a budget's settings. */
export const PSL_DEFAULTS = {
  lrDecay: 1,
  dirichletAlpha: 1,
  preferencesPerBatch: 1,
  aggregation: 'smooth',
  smoothMu: 0.05,
  filmHidden: 16,
  maskSparsity: 0.4,
  fullSparsityK0: 0.5,
} as const satisfies Partial<PslNetworkConfig>;

/**
 * Epochs of a PSL run on a budget: 1.5× those of one sparse run of it (search + retraining), within the issue's
 * target of 2× one run's compute (docs/decisions/psl-network.md).
 */
export function pslEpochs(config: Pick<TrainerConfig, 'searchIterations' | 'innerEpochs' | 'retrainIterations' | 'retrainInnerEpochs'>): number {
  const sparseRun = config.searchIterations * config.innerEpochs + config.retrainIterations * config.retrainInnerEpochs;
  return Math.max(1, Math.round(1.5 * sparseRun));
}

/**
 * A PSL config on the same data, batches, learning rate and network as a per-preference run's config (its
 * preference and AL settings are dropped), with the PSL defaults, then the config's own PSL parameters when its
 * method is psl (the explorer's runs), then `overrides` on top.
 */
export function pslConfigFromTrainerConfig(config: TrainerConfig, overrides: Partial<PslNetworkConfig> = {}): PslNetworkConfig {
  const method = config.method.name === 'psl' ? config.method : null;
  return {
    problem: config.problem,
    network: config.network,
    seed: config.seed,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    optimizer: config.optimizer,
    initialization: config.initialization,
    trainSubset: config.trainSubset,
    valSubset: config.valSubset,
    testSubset: config.testSubset,
    evalBatchSize: config.evalBatchSize,
    augmentRotation: config.augmentRotation,
    epsilon: config.epsilon,
    referencePoint: [...config.referencePoint],
    owl: config.owl,
    owlBeta1: config.owlBeta1,
    owlBeta2: config.owlBeta2,
    ...PSL_DEFAULTS,
    epochs: pslEpochs(config),
    ...(method
      ? { aggregation: method.pslAggregation, preferencesPerBatch: Math.min(method.pslPreferences, config.batchSize), filmHidden: method.pslHidden, smoothMu: method.pslSmoothing }
      : {}),
    ...overrides,
  };
}

const positiveInteger = (v: number) => Number.isInteger(v) && v > 0;
const subsetOk = (v: number | null) => v === null || positiveInteger(v);

/** What is wrong with a config for a problem with `tasks` tasks (empty when nothing is). */
export function pslNetworkConfigProblems(config: PslNetworkConfig, tasks = 2): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  check(Number.isInteger(config.seed), `seed must be an integer, got ${config.seed}`);
  check(positiveInteger(config.batchSize), `batchSize must be a positive integer, got ${config.batchSize}`);
  check(positiveInteger(config.evalBatchSize), `evalBatchSize must be a positive integer, got ${config.evalBatchSize}`);
  check(positiveInteger(config.epochs), `epochs must be a positive integer, got ${config.epochs}`);
  check(config.learningRate > 0 && Number.isFinite(config.learningRate), `learningRate must be positive, got ${config.learningRate}`);
  check(config.lrDecay > 0 && config.lrDecay <= 1, `lrDecay must be in (0, 1], got ${config.lrDecay}`);
  check(subsetOk(config.trainSubset) && subsetOk(config.valSubset) && subsetOk(config.testSubset), 'subsets must be null or positive integers');
  check(config.augmentRotation >= 0 && config.augmentRotation <= 180, `augmentRotation must be in [0, 180], got ${config.augmentRotation}`);
  check(positiveInteger(config.preferencesPerBatch) && config.preferencesPerBatch <= config.batchSize, `preferencesPerBatch must be an integer in [1, batchSize], got ${config.preferencesPerBatch}`);
  check(config.dirichletAlpha > 0 && Number.isFinite(config.dirichletAlpha), `dirichletAlpha must be positive, got ${config.dirichletAlpha}`);
  check((PSL_AGGREGATIONS as readonly string[]).includes(config.aggregation), `aggregation must be one of ${PSL_AGGREGATIONS.join(', ')}, got ${config.aggregation}`);
  check(config.smoothMu > 0 && Number.isFinite(config.smoothMu), `smoothMu must be positive, got ${config.smoothMu}`);
  check(config.epsilon >= 0 && Number.isFinite(config.epsilon), `epsilon must be ≥ 0, got ${config.epsilon}`);
  check(config.referencePoint.length === tasks + 1 && config.referencePoint.every(Number.isFinite), `referencePoint must have ${tasks + 1} finite entries`);
  check(positiveInteger(config.filmHidden), `filmHidden must be a positive integer, got ${config.filmHidden}`);
  check(config.maskSparsity >= 0 && config.maskSparsity < 1, `maskSparsity must be in [0, 1), got ${config.maskSparsity}`);
  check(config.fullSparsityK0 > 0 && config.fullSparsityK0 <= 1, `fullSparsityK0 must be in (0, 1], got ${config.fullSparsityK0}`);
  check(config.owlBeta1 >= 0 && config.owlBeta2 >= 0, 'owlBeta1 and owlBeta2 must be ≥ 0');
  return problems;
}

/** What is wrong with a preference r = (k₀, k₁..k_m) on the simplex (empty when nothing is). */
export function preferenceProblems(r: readonly number[], tasks: number): string[] {
  if (r.length !== tasks + 1) return [`a preference has ${tasks + 1} entries (k₀, then one per task), got ${r.length}`];
  if (!r.every((v) => Number.isFinite(v) && v >= 0)) return ['preference entries must be finite and ≥ 0'];
  const sum = r.reduce((a, b) => a + b, 0);
  return !sumsToOne(r) ? [`preference entries must sum to 1, got ${sum}`] : [];
}
