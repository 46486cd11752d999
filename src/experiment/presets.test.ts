import { describe, expect, it } from 'vitest';
import { BUDGET_NAMES, DATA_PROBLEM_NAMES, NETWORK_NAMES, VARIANT_NAMES } from './choices';
import { configProblems, defaultConfig, defaultSettings, resolveConfig } from './config';
import { BUDGETS } from './presets';

describe('budgets per problem', () => {
  it("presets the paper's settings of the problem and network; the paper budget is exactly them", () => {
    for (const problem of DATA_PROBLEM_NAMES) {
      for (const network of NETWORK_NAMES) {
        for (const variant of VARIANT_NAMES) {
          const paper = defaultConfig({ variant, problem, network });
          expect(resolveConfig({ ...defaultSettings('paper', problem), network, variant, recipe: 'paper' }, paper.preference)).toEqual(paper);
          for (const budget of BUDGET_NAMES) {
            const preset = resolveConfig({ ...defaultSettings(budget, problem), network, variant, recipe: 'paper' }, paper.preference);
            expect(configProblems(preset), `${budget} ${problem} ${network} ${variant}`).toEqual([]);
            for (const field of ['problem', 'network', 'learningRate', 'lrDecay', 'method', 'apPreference', 'maxLayerSparsity', 'minSparsity', 'proxScale'] as const) {
              expect(preset[field], `${budget} ${problem} ${network} ${variant} ${field}`).toEqual(paper[field]);
            }
          }
        }
      }
    }
  });

  it("gives Cifar10Mnist the paper's Cifar10Mnist values (not MultiMNIST's)", () => {
    const quick = resolveConfig({ ...defaultSettings('quick', 'cifar10mnist'), variant: 'reference' }, [0.2, 0.4, 0.4]);
    expect(quick).toMatchObject({ problem: 'cifar10mnist', network: 'hps', learningRate: 1e-4, lrDecay: 0.98, apPreference: 0.8, maxLayerSparsity: 0.15, minSparsity: 5 });
    expect(quick.method).toMatchObject({ variant: 'reference', mu0: 6.8e-8 });
    const paper = resolveConfig(defaultSettings('paper', 'cifar10mnist'), [0.2, 0.4, 0.4]);
    expect(paper).toMatchObject({ network: 'mdmtn', learningRate: 1e-4, maxLayerSparsity: 0.3, minSparsity: 10, trainSubset: null });
    const mnist = resolveConfig(defaultSettings('quick'), [0.2, 0.4, 0.4]);
    expect(mnist).toMatchObject({ problem: 'multimnist', learningRate: 0.0025, lrDecay: 0.5, apPreference: 0.7, maxLayerSparsity: 0.8, minSparsity: 10 });
  });

  it('keeps the quick and tiny budgets small for every problem', () => {
    for (const problem of DATA_PROBLEM_NAMES) {
      const quick = resolveConfig(defaultSettings('quick', problem), [0.2, 0.4, 0.4]);
      expect(quick.network).toBe('hps');
      expect(quick.trainSubset! * (quick.searchIterations * quick.innerEpochs + quick.retrainIterations * quick.retrainInnerEpochs)).toBeLessThanOrEqual(4 * 8192);
      expect(quick.valSubset).toBeLessThanOrEqual(1000);
      const tiny = resolveConfig(defaultSettings('tiny', problem), [0.2, 0.4, 0.4]);
      expect([tiny.trainSubset, tiny.valSubset, tiny.testSubset]).toEqual([128, 64, 64]);
    }
  });

  it('labels the paper protocol with the size of the problem', () => {
    expect(BUDGETS.paper.label('multimnist')).toBe('paper protocol (50,000 images, 3×3 + 10×3 epochs)');
    expect(BUDGETS.paper.label('cifar10mnist')).toBe('paper protocol (40,000 images, 3×3 + 10×3 epochs)');
  });
});
