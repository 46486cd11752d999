/**
 * Training budgets and the experiment settings the controls edit. A budget is a preset over the paper's
 * defaults for the problem and network (engine/config.ts); the user's edits are kept as overrides on top of it, so switching budget shows
 * that budget's values again. Pure.
 */
import { defaultConfig, recipeSettings, type SparseRecipe, type TrainerConfig } from '../../engine/config';
import type { AlVariant } from '../../engine/chebyshev';
import type { NetworkKind, ProblemName } from '../../engine/architectures';
import type { MethodName } from '../../engine/methods/types';

export type BudgetName = 'tiny' | 'quick' | 'paper';

/** The hyper-parameters the controls expose. */
export const EDITABLE_FIELDS = [
  'seed',
  'batchSize',
  'learningRate',
  'lrDecay',
  'searchIterations',
  'retrainIterations',
  'plainIterations',
  'innerEpochs',
  'retrainInnerEpochs',
  'proxScale',
  'apPreference',
  'minSparsity',
  'maxLayerSparsity',
  'mu0',
  'rho',
  'trainSubset',
  'valSubset',
  'testSubset',
  'smoothMu',
  'mirrorStepSize',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type Overrides = Partial<Pick<TrainerConfig, EditableField>>;

export interface ExperimentSettings {
  /** The dataset and its networks (engine/architectures.ts); the presets are the paper's settings for it. */
  problem: ProblemName;
  budget: BudgetName;
  network: NetworkKind;
  /** The scalarization method (engine/methods); its hyper-parameters are among the overrides. */
  method: MethodName;
  variant: AlVariant;
  /** The sparse-training recipe (engine/config.ts): the paper's schedule, or held rows with LSUV. */
  recipe: SparseRecipe;
  overrides: Overrides;
}

/** The images a problem's paper protocol trains on (its whole training split). */
const TRAIN_IMAGES: Record<ProblemName, number> = { multimnist: 50_000, cifar10mnist: 40_000 };

export function budgetLabel(budget: BudgetName, problem: ProblemName): string {
  switch (budget) {
    case 'tiny':
      return 'tiny (smoke test: 128 images)';
    case 'quick':
      return 'quick (HPS, 8,192 images, 2+2 epochs)';
    case 'paper':
      return `paper protocol (${TRAIN_IMAGES[problem].toLocaleString('en-US')} images, 3×3 + 10×3 epochs)`;
  }
}

type Schedule = Partial<TrainerConfig>;

/**
 * What the small budgets change of the paper's settings, per problem (a new problem adds its entry here).
 * quick: a 3-point front within minutes on wasm. MultiMNIST ≈ 30–40 s a run with 1 thread; Cifar10Mnist (32×32
 * colour input, batch-normalised convs) measured 101 s a run in headless Chromium on wasm with 1 thread, 75 s in
 * Node (2 shared cores; k = (0.2, 0.4, 0.4): test accuracy 21 % / 32 %, at the paper's lr 1e-4 it has barely
 * started learning). HPS, because clustering its
 * 320- and 1,152-row layers takes < 1 s while an MDMTN monitor layer takes ~30 s (minutes on Cifar10Mnist);
 * subsets; 2 search + 2 retrain epochs (a plain run, k0 = 0, gets the same 4 epochs).
 * tiny: a smoke test of seconds.
 */
const SMALL_BUDGETS: Record<ProblemName, Record<Exclude<BudgetName, 'paper'>, Schedule>> = {
  multimnist: { quick: quickSchedule(8192, 1000, 1000), tiny: tinySchedule() },
  cifar10mnist: { quick: quickSchedule(8192, 1000, 1000), tiny: tinySchedule() },
};

function quickSchedule(train: number, val: number, test: number): Schedule {
  return {
    batchSize: 128,
    searchIterations: 2,
    retrainIterations: 2,
    plainIterations: 4,
    innerEpochs: 1,
    retrainInnerEpochs: 1,
    trainSubset: train,
    valSubset: val,
    testSubset: test,
    evalBatchSize: 1000,
  };
}

function tinySchedule(): Schedule {
  return {
    batchSize: 16,
    searchIterations: 1,
    retrainIterations: 1,
    plainIterations: 1,
    innerEpochs: 1,
    retrainInnerEpochs: 1,
    trainSubset: 128,
    valSubset: 64,
    testSubset: 64,
    evalBatchSize: 64,
  };
}

/** The network a budget starts with (the paper's MDMTN, HPS for the small budgets). */
export function budgetNetwork(budget: BudgetName): NetworkKind {
  return budget === 'paper' ? 'mdmtn' : 'hps';
}

/**
 * The budget's preset: the paper's settings for the problem, network and variant (engine/config.ts
 * `defaultConfig`), with the budget's schedule and subsets on top. The network defaults to the budget's.
 */
export function budgetPreset(budget: BudgetName, variant: AlVariant, problem: ProblemName = 'multimnist', network: NetworkKind = budgetNetwork(budget)): TrainerConfig {
  const paper = defaultConfig(variant, problem, network);
  return budget === 'paper' ? paper : { ...paper, ...SMALL_BUDGETS[problem][budget] };
}

export function defaultSettings(budget: BudgetName = 'quick', problem: ProblemName = 'multimnist'): ExperimentSettings {
  return { problem, budget, network: budgetNetwork(budget), method: 'chebyshev-al', variant: 'phr', recipe: 'paper', overrides: {} };
}

export type PresetKeys = 'budget' | 'variant' | 'problem' | 'network' | 'method' | 'recipe';

/** The settings' preset (the config before the user's overrides): the budget's, with the recipe's fields on top. */
export function settingsPreset(settings: Pick<ExperimentSettings, PresetKeys>): TrainerConfig {
  return { ...budgetPreset(settings.budget, settings.variant, settings.problem, settings.network), ...recipeSettings(settings.recipe), method: settings.method };
}

/** The full config of a run at preference k. */
export function resolveConfig(settings: ExperimentSettings, preference: readonly number[]): TrainerConfig {
  return {
    ...settingsPreset(settings),
    ...Object.fromEntries(Object.entries(settings.overrides).filter(([, v]) => v !== undefined)),
    preference: [...preference],
  };
}
