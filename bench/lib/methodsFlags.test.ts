import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/experiment/cli';
import { resolveConfig } from '../../src/experiment/config';
import { EXPLORER_RECIPE } from '../../src/experiment/presets';
import { checkMethodFlags, checkModeFlags, experimentFlags, flagsText, multiMnistSettings } from './methodsFlags';

const OWN = ['problem', 'methods', 'size', 'backend', 'dimension', 'width', 'similarity', 'seed', 'optimizer', 'outer', 'steps', 'lr', 'lr-decay', 'smooth-mu', 'mirror-step', 'psl-aggregation', 'psl-preferences', 'psl-smoothing', 'multimnist', 'k0', 'budget', 'train-subset', 'data'];
const check = (given: string[], multimnist: boolean) => () => checkModeFlags(new Set(given), multimnist, OWN);

describe("bench:methods' two modes", () => {
  it('refuses a flag of the other mode rather than ignoring it', () => {
    expect(check(['penalty'], false)).toThrow(UsageError);
    expect(check(['penalty', 'budget'], false)).toThrow(/^--penalty, --budget: flags of --multimnist/);
    expect(check(['steps'], true)).toThrow(/^--steps: a flag of the teaching problems, not of --multimnist$/);
    expect(check(['method'], true)).toThrow(/--methods lists the methods/);
    expect(check(['k'], true)).toThrow(/--k0 and --size set the preferences/);
    // Both modes read these.
    expect(check(['seed', 'lr', 'methods', 'size', 'backend', 'smooth-mu'], false)).not.toThrow();
    expect(check(['seed', 'lr', 'methods', 'size', 'backend', 'penalty', 'recipe', 'budget', 'k0'], true)).not.toThrow();
  });

  it("--multimnist: the explorer's settings (quick budget, its recipe) under the experiment's flags given", () => {
    const plain = multiMnistSettings('linear', {});
    expect(plain).toMatchObject({ budget: 'quick', recipe: EXPLORER_RECIPE, method: 'linear', network: 'hps', overrides: {} });
    expect(resolveConfig(plain, [0.2, 0.4, 0.4]).penalty).toBe('relative');
    const flags = experimentFlags({ penalty: 'raw', recipe: 'paper', seed: '7', budget: 'tiny', 'epochs-search': '3', k0: '0.3' }, new Set(['penalty', 'recipe', 'seed', 'budget', 'epochs-search', 'k0']));
    // bench:methods' own --k0 is no experiment flag; a former name is read as today's.
    expect(flags).toEqual({ penalty: 'raw', recipe: 'paper', seed: '7', budget: 'tiny', 'search-iterations': '3' });
    const raw = multiMnistSettings('chebyshev-al', flags);
    expect(raw).toMatchObject({ budget: 'tiny', recipe: 'paper', method: 'chebyshev-al', variant: 'phr' });
    const config = resolveConfig(raw, [0.2, 0.4, 0.4]);
    expect(config).toMatchObject({ penalty: 'raw', seed: 7, searchIterations: 3 });
    expect(multiMnistSettings('chebyshev-al-reference', {})).toMatchObject({ method: 'chebyshev-al', variant: 'reference' });
    expect(() => multiMnistSettings('linear', { penalty: 'huge' })).toThrow(/--penalty must be one of/);
    expect(flagsText({ penalty: 'raw', 'hold-zero-rows': true })).toBe('--penalty raw, --hold-zero-rows');
  });

  it("sets a method's own parameter on that method's runs only, and refuses one for a method not run", () => {
    const flags = { 'smooth-mu': '0.05', penalty: 'raw' };
    expect(resolveConfig(multiMnistSettings('smooth-tchebycheff', flags), [0.2, 0.4, 0.4]).method).toMatchObject({ name: 'smooth-tchebycheff', smoothMu: 0.05 });
    expect(resolveConfig(multiMnistSettings('linear', flags), [0.2, 0.4, 0.4])).toMatchObject({ method: { name: 'linear' }, penalty: 'raw' });
    expect(() => checkMethodFlags(['linear', 'smooth-tchebycheff'], flags)).not.toThrow();
    expect(() => checkMethodFlags(['linear', 'chebyshev-al'], flags)).toThrow(/^--smooth-mu is a parameter of the smooth-tchebycheff method, which --methods does not run$/);
    // A common flag a Pareto set model does not read sets the other methods' runs, and a psl run is made without it.
    expect(() => checkMethodFlags(['linear', 'psl'], { penalty: 'raw' })).not.toThrow();
    expect(resolveConfig(multiMnistSettings('psl', { penalty: 'raw' }), [0.2, 0.4, 0.4]).method.name).toBe('psl');
    expect(() => checkMethodFlags(['psl'], { penalty: 'raw' })).toThrow(/^--penalty is read by no method --methods runs$/);
  });
});
