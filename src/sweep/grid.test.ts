import { describe, expect, it } from 'vitest';
import { parseConfig } from '../experiment/configSchema';
import { UsageError } from '../experiment/cli';
import { paperPreferences } from '../experiment/preferenceSets';
import { jsonReplacer } from '../ui/exchange/savedRunSchema';
import { networkTaskGrid, simplexGrid } from '../ui/compare/sweepGrid';
import { describeGrid, gridFromFlags, gridPlanText, preferenceSetCentre } from './grid';

const problemOf = (values: Record<string, string | boolean | undefined>): string => {
  try {
    gridFromFlags(values);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no problem');
};

describe('sweep grids from flags', () => {
  it('preferences × seeds × methods × recipes × networks, each config the registry’s and valid at the worker’s boundary', () => {
    const grid = gridFromFlags({ budget: 'tiny', methods: 'chebyshev-al,chebyshev-al-reference,linear', recipes: 'paper,held', nets: 'hps,mdmtn', seeds: '1-2' });
    expect(grid.runs).toHaveLength(18 * 2 * 3 * 2 * 2);
    expect(grid.preferences).toEqual(paperPreferences());
    expect(new Set(grid.runs.map((r) => JSON.stringify(r.config))).size).toBe(grid.runs.length);
    expect(grid.runs.map((r) => r.ordinal)).toEqual(grid.runs.map((_, i) => i + 1));
    for (const run of grid.runs) {
      // As a job carries it: JSON, ∞ (the reference variant's μ_max) written "Infinity".
      const parsed = parseConfig(JSON.parse(JSON.stringify(run.config, jsonReplacer)));
      expect(parsed.ok).toBe(true);
      expect(run.config).toMatchObject({ network: run.network, seed: run.seed, preference: run.preference, trainSubset: 128 });
    }
    const reference = grid.runs.find((r) => r.key === 'chebyshev-al-reference' && r.recipe === 'held');
    expect(reference?.config).toMatchObject({ method: { name: 'chebyshev-al', variant: 'reference' }, proxEvery: 'epoch', holdZeroRows: true });
    expect(grid.runs.find((r) => r.key === 'linear')?.config.method).toEqual({ name: 'linear' });
    expect(describeGrid(grid)).toMatch(/^432 runs; 18 preference vectors; seeds 1,2; methods chebyshev-al,chebyshev-al-reference,linear/);
  });

  it("names an edited budget by what differs from its preset, as the front report does", () => {
    expect(describeGrid(gridFromFlags({ budget: 'tiny' }))).toMatch(/; multimnist, tiny budget$/);
    expect(describeGrid(gridFromFlags({ budget: 'tiny', 'retrain-iterations': '3' }))).toMatch(/; multimnist, tiny budget, retrainIterations 3$/);
  });

  it('the explorer’s grids and lists of vectors', () => {
    expect(gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '5', k0: '0.2' }).preferences).toEqual(networkTaskGrid(0.2, 5));
    expect(gridFromFlags({ budget: 'tiny', preferences: 'simplex', size: '6' }).preferences).toEqual(simplexGrid(3, 6));
    expect(gridFromFlags({ budget: 'tiny', preferences: '0,0.5,0.5;0.2,0.4,0.4' }).preferences).toEqual([
      [0, 0.5, 0.5],
      [0.2, 0.4, 0.4],
    ]);
    expect(gridFromFlags({ budget: 'tiny', k: '0.2,0.4,0.4', seed: '7' }).runs.map((r) => r.config.seed)).toEqual([7]);
    expect(gridFromFlags({ budget: 'tiny', preferences: 'paper', k0: '0.01' }).preferences[0]).toEqual([0.01, 0.09, 0.9]);
  });

  it('a method’s own flag goes to that method’s runs only', () => {
    const grid = gridFromFlags({ budget: 'tiny', methods: 'linear,chebyshev-al', 'mu0': '3', k: '0.2,0.4,0.4' });
    expect(grid.runs.map((r) => r.config.method)).toEqual([{ name: 'linear' }, expect.objectContaining({ name: 'chebyshev-al', mu0: 3 })]);
  });

  it("refuses a flag no run of the grid reads: a sparse run's with every k₀ = 0, the plain schedule's with every k₀ > 0", () => {
    expect(problemOf({ budget: 'tiny', preferences: '0,0.5,0.5;0,0.3,0.7', 'search-iterations': '2' })).toBe('--search-iterations is read by no run of the sweep: every preference has k₀ = 0 (runs without sparsity)');
    expect(problemOf({ budget: 'tiny', preferences: 'paper', 'plain-iterations': '2' })).toBe('--plain-iterations is read by no run of the sweep: every preference has k₀ > 0 (sparse runs)');
    // A set of both kinds: each flag goes to the runs that read it.
    const mixed = gridFromFlags({ budget: 'tiny', preferences: '0,0.5,0.5;0.2,0.4,0.4', 'plain-iterations': '2', 'search-iterations': '2' });
    expect(mixed.runs.map((r) => [r.config.plainIterations, r.config.searchIterations])).toEqual([
      [2, 2],
      [2, 2],
    ]);
    // A Pareto set model reads the sparse schedule for its own, not the prox's parameters.
    expect(gridFromFlags({ budget: 'tiny', preferences: '0,0.5,0.5;0,0.3,0.7', methods: 'psl', 'search-iterations': '2' }).runs).toHaveLength(1);
    expect(problemOf({ budget: 'tiny', preferences: '0,0.5,0.5;0,0.3,0.7', methods: 'linear,psl', 'prox-scale': '3' })).toBe('--prox-scale is read by no run of the sweep: every preference has k₀ = 0 (runs without sparsity)');
  });

  it('reads --method and --variant as train does: a method, not a key; the variant by its parameter', () => {
    expect(gridFromFlags({ budget: 'tiny', method: 'chebyshev-al', variant: 'reference' }).methods).toEqual(['chebyshev-al-reference']);
    expect(gridFromFlags({ budget: 'tiny', method: 'linear' }).methods).toEqual(['linear']);
    expect(gridFromFlags({ budget: 'tiny' }).methods).toEqual(['chebyshev-al']);
    expect(problemOf({ budget: 'tiny', method: 'chebyshev-al-reference' })).toBe("--method takes one method, got 'chebyshev-al-reference': give --methods chebyshev-al-reference, or --method chebyshev-al --variant reference");
    expect(problemOf({ budget: 'tiny', method: 'linear,psl' })).toBe("--method takes one method, got 'linear,psl': several go with --methods linear,psl");
    expect(problemOf({ budget: 'tiny', method: 'chebyshev-al', variant: 'refrence' })).toMatch(/variant/);
    expect(problemOf({ budget: 'tiny', method: 'linear', variant: 'reference' })).toMatch(/--variant is a parameter of the chebyshev-al method, not of linear/);
  });

  it('a misspelt --preferences is named as such, not as --k', () => {
    expect(() => gridFromFlags({ budget: 'tiny', preferences: 'simplx' })).toThrow("--preferences must be paper, grid, simplex or vectors k0,k1,k2;…, got 'simplx'");
    expect(() => gridFromFlags({ budget: 'tiny', preferences: '0.2,x,0.4' })).toThrow("--preferences must be comma-separated numbers, got '0.2,x,0.4'");
    expect(() => gridFromFlags({ budget: 'tiny', k: '0.2,x,0.4' })).toThrow("--k must be comma-separated numbers, got '0.2,x,0.4'");
  });

  it('refuses what would repeat runs or read a number another way than a link: each in one line, before anything is built', () => {
    // --k is one vector, as in npm run train (a list is --preferences, with its repeat check).
    expect(() => gridFromFlags({ budget: 'tiny', k: '0.2,0.4,0.4;0.2,0.4,0.4' })).toThrow("--k must be comma-separated numbers, got '0.2,0.4,0.4;0.2,0.4,0.4'");
    // A seed repeated as a number, not as typed.
    expect(() => gridFromFlags({ budget: 'tiny', seeds: '1,1.0' })).toThrow('--seeds lists 1 and 1.0 (the same) twice');
    expect(() => gridFromFlags({ budget: 'tiny', seeds: '0x10' })).toThrow(/--seeds: --seed must be .*, got '0x10'/);
    // A range of billions is counted, not built.
    expect(() => gridFromFlags({ budget: 'tiny', seeds: '1-99999999999' })).toThrow('--seeds: the range 1-99999999999 has more than 10000 seeds');
    expect(() => gridFromFlags({ budget: 'tiny', preferences: 'paper', k0: 'abc' })).toThrow("--k0 must be a number, got 'abc'");
    expect(() => gridFromFlags({ budget: 'tiny', preferences: 'grid', k0: '0x0' })).toThrow(/--k0 must be a number in \[0, 1\) \(at least 0, less than 1\), got '0x0'/);
    expect(() => gridFromFlags({ budget: 'tiny', preferences: 'grid', k0: '0.9999', size: '5' })).toThrow('--k0 0.9999 leaves the tasks 0.0001: room for 0 distinct preferences at 4 decimals, not 5');
  });

  it('psl is one Pareto set model per seed, measured at the set’s mean preference and read at every preference of it', () => {
    const grid = gridFromFlags({ budget: 'tiny', methods: 'linear,psl', preferences: 'grid', size: '3', k0: '0.2', seeds: '1,2' });
    // 3 preferences × linear + 1 model, per seed: the model's run sits after its seed's linear runs (grid order).
    expect(grid.runs.map((r) => [r.ordinal, r.key, r.seed])).toEqual([
      [1, 'linear', 1],
      [2, 'linear', 1],
      [3, 'linear', 1],
      [4, 'linear', 2],
      [5, 'linear', 2],
      [6, 'linear', 2],
      [7, 'psl', 1],
      [8, 'psl', 2],
    ]);
    const model = grid.runs[6];
    // The grid's middle task split at k₀, as the explorer and bench:methods train theirs.
    expect(model.preference).toEqual([0.2, 0.4, 0.4]);
    expect(model.config).toMatchObject({ method: { name: 'psl' }, preference: [0.2, 0.4, 0.4], seed: 1 });
    expect(model.readAt).toEqual(networkTaskGrid(0.2, 3));
    expect(grid.runs.filter((r) => r.key !== 'psl').every((r) => r.readAt === undefined)).toBe(true);
    expect(parseConfig(JSON.parse(JSON.stringify(model.config, jsonReplacer))).ok).toBe(true);
    expect(describeGrid(grid)).toMatch(/^\(3 preferences × 1 method \+ 1 Pareto set model\) × 2 seeds = 8 runs; 3 preference vectors; seeds 1,2; methods linear,psl/);
    const one = gridFromFlags({ budget: 'tiny', methods: 'linear,mgda,psl', preferences: 'grid', size: '5' });
    expect(gridPlanText(one)).toBe('5 preferences × 2 methods + 1 Pareto set model = 11 runs');
    expect(one.runs).toHaveLength(11);
  });

  it('a Pareto set model’s preference: the set’s mean, renormalised; --method psl is --methods psl', () => {
    // The paper's 18 vectors at k₀ = 0.001: the mean's k₀ is 0.001, the tasks' split the mean of theirs.
    const paper = gridFromFlags({ budget: 'tiny', method: 'psl' });
    expect(paper.runs).toHaveLength(1);
    expect(paper.methods).toEqual(['psl']);
    expect(paper.runs[0].preference[0]).toBeCloseTo(0.001, 9);
    expect(paper.runs[0].preference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(paper.runs[0].readAt).toEqual(paperPreferences());
    expect(gridPlanText(paper)).toBe('1 Pareto set model = 1 run');
    expect(preferenceSetCentre([[0, 0.5, 0.5], [0.2, 0.6, 0.2], [0.1, 0.1, 0.8]])).toEqual([0.1, 0.4, 0.5]);
    // Entries that do not sum to 1 (the mean of rounded vectors) are renormalised, the rounding residual to the largest.
    expect(preferenceSetCentre([[1, 1, 2]])).toEqual([0.25, 0.25, 0.5]);
    expect(preferenceSetCentre([[1, 1, 1]]).reduce((a, b) => a + b, 0)).toBe(1);
    // A psl parameter goes with psl in the sweep.
    expect(gridFromFlags({ budget: 'tiny', methods: 'linear,psl', 'psl-hidden': '8', k: '0.2,0.4,0.4' }).runs[1].config.method).toMatchObject({ name: 'psl', pslHidden: 8 });
    expect(problemOf({ budget: 'tiny', methods: 'linear', 'psl-hidden': '8' })).toMatch(/--psl-hidden is a parameter of the psl method, which the sweep does not run/);
  });

  it('a bad grid is refused with the registry’s messages, every problem once', () => {
    expect(problemOf({ methods: 'linear,bogus' })).toMatch(/--methods must be one of linear, chebyshev-al, .*got 'bogus'/);
    expect(problemOf({ seeds: '1,x' })).toMatch(/--seeds: --seed must be a whole number from 0 to 4294967295, got 'x'/);
    expect(problemOf({ seeds: '1,1' })).toMatch(/--seeds lists 1 twice/);
    expect(problemOf({ recipes: 'paper,fast' })).toMatch(/--recipes must be one of paper, held, graded, got 'fast'/);
    expect(problemOf({ nets: 'hps,resnet' })).toMatch(/--nets must be one of hps, mdmtn, got 'resnet'/);
    expect(problemOf({ budget: 'huge' })).toMatch(/--budget must be one of tiny, quick, paper/);
    expect(problemOf({ lr: '-1' })).toMatch(/--lr must be/);
    expect(problemOf({ methods: 'linear', 'mirror-step': '0.1' })).toMatch(/--mirror-step is a parameter of the chebyshev-md method, which the sweep does not run/);
    expect(problemOf({ preferences: 'paper', k0: '0.2' })).toMatch(/--k0: k₀ must be a number greater than 0 and less than 0.1/);
    // A vector of --preferences is named by its values, as the flag given (not --k); a repeated one is refused.
    expect(problemOf({ preferences: '0.5,0.5,0.5;0.2,0.4,0.4' })).toBe('--preferences: k = (0.5, 0.5, 0.5) must sum to 1, sums to 1.5');
    expect(problemOf({ preferences: '0.2,0.4,0.4;0.2,0.4,0.4' })).toBe('--preferences: k = (0.2, 0.4, 0.4) is listed twice');
    const message = problemOf({ budget: 'tiny', 'search-iterations': '0' });
    expect(message).toMatch(/nothing was submitted/);
    expect(message).toMatch(/--search-iterations must be at least 1 for a sparse run \(k₀ > 0\) \(every run, e.g./);
    expect(message.match(/--search-iterations/g)).toHaveLength(1);
    expect(problemOf({ seeds: '0-20000' })).toMatch(/more than 10000/);
  });
});
