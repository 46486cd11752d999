/**
 * Training budgets and the experiment settings the controls edit. A budget is a preset over the paper's
 * defaults (engine/config.ts); the user's edits are kept as overrides on top of it, so switching budget shows
 * that budget's values again. Pure.
 */
import { defaultConfig, type TrainerConfig } from '../../engine/config';
import type { AlVariant } from '../../engine/chebyshev';
import type { NetworkKind } from '../../engine/models';
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
  budget: BudgetName;
  network: NetworkKind;
  /** The scalarization method (engine/methods); its hyper-parameters are among the overrides. */
  method: MethodName;
  variant: AlVariant;
  overrides: Overrides;
}

export const BUDGET_LABELS: Record<BudgetName, string> = {
  tiny: 'tiny (smoke test: 128 images)',
  quick: 'quick (HPS, 8,192 images, 2+2 epochs)',
  paper: 'paper protocol (50,000 images, 3×3 + 10×3 epochs)',
};

/** The budget's preset over the paper defaults of the variant. */
export function budgetPreset(budget: BudgetName, variant: AlVariant): TrainerConfig {
  const paper = defaultConfig(variant);
  switch (budget) {
    case 'paper':
      return paper;
    case 'quick':
      // A 3-point front within a couple of minutes on wasm (≈ 30–40 s a run with 1 thread): HPS (clustering its
      // 320-row layer takes < 1 s; an MDMTN monitor layer takes ~30 s), subsets, 2 search + 2 retrain epochs
      // (a plain run, k0 = 0, gets the same 4 epochs).
      return {
        ...paper,
        network: 'hps',
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
    case 'tiny':
      return {
        ...paper,
        network: 'hps',
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
}

/** The network a budget starts with. */
export function budgetNetwork(budget: BudgetName): NetworkKind {
  return budgetPreset(budget, 'phr').network;
}

export function defaultSettings(budget: BudgetName = 'quick'): ExperimentSettings {
  return { budget, network: budgetNetwork(budget), method: 'chebyshev-al', variant: 'phr', overrides: {} };
}

/** The full config of a run at preference k. */
export function resolveConfig(settings: ExperimentSettings, preference: readonly number[]): TrainerConfig {
  return {
    ...budgetPreset(settings.budget, settings.variant),
    network: settings.network,
    method: settings.method,
    ...Object.fromEntries(Object.entries(settings.overrides).filter(([, v]) => v !== undefined)),
    preference: [...preference],
  };
}
