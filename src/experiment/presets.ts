/**
 * Presets over the parameters' defaults: training budgets (what the small budgets change, per problem) and sparse
 * recipes (named schedules), and the flat values they resolve to. The bench, the CLI and the explorer use these.
 * Why the small budgets are what they are: docs/decisions/quick-budget.md; the held recipe: docs/decisions/held-recipe.md.
 * Pure.
 */
import type { BudgetName, NetworkKind, ProblemName, SparseRecipe } from './choices';
import type { CommonValues } from './parameters';

/** What a preset may set: the shared parameters by key. */
export type PresetValues = Partial<CommonValues>;

/** The images of each split of a problem's data (SPEC §7; engine/data/multimnist.ts and cifar10mnist.ts build them). */
export const SPLIT_IMAGES: Record<ProblemName, { train: number; val: number; test: number }> = {
  multimnist: { train: 50_000, val: 10_000, test: 10_000 },
  cifar10mnist: { train: 40_000, val: 10_000, test: 10_000 },
};

/** Each subset parameter and the split it takes the first images of. */
export const SUBSET_SPLITS = [
  ['trainSubset', 'train'],
  ['valSubset', 'val'],
  ['testSubset', 'test'],
] as const;

/** The images a problem's paper protocol trains on (its whole training split). */
export const TRAIN_IMAGES: Record<ProblemName, number> = { multimnist: SPLIT_IMAGES.multimnist.train, cifar10mnist: SPLIT_IMAGES.cifar10mnist.train };

export interface BudgetSpec {
  label(problem: ProblemName): string;
  /** The network the budget starts with. */
  network: NetworkKind;
  /** What it changes of the paper's settings for a problem. */
  values(problem: ProblemName): PresetValues;
}

/** quick: a 3-point front within minutes on wasm with one thread (HPS: clustering its layers takes < 1 s). */
const QUICK: PresetValues = {
  batchSize: 128,
  searchIterations: 2,
  retrainIterations: 2,
  plainIterations: 4,
  innerEpochs: 1,
  retrainInnerEpochs: 1,
  trainSubset: 8192,
  valSubset: 1000,
  testSubset: 1000,
  evalBatchSize: 1000,
};

/** tiny: a smoke test of seconds. */
const TINY: PresetValues = {
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

export const BUDGETS: Record<BudgetName, BudgetSpec> = {
  tiny: { label: () => 'tiny (smoke test: 128 images)', network: 'hps', values: () => TINY },
  quick: { label: () => 'quick (HPS, 8,192 images, 2+2 epochs)', network: 'hps', values: () => QUICK },
  paper: { label: (problem) => `paper protocol (${TRAIN_IMAGES[problem].toLocaleString('en-US')} images, 3×3 + 10×3 epochs)`, network: 'mdmtn', values: () => ({}) },
};

export interface RecipeSpec {
  values: PresetValues;
}

/**
 * The explorer's recipe when a link names none (schema v3; a v2 link without one meant 'held', a v1 link 'paper'): the
 * schedule that keeps a quick run's accuracy and lets k₀ set its sparsity (docs/decisions/default-recipe.md).
 * `npm run train` keeps SPEC's.
 */
export const EXPLORER_RECIPE: SparseRecipe = 'graded';

/**
 * 'paper': SPEC §3–§4 as written (nothing changed). 'held': the prox once per epoch with its step size summed over
 * the epoch, the rows it zeroed held at zero through the next epoch, LSUV, s_prox 6.5e3, rows tied after every
 * retraining step — the schedule that reached the paper's sparsity at its accuracy on MultiMNIST with MDMTN
 * (docs/decisions/held-recipe.md). 'graded': held, with the layer cap graded by k₀ (full at k₀ ≥ 0.6), so that k₀
 * moves a run along the sparsity axis even where the prox would reach the cap at any k₀ (docs/decisions/default-recipe.md).
 */
const HELD: PresetValues = { proxEvery: 'epoch', holdZeroRows: true, initialization: 'lsuv', proxScale: 6.5e3, tieEvery: 'step' };

export const RECIPES: Record<SparseRecipe, RecipeSpec> = {
  paper: { values: {} },
  held: { values: HELD },
  graded: { values: { ...HELD, capFullK0: 0.6 } },
};
