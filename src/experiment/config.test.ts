import { describe, expect, it } from 'vitest';
import { ALL_PARAMETERS, budgetOfConfig, configProblems, namedConfigProblems, type AnyParameter, defaultConfig, defaultSettings, ownerOf, parameterValuesOf, recipeOfConfig, resolveConfig, settingsOfConfig, type ParameterValues, type TrainerConfig } from './config';
import { BUDGET_NAMES, DATA_PROBLEM_NAMES, RECIPE_NAMES } from './choices';
import { migrateConfig, parseConfig } from './configSchema';
import type { MethodConfig } from './methodParameters';
import { clampToRange, type UnsharedKey } from './parameter';
import { SPLIT_IMAGES } from './presets';
import { MULTIMNIST } from '../engine/data/multimnist';
import { CIFAR10MNIST } from '../engine/data/cifar10mnist';

// The config's types are derived from the declarations: these lines stop compiling when a derivation breaks.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const derivedTypes: [
  Equal<TrainerConfig['trainSubset'], number | null>,
  Equal<TrainerConfig['proxEvery'], 'step' | 'epoch'>,
  Equal<TrainerConfig['seed'], number>,
  Equal<ParameterValues['holdZeroRows'], boolean>,
  Equal<TrainerConfig['referencePoint'], number[]>,
  Equal<Extract<MethodConfig, { name: 'chebyshev-al' }>['variant'], 'phr' | 'reference'>,
  Equal<keyof Extract<MethodConfig, { name: 'linear' }>, 'name'>,
  Equal<UnsharedKey<readonly AnyParameter[]>, 'evalBatchSize' | 'owl' | 'owlBeta1' | 'owlBeta2' | 'epsilon' | 'referencePoint' | 'muMax' | 'lambda0'>,
] = [true, true, true, true, true, true, true, true];
void derivedTypes;

