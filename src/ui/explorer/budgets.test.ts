import { describe, expect, it } from 'vitest';
import { DATA_PROBLEM_NAMES } from '../../engine/architectures';
import { configProblems, defaultConfig } from '../../engine/config';
import { budgetLabel, budgetPreset, defaultSettings, resolveConfig, type BudgetName } from './budgets';
import { initialExplorerState, setBudget, setOverride, setSetting } from './explorerState';

const BUDGETS: BudgetName[] = ['tiny', 'quick', 'paper'];

describe('budgets per problem', () => {
  it("presets the paper's settings of the problem and network; the paper budget is exactly them", () => {
    for (const problem of DATA_PROBLEM_NAMES) {
      for (const network of ['hps', 'mdmtn'] as const) {
        for (const variant of ['phr', 'reference'] as const) {
          const paper = defaultConfig(variant, problem, network);
          expect(budgetPreset('paper', variant, problem, network)).toEqual(paper);
          for (const budget of BUDGETS) {
            const preset = budgetPreset(budget, variant, problem, network);
            expect(configProblems(preset), `${budget} ${problem} ${network} ${variant}`).toEqual([]);
            for (const field of ['problem', 'network', 'learningRate', 'lrDecay', 'mu0', 'apPreference', 'maxLayerSparsity', 'minSparsity', 'proxScale'] as const) {
              expect(preset[field], `${budget} ${problem} ${network} ${variant} ${field}`).toEqual(paper[field]);
            }
          }
        }
      }
    }
  });

  it("gives Cifar10Mnist the paper's Cifar10Mnist values (not MultiMNIST's)", () => {
    const quick = resolveConfig({ ...defaultSettings('quick', 'cifar10mnist'), variant: 'reference' }, [0.2, 0.4, 0.4]);
    expect(quick).toMatchObject({ problem: 'cifar10mnist', network: 'hps', learningRate: 1e-4, lrDecay: 0.98, mu0: 6.8e-8, apPreference: 0.8, maxLayerSparsity: 0.15, minSparsity: 5 });
    const paper = resolveConfig(defaultSettings('paper', 'cifar10mnist'), [0.2, 0.4, 0.4]);
    expect(paper).toMatchObject({ network: 'mdmtn', learningRate: 1e-4, maxLayerSparsity: 0.3, minSparsity: 10, trainSubset: null });
    const mnist = resolveConfig(defaultSettings('quick'), [0.2, 0.4, 0.4]);
    expect(mnist).toMatchObject({ problem: 'multimnist', learningRate: 0.0025, lrDecay: 0.5, apPreference: 0.7, maxLayerSparsity: 0.8, minSparsity: 10 });
  });

  it('keeps the quick and tiny budgets small for every problem', () => {
    for (const problem of DATA_PROBLEM_NAMES) {
      const quick = budgetPreset('quick', 'phr', problem);
      expect(quick.network).toBe('hps');
      expect(quick.trainSubset! * (quick.searchIterations * quick.innerEpochs + quick.retrainIterations * quick.retrainInnerEpochs)).toBeLessThanOrEqual(4 * 8192);
      expect(quick.valSubset).toBeLessThanOrEqual(1000);
      const tiny = budgetPreset('tiny', 'phr', problem);
      expect([tiny.trainSubset, tiny.valSubset, tiny.testSubset]).toEqual([128, 64, 64]);
    }
  });

  it('labels the paper protocol with the size of the problem', () => {
    expect(budgetLabel('paper', 'multimnist')).toBe('paper protocol (50,000 images, 3×3 + 10×3 epochs)');
    expect(budgetLabel('paper', 'cifar10mnist')).toBe('paper protocol (40,000 images, 3×3 + 10×3 epochs)');
  });
});

describe('choosing the problem', () => {
  it('drops the edits whose preset changes with the problem and keeps the others; the budget keeps the problem', () => {
    let s = initialExplorerState('quick');
    s = setOverride(setOverride(setOverride(s, 'learningRate', 0.01), 'seed', 7), 'batchSize', 64);
    s = setSetting(s, 'problem', 'cifar10mnist');
    expect(s.settings.overrides).toEqual({ seed: 7, batchSize: 64 });
    expect(resolveConfig(s.settings, s.preference)).toMatchObject({ problem: 'cifar10mnist', learningRate: 1e-4, seed: 7, batchSize: 64 });
    s = setBudget(s, 'paper');
    expect(s.settings.problem).toBe('cifar10mnist');
    expect(resolveConfig(s.settings, s.preference)).toMatchObject({ network: 'mdmtn', maxLayerSparsity: 0.3 });
  });
});
