/**
 * Everything that defines a training run. Defaults are the paper's MultiMNIST settings (SPEC §1–§4); a run is
 * fully reproducible from its resolved config (seeded).
 */
import type { AlVariant } from './chebyshev';
import type { NetworkKind } from './models';
import { METHOD_DEFAULTS, methodSettingsProblems } from './methods/settings';
import type { MethodSettings } from './methods/types';

export type OwlKind = 'spike' | 'linear' | 'dejiao';
export type OptimizerKind = 'adam' | 'sgd';

/**
 * The scalarization method and its hyper-parameters (`method`, `variant`, `referencePoint`, `epsilon`,
 * `lambda0`, `mu0`, `rho`, `muMax`, `smoothMu`, `mirrorStepSize`) come from MethodSettings (methods/types.ts).
 */
export interface TrainerConfig extends MethodSettings {
  problem: 'multimnist';
  network: NetworkKind;
  /** Preference k = (k_0 sparsity, k_1..k_m tasks), on the simplex. */
  preference: number[];
  seed: number;
  batchSize: number;
  optimizer: OptimizerKind;
  learningRate: number;
  /** Learning rate multiplier per outer iteration (γ). */
  lrDecay: number;
  /** Outer AL iterations of the sparse search phase, of retraining, and of a plain run (k_0 = 0). */
  searchIterations: number;
  retrainIterations: number;
  plainIterations: number;
  /** Epochs of the inner optimiser per outer iteration (E). */
  innerEpochs: number;
  /** Epochs per outer iteration while retraining with tied rows (the reference run shortens it to 1). */
  retrainInnerEpochs: number;
  owl: { kind: OwlKind; beta1: number; beta2: number };
  /** PHR prox step multiplier s_prox in η = s_prox · lr · w_0 (SPEC §3). */
  proxScale: number;
  maxLayerSparsity: number;
  /** Minimum sparsity rate (percent) for a search-phase model to be kept as the best. */
  minSparsity: number;
  /** Affinity Propagation preference for clustering rows. */
  apPreference: number;
  /** Use only the first N training images (null = all). */
  trainSubset: number | null;
  valSubset: number | null;
  testSubset: number | null;
  /** Evaluation batch size (forward only). */
  evalBatchSize: number;
}

/** Paper defaults for MultiMNIST; the variant decides the AL's multiplier defaults. */
export function defaultConfig(variant: AlVariant = 'phr'): TrainerConfig {
  const tasks = 2;
  return {
    problem: 'multimnist',
    network: 'mdmtn',
    ...METHOD_DEFAULTS,
    variant,
    preference: [0.001, 0.2, 0.799],
    referencePoint: new Array(tasks + 1).fill(0),
    epsilon: 1e-4,
    seed: 1,
    batchSize: 256,
    optimizer: 'adam',
    learningRate: 0.0025,
    lrDecay: 0.5,
    searchIterations: 3,
    retrainIterations: 10,
    plainIterations: 12,
    innerEpochs: 3,
    retrainInnerEpochs: 3,
    lambda0: new Array(tasks + 1).fill(1 / (tasks + 1)),
    mu0: variant === 'phr' ? 1 : 2.5e-8,
    rho: 2,
    muMax: variant === 'phr' ? 1e4 : Number.POSITIVE_INFINITY,
    owl: { kind: 'spike', beta1: 0.8, beta2: 0.2 },
    // Measured on full MultiMNIST, MDMTN, k = (0.001, 0.2, 0.799), 3×3 search epochs: s_prox = 200 leaves the
    // model dense (Adam's normalised steps regrow every shrunk row), 2e4 gives ≈ 15–20 % zero rows, 1e5 hits
    // the layer cap within one epoch and costs accuracy. With 2e4, k_0 = 0.01 (w_0 ten times larger) already
    // reaches the cap, so k_0 spans the sparsity axis.
    proxScale: 2e4,
    maxLayerSparsity: 0.8,
    minSparsity: 20,
    apPreference: 0.7,
    trainSubset: null,
    valSubset: null,
    testSubset: null,
    evalBatchSize: 1000,
  };
}

/** Checks a config; returns a list of human-readable problems (empty when valid). */
export function configProblems(config: TrainerConfig): string[] {
  const problems: string[] = [];
  const k = config.preference;
  if (k.length !== 3) problems.push(`preference must have 3 entries (sparsity, task 1, task 2), got ${k.length}`);
  if (k.some((v) => !Number.isFinite(v) || v < 0)) problems.push('preference entries must be finite and ≥ 0');
  const sum = k.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) problems.push(`preference must sum to 1, sums to ${sum}`);
  problems.push(...methodSettingsProblems(config, k.length));
  const positive: [string, number][] = [
    ['batchSize', config.batchSize],
    ['learningRate', config.learningRate],
    ['lrDecay', config.lrDecay],
    ['innerEpochs', config.innerEpochs],
    ['retrainInnerEpochs', config.retrainInnerEpochs],
    ['evalBatchSize', config.evalBatchSize],
  ];
  for (const [name, value] of positive) if (!(value > 0) || !Number.isFinite(value)) problems.push(`${name} must be a positive number`);
  const counts: [string, number][] = [
    ['searchIterations', config.searchIterations],
    ['retrainIterations', config.retrainIterations],
    ['plainIterations', config.plainIterations],
    ['innerEpochs', config.innerEpochs],
    ['batchSize', config.batchSize],
  ];
  for (const [name, value] of counts) if (!Number.isInteger(value) || value < 0) problems.push(`${name} must be a whole number ≥ 0`);
  if (!(config.maxLayerSparsity >= 0 && config.maxLayerSparsity <= 1)) problems.push('maxLayerSparsity must be in [0, 1]');
  if (!(config.proxScale >= 0)) problems.push('proxScale must be ≥ 0');
  for (const [name, value] of [
    ['trainSubset', config.trainSubset],
    ['valSubset', config.valSubset],
    ['testSubset', config.testSubset],
  ] as const) {
    if (value !== null && (!Number.isInteger(value) || value < 1)) problems.push(`${name} must be a whole number ≥ 1`);
  }
  return problems;
}