describe('the registry', () => {
  it('declares every key once, and every CLI flag once', () => {
    const keys = ALL_PARAMETERS.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    // Former names (still read) included: no flag has two meanings.
    const flags = ALL_PARAMETERS.flatMap((p) => [...('cli' in p && p.cli ? [p.cli] : []), ...('formerCli' in p && p.formerCli ? [p.formerCli] : [])]);
    expect(new Set(flags).size).toBe(flags.length);
  });

  it("gives a config only its method's own parameters", () => {
    expect(defaultConfig({ method: 'linear' }).method).toEqual({ name: 'linear' });
    expect(defaultConfig({ method: 'smooth-tchebycheff' }).method).toEqual({ name: 'smooth-tchebycheff', smoothMu: 0.01 });
    expect(defaultConfig().method).toEqual({ name: 'chebyshev-al', variant: 'phr', mu0: 1, rho: 2, muMax: 1e4, lambda0: [1 / 3, 1 / 3, 1 / 3] });
    expect(defaultConfig({ variant: 'reference' }).method).toMatchObject({ variant: 'reference', mu0: 2.5e-8, muMax: Number.POSITIVE_INFINITY });
    expect(ownerOf('smoothMu')).toBe('smooth-tchebycheff');
    expect(ownerOf('seed')).toBeUndefined();
    // An override of another method's parameter does not reach the config.
    const config = resolveConfig({ ...defaultSettings('tiny'), method: 'linear', overrides: { smoothMu: 0.5 } }, [0.2, 0.4, 0.4]);
    expect(config.method).toEqual({ name: 'linear' });
    expect(parameterValuesOf(config)).not.toHaveProperty('smoothMu');
  });

  it('refuses a config a run could not finish: a phase of zero iterations', () => {
    expect(configProblems({ ...defaultConfig(), searchIterations: 0 })).toEqual(['searchIterations must be at least 1 for a sparse run (k₀ > 0)']);
    expect(configProblems({ ...defaultConfig({}, [0, 0.5, 0.5]), plainIterations: 0 })).toEqual(['plainIterations must be at least 1 for a run without sparsity (k₀ = 0)']);
    // The phase that does not run may have none.
    expect(configProblems({ ...defaultConfig({}, [0, 0.5, 0.5]), searchIterations: 0 })).toEqual([]);
    expect(configProblems({ ...defaultConfig(), retrainIterations: 0 })).toEqual([]);
    // A Pareto set model trains a schedule of its own: the settings it does not read (hidden for it) stop nothing.
    const psl = resolveConfig({ ...defaultSettings('tiny'), method: 'psl' }, [0, 0.5, 0.5]);
    expect(configProblems({ ...psl, plainIterations: 0, proxScale: -1, holdZeroRows: true, proxEvery: 'step' })).toEqual([]);
    expect(configProblems({ ...psl, learningRate: -1 })).toEqual(['learningRate must be a number greater than 0 and at most 10']);
  });

  it('refuses a subset larger than its split (the run would train on the whole split while its config said otherwise)', () => {
    expect(configProblems({ ...defaultConfig(), trainSubset: 50_000, valSubset: 10_000, testSubset: 10_000 })).toEqual([]);
    expect(configProblems({ ...defaultConfig(), trainSubset: 50_001, testSubset: 99_999 })).toEqual([
      'trainSubset 50001 is more than the 50,000 training images of multimnist',
      'testSubset 99999 is more than the 10,000 test images of multimnist',
    ]);
    expect(configProblems({ ...defaultConfig(), problem: 'cifar10mnist', trainSubset: 45_000 })).toEqual(['trainSubset 45000 is more than the 40,000 training images of cifar10mnist']);
    // Saved before the rule, such a config trained on the whole split: it is read as that, not refused (no run lost).
    expect(parseConfig({ ...defaultConfig(), trainSubset: 60_000, valSubset: 500 })).toMatchObject({ ok: true, config: { trainSubset: null, valSubset: 500 } });
    // The splits the data builders make (engine/data) are the ones declared.
    for (const [problem, spec] of [['multimnist', { trainCount: MULTIMNIST.trainCount, valCount: MULTIMNIST.valCount, testCount: 10_000 }], ['cifar10mnist', CIFAR10MNIST]] as const)
      expect(SPLIT_IMAGES[problem]).toEqual({ train: spec.trainCount, val: spec.valCount, test: spec.testCount });
  });

  it('names each parameter of a problem as the caller asks (the app: by its label), the rules between fields too', () => {
    const label = (p: { label: string }) => p.label;
    expect(namedConfigProblems({ ...defaultConfig(), searchIterations: 0, learningRate: -1 }, label)).toEqual([
      'Learning rate must be a number greater than 0 and at most 10',
      'Search outer iterations must be at least 1 for a sparse run (k₀ > 0)',
    ]);
    expect(namedConfigProblems({ ...defaultConfig(), holdZeroRows: true, proxEvery: 'step' }, label)).toEqual(["Hold zero rows needs proxEvery 'epoch'"]);
    expect(namedConfigProblems({ ...defaultConfig(), method: { ...defaultConfig().method, mu0: -3 } } as TrainerConfig, (p) => `--${p.cli}`)).toEqual([
      '--mu0 must be a number greater than 0 and at most 1000000',
    ]);
  });

  it('names each bad field with its range', () => {
    const bad = { ...defaultConfig(), batchSize: 0, learningRate: Number.NaN, proxEvery: 'sometimes', holdZeroRows: true, method: { name: 'linear' } } as unknown as TrainerConfig;
    expect(configProblems(bad)).toEqual([
      'batchSize must be a whole number from 1 to 4096',
      'learningRate must be a number greater than 0 and at most 10',
      'proxEvery must be one of step, epoch',
      "holdZeroRows needs proxEvery 'epoch'",
    ]);
    expect(configProblems({ ...defaultConfig(), method: { name: 'chebyshev-al', variant: 'phr', mu0: -1, rho: 2, muMax: 1e4, lambda0: [1, 0] } })).toEqual([
      'mu0 must be a number greater than 0 and at most 1000000',
      'lambda0 must be 3 finite numbers (one per objective)',
    ]);
  });
});

describe('clampToRange', () => {
  it('says what it changed, and changes nothing in range', () => {
    const spec = { label: 'Dimension n', integer: true, min: 2, max: 50 };
    expect(clampToRange(spec, 60)).toEqual({ value: 50, note: 'Dimension n is a whole number from 2 to 50: 50 is used' });
    expect(clampToRange(spec, 2.4)).toEqual({ value: 2, note: 'Dimension n is a whole number from 2 to 50: 2 is used' });
    expect(clampToRange(spec, 7)).toEqual({ value: 7, note: null });
  });
});

describe('migrateConfig', () => {
  it("leaves today's configs as they are and refuses unknown fields", () => {
    const config = defaultConfig({ recipe: 'held', method: 'chebyshev-md' });
    expect(migrateConfig(config)).toBe(config);
    expect(parseConfig(config)).toEqual({ ok: true, config });
    const typo = parseConfig({ ...config, learningRat: 0.1 });
    expect(typo.ok).toBe(false);
  });

  it('reports each bad field once, and the rules between fields beside it', () => {
    const bad = parseConfig({ ...defaultConfig(), learningRate: -1, holdZeroRows: true, proxEvery: 'step', method: { ...defaultConfig().method, mu0: -3 } });
    expect(bad.ok === false && bad.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['method.mu0', 'must be a number greater than 0 and at most 1000000'],
      ['learningRate', 'must be a number greater than 0 and at most 10'],
      ['', "holdZeroRows needs proxEvery 'epoch'"],
    ]);
  });

  it('gives a stored config of today\'s shape the parameters added since, as their absence meant', () => {
    const { holdZeroRows: _h, penalty: _p, ...older } = defaultConfig({ method: 'smooth-tchebycheff' });
    const { smoothMu: _s, ...method } = older.method as { name: 'smooth-tchebycheff'; smoothMu: number };
    const parsed = parseConfig({ ...older, method });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config).toMatchObject({ holdZeroRows: false, penalty: 'raw', method: { name: 'smooth-tchebycheff', smoothMu: 0.01 } });
    // A parameter without a declared meaning of its absence stays required.
    const { seed: _seed, ...noSeed } = defaultConfig();
    expect(parseConfig(noSeed).ok).toBe(false);
  });

  it('turns a v1 config into the config it meant', () => {
    const v1 = { ...defaultConfig(), method: 'smooth-tchebycheff', variant: 'phr', smoothMu: 0.05, mirrorStepSize: 1, mu0: 1, rho: 2, muMax: 1e4, lambda0: [1 / 3, 1 / 3, 1 / 3], normalizePenalty: true, owl: { kind: 'linear', beta1: 0.5, beta2: 0.1 } };
    for (const key of ['owlBeta1', 'owlBeta2', 'penalty'] as const) delete (v1 as Record<string, unknown>)[key];
    const parsed = parseConfig(v1);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config).toMatchObject({ method: { name: 'smooth-tchebycheff', smoothMu: 0.05 }, penalty: 'relative', owl: 'linear', owlBeta1: 0.5, owlBeta2: 0.1 });
  });
});

describe('budgetOfConfig', () => {
  it('tells each budget from its values, on every problem, network and recipe; an edited budget is none', () => {
    for (const budget of BUDGET_NAMES)
      for (const problem of DATA_PROBLEM_NAMES)
        for (const network of ['hps', 'mdmtn'] as const)
          for (const recipe of RECIPE_NAMES) {
            const config = resolveConfig({ ...defaultSettings(budget, problem), network, recipe, overrides: { proxScale: 123, seed: 9 } }, [0.2, 0.4, 0.4]);
            expect(budgetOfConfig(config), `${budget}, ${problem}, ${network}, ${recipe}`).toBe(budget);
          }
    const quick = resolveConfig(defaultSettings('quick'), [0.2, 0.4, 0.4]);
    expect(budgetOfConfig({ ...quick, retrainIterations: 3 })).toBeNull();
    expect(budgetOfConfig({ ...quick, trainSubset: 1024 })).toBeNull();
  });
});

describe('recipeOfConfig', () => {
  it('tells each recipe from its schedule, on every budget and network; an edited schedule follows none', () => {
    for (const recipe of RECIPE_NAMES)
      for (const budget of ['paper', 'quick', 'tiny'] as const)
        for (const network of ['hps', 'mdmtn'] as const) {
          const config = resolveConfig({ ...defaultSettings(budget), network, recipe, overrides: { proxScale: 123 } }, [0.2, 0.4, 0.4]);
          expect(recipeOfConfig(config), `${recipe}, ${budget}, ${network}`).toBe(recipe);
        }
    const held = resolveConfig({ ...defaultSettings('tiny'), recipe: 'held' }, [0.2, 0.4, 0.4]);
    expect(recipeOfConfig({ ...held, tieEvery: 'epoch' })).toBeNull();
  });
});

describe('settingsOfConfig', () => {
  it('gives back settings that resolve to the same config: presets where they fit, the rest as overrides', () => {
    const edited = resolveConfig({ ...defaultSettings('tiny'), method: 'smooth-tchebycheff', recipe: 'held', overrides: { seed: 7, learningRate: 0.003 } }, [0.1, 0.3, 0.6]);
    const settings = settingsOfConfig(edited);
    expect(settings).toMatchObject({ budget: 'tiny', recipe: 'held', method: 'smooth-tchebycheff', overrides: { seed: 7, learningRate: 0.003 } });
    expect(Object.keys(settings.overrides).sort()).toEqual(['learningRate', 'seed']);
    expect(resolveConfig(settings, edited.preference)).toEqual(edited);
    const paper = defaultConfig();
    expect(resolveConfig(settingsOfConfig(paper), paper.preference)).toEqual(paper);
  });
});
