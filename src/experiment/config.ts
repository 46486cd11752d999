/**
 * A network run's config — the choices (problem, network, method, budget, recipe), the preference and every
 * parameter, each field required — built from the registry: the defaults for the problem, network and method,
 * then the budget's and the recipe's presets, then the user's values. Its checks are the registry's ranges plus
 * the few rules between fields. A run is fully reproducible from its config (seeded). Pure.
 */
import {
  BUDGET_NAMES,
  DATA_PROBLEM_NAMES,
  DEFAULT_PROBLEM,
  METHOD_NAMES,
  methodNameOfKey,
  NETWORK_NAMES,
  RECIPE_NAMES,
  type AlVariant,
  type BudgetName,
  type MethodKey,
  type MethodName,
  type NetworkKind,
  type ProblemName,
  type SparseRecipe,
} from './choices';
import { METHOD_PARAMETERS, type MethodConfig } from './methodParameters';
import { plural } from './plural';
import { roundPreference } from './preference';
import { sumsToOne } from '../engine/preferenceSum';
import { defaultOf, valueProblem, type ParameterSpec, type PresetContext, type ValuesOf } from './parameter';
import { COMMON_PARAMETERS, type CommonValues } from './parameters';
import { BUDGETS, EXPLORER_RECIPE, RECIPES, SPLIT_IMAGES, SUBSET_SPLITS } from './presets';

export type { MethodConfig, MethodConfigOf } from './methodParameters';

/** Every parameter of a network run, common and per method, in the order of the controls, the CLI and links. */
type MethodTables = typeof METHOD_PARAMETERS;
/** Every declaration: the common ones, then each method's, in the methods' order. */
export type AnyParameter = (typeof COMMON_PARAMETERS)[number] | MethodTables[MethodName][number];
export const ALL_PARAMETERS: readonly AnyParameter[] = [...COMMON_PARAMETERS, ...METHOD_NAMES.flatMap((m) => METHOD_PARAMETERS[m] as readonly AnyParameter[])];
export type ParameterValues = ValuesOf<readonly AnyParameter[]>;
export type ParameterKey = keyof ParameterValues;
export type ParameterOverrides = Partial<ParameterValues>;

export const PARAMETER_BY_KEY: ReadonlyMap<string, ParameterSpec> = new Map(ALL_PARAMETERS.map((p) => [p.key, p]));
/** The method a parameter belongs to (absent: every method's). */
const OWNER: ReadonlyMap<string, MethodName> = new Map(
  METHOD_NAMES.flatMap((m) => (METHOD_PARAMETERS[m] as readonly ParameterSpec[]).map((p) => [p.key, m] as const)),
);
export const ownerOf = (key: string): MethodName | undefined => OWNER.get(key);
/** Whether a parameter applies to runs of `method`: its own, or a common one the method reads. */
export const appliesTo = (key: string, method: MethodName): boolean => (OWNER.get(key) ?? method) === method && !PARAMETER_BY_KEY.get(key)?.notFor?.includes(method);
/** Whether a parameter applies to an experiment's runs: its method's, or those of a method its sweep compares. */
export const appliesToExperiment = (key: string, e: { method: MethodName; methods: readonly MethodKey[] }): boolean =>
  appliesTo(key, e.method) || e.methods.some((k) => appliesTo(key, methodNameOfKey(k)));

/** The choices that select presets. `variant` is Chebyshev-AL's, and a choice because μ's defaults follow it. */
export interface ExperimentChoices {
  problem: ProblemName;
  network: NetworkKind;
  method: MethodName;
  variant: AlVariant;
  budget: BudgetName;
  recipe: SparseRecipe;
}

/** The paper protocol: MultiMNIST, MDMTN, Chebyshev-AL (PHR), SPEC's schedule. */
export const PAPER_CHOICES: ExperimentChoices = { problem: DEFAULT_PROBLEM, network: 'mdmtn', method: 'chebyshev-al', variant: 'phr', budget: 'paper', recipe: 'paper' };

/** What an experiment sets: the choices, and the user's values of parameters (absent: the preset's). */
export interface ExperimentSettings extends ExperimentChoices {
  overrides: ParameterOverrides;
}

/** The explorer's settings for a budget with nothing edited: Chebyshev-AL (PHR), the explorer's recipe, the budget's network. */
export function defaultSettings(budget: BudgetName = 'quick', problem: ProblemName = DEFAULT_PROBLEM): ExperimentSettings {
  return { problem, budget, network: BUDGETS[budget].network, method: 'chebyshev-al', variant: 'phr', recipe: EXPLORER_RECIPE, overrides: {} };
}
/** The paper's example preference k = (k₀ sparsity, k₁, k₂). */
export const PAPER_PREFERENCE = [0.001, 0.2, 0.799];

/** A network run's preference has a sparsity entry and one per task. */
export const NETWORK_OBJECTIVES = 3;
/** A network run's tasks: its objectives but the sparsity. */
export const NETWORK_TASKS = NETWORK_OBJECTIVES - 1;

export interface TrainerConfig extends CommonValues {
  /** Dataset and network family (the dataset of the same name in public/data). */
  problem: ProblemName;
  network: NetworkKind;
  /** Preference k = (k₀ sparsity, k₁..k_m tasks), on the simplex. */
  preference: number[];
  /** The scalarization method with its own hyper-parameters. */
  method: MethodConfig;
}

function contextOf(choices: ExperimentChoices, objectives: number, teaching = false): PresetContext {
  return { problem: choices.problem, network: choices.network, method: choices.method, variant: choices.variant, objectives, teaching };
}

/** Every parameter's value before the user's: its default, then the budget's preset, then the recipe's. */
export function presetValues(choices: ExperimentChoices, objectives = NETWORK_OBJECTIVES): ParameterValues {
  const ctx = contextOf(choices, objectives);
  const values = Object.fromEntries(ALL_PARAMETERS.map((p) => [p.key, defaultOf(p, ctx)])) as ParameterValues;
  return { ...values, variant: choices.variant, ...BUDGETS[choices.budget].values(choices.problem), ...RECIPES[choices.recipe].values };
}

export function presetValue<K extends ParameterKey>(choices: ExperimentChoices, key: K): ParameterValues[K] {
  return presetValues(choices)[key];
}

/** Only the entries that are set (an override of undefined means "the preset's"). */
export function definedOverrides(overrides: ParameterOverrides): ParameterOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as ParameterOverrides;
}

/** The method config of `method` from flat values. */
export function methodConfigOf(method: MethodName, values: Partial<ParameterValues>): MethodConfig {
  const own = (METHOD_PARAMETERS[method] as readonly ParameterSpec[]).map((p) => [p.key, values[p.key as ParameterKey]]);
  return { name: method, ...Object.fromEntries(own) } as MethodConfig;
}

/** The config of a run: the choices' presets, the user's values on top, at preference k. */
export function resolveConfig(settings: ExperimentSettings, preference: readonly number[]): TrainerConfig {
  const values: ParameterValues = { ...presetValues(settings, preference.length), ...definedOverrides(settings.overrides), variant: settings.variant };
  const common = Object.fromEntries(COMMON_PARAMETERS.map((p) => [p.key, values[p.key]])) as CommonValues;
  return { problem: settings.problem, network: settings.network, preference: [...preference], ...common, method: methodConfigOf(settings.method, values) };
}

/**
 * The settings with some choices changed. An edit means "this value instead of the preset": where the preset itself
 * changes with the choice (μ₀ with the variant; the learning rate, caps and subsets with the problem; s_prox with
 * the recipe), the edit is dropped, so the new preset shows.
 */
export function withChoices(settings: ExperimentSettings, change: Partial<ExperimentChoices>): ExperimentSettings {
  const after = { ...settings, ...change };
  const [a, b] = [presetValues(settings), presetValues(after)];
  const overrides = Object.fromEntries(Object.entries(settings.overrides).filter(([key]) => a[key as ParameterKey] === b[key as ParameterKey]));
  return { ...after, overrides };
}

/** The paper's config for some choices (default: MultiMNIST, MDMTN, Chebyshev-AL PHR, paper budget and recipe). */
export function defaultConfig(choices: Partial<ExperimentChoices> = {}, preference: readonly number[] = PAPER_PREFERENCE): TrainerConfig {
  return resolveConfig({ ...PAPER_CHOICES, ...choices, overrides: {} }, preference);
}

/**
 * A method's config with its defaults for `objectives` objectives (the teaching lab's runs: their μ₀ for the
 * reference variant is MultiMNIST's, so the lab shows what the variant does there).
 */
export function defaultMethodConfig(method: MethodName, variant: AlVariant, objectives: number): MethodConfig {
  const ctx = contextOf({ ...PAPER_CHOICES, method, variant }, objectives, true);
  const values = Object.fromEntries((METHOD_PARAMETERS[method] as readonly ParameterSpec[]).map((p) => [p.key, defaultOf(p, ctx)]));
  return methodConfigOf(method, { ...values, variant });
}

/** Every parameter of a config, flat by key (its method's only). */
export function parameterValuesOf(config: TrainerConfig): Partial<ParameterValues> {
  const { problem: _p, network: _n, preference: _k, method, ...common } = config;
  const { name: _m, ...own } = method;
  return { ...common, ...own } as Partial<ParameterValues>;
}

/** The choices a config was made with, as far as it tells (budget and recipe are presets, not recorded). */
export function choicesOf(config: TrainerConfig, rest: Pick<ExperimentChoices, 'budget' | 'recipe'> = { budget: 'paper', recipe: 'paper' }): ExperimentChoices {
  const variant = config.method.name === 'chebyshev-al' ? config.method.variant : 'phr';
  return { problem: config.problem, network: config.network, method: config.method.name, variant, ...rest };
}

/**
 * Settings that resolve to `config` again at its preference: the nearest budget and recipe, and as overrides the values
 * in which the config differs from them (a run read from a file opens the explorer as it was trained).
 */
export function settingsOfConfig(config: TrainerConfig): ExperimentSettings {
  const choices = choicesOf(config, { budget: nearestBudget(config).name, recipe: nearestRecipe(config).name });
  const preset = presetValues(choices, config.preference.length) as Record<string, unknown>;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const overrides = Object.fromEntries(Object.entries(parameterValuesOf(config)).filter(([key, value]) => key !== 'variant' && !same(value, preset[key])));
  return { ...choices, overrides: overrides as ParameterOverrides };
}

/** The settings that tell the sparse recipes apart: their schedule (a recipe's tunables, such as proxScale, may be edited). */
const RECIPE_SCHEDULE_KEYS = ['proxEvery', 'holdZeroRows', 'initialization', 'tieEvery', 'capFullK0'] as const;

/** A preset a config follows, or the nearest one and the values in which the config differs from it ("retrainIterations 3"). */
export interface NearestPreset<N extends string> {
  name: N;
  differences: string[];
}

function nearestPreset<N extends string>(config: TrainerConfig, names: readonly N[], keys: readonly (keyof CommonValues)[], presetOf: (name: N) => ParameterValues): NearestPreset<N> {
  const all = names.map((name) => {
    const preset = presetOf(name);
    return { name, differences: keys.filter((key) => preset[key] !== config[key]).map((key) => `${key} ${String(config[key])}`) };
  });
  return all.reduce((best, c) => (c.differences.length < best.differences.length ? c : best));
}

/** The recipe whose schedule a config follows (recipes are presets, not recorded), or the nearest and how it differs. */
export function nearestRecipe(config: TrainerConfig): NearestPreset<SparseRecipe> {
  return nearestPreset(config, RECIPE_NAMES, RECIPE_SCHEDULE_KEYS, (recipe) => presetValues(choicesOf(config, { budget: 'paper', recipe })));
}

/** The recipe whose schedule a config follows, or null where it follows none. */
export function recipeOfConfig(config: TrainerConfig): SparseRecipe | null {
  const nearest = nearestRecipe(config);
  return nearest.differences.length === 0 ? nearest.name : null;
}

/**
 * The budget whose values a config has (budgets are presets, not recorded), or the nearest and how it differs (say, more
 * retraining iterations). The evaluation batch size is left out: it changes no result.
 */
export function nearestBudget(config: TrainerConfig): NearestPreset<BudgetName> {
  return nearestPreset(config, BUDGET_NAMES, budgetKeys(config), (budget) => presetValues(choicesOf(config, { budget, recipe: 'paper' })));
}

/** The values the budgets set (the evaluation batch size left out: it changes no result). */
const budgetKeys = (config: TrainerConfig): (keyof CommonValues)[] =>
  [...new Set(BUDGET_NAMES.flatMap((budget) => Object.keys(BUDGETS[budget].values(config.problem)) as (keyof CommonValues)[]))].filter((key) => key !== 'evalBatchSize');

/** What no setting names: runs of one front may differ in their seed; the evaluation batch size changes no result. */
const NOT_A_SETTING: ReadonlySet<string> = new Set(['seed', 'evalBatchSize', 'variant']);

/**
 * The values in which a config differs from its method's presets beyond what its nearest recipe and budget name (their
 * own differences): edited hyper-parameters, such as "learningRate 0.01", by key. Runs that differ in them are points
 * of different fronts (an ablation), not of one.
 */
export function editedValues(config: TrainerConfig): string[] {
  const named = new Set<string>([...RECIPE_SCHEDULE_KEYS, ...budgetKeys(config)]);
  return Object.entries(settingsOfConfig(config).overrides)
    .filter(([key]) => !named.has(key) && !NOT_A_SETTING.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(',') : String(value)}`);
}

/** The budget whose values a config has, or null where a value differs from every budget's. */
export function budgetOfConfig(config: TrainerConfig): BudgetName | null {
  const nearest = nearestBudget(config);
  return nearest.differences.length === 0 ? nearest.name : null;
}

/** The rule between held zero rows and the prox's schedule, as configProblems says it (the CLI adds how to turn it off). */
export const HOLD_NEEDS_EPOCH = "holdZeroRows needs proxEvery 'epoch'";

/** What is wrong with a preference over `m` objectives (empty when valid). */
export function preferenceProblems(k: readonly number[], m: number, what = '(sparsity, task 1, task 2)'): string[] {
  const problems: string[] = [];
  if (k.length !== m) problems.push(`preference must have ${plural(m, 'entry', 'entries')} ${what}, got ${k.length}`);
  const bad = k.flatMap((v, i) => (Number.isFinite(v) && v >= 0 ? [] : [`${v} (entry ${i + 1})`]));
  if (bad.length > 0) problems.push(`preference entries must be finite and ≥ 0, got ${bad.join(', ')}`);
  const sum = k.reduce((a, b) => a + b, 0);
  // The sum as typed (0.5 + 0.6 + 0.1 is 1.2, not 1.2000000000000002); entries rounded as typed (thirds as 0.3333) get
  // the nearest vector that sums to 1.
  if (!sumsToOne(k)) {
    const rounded = problems.length === 0 && Math.abs(sum - 1) <= 0.01 ? ` (rounded entries? ${roundPreference(k, 4).join(', ')} sums to 1)` : '';
    problems.push(`preference must sum to 1, sums to ${Number(sum.toPrecision(12))}${rounded}`);
  }
  return problems;
}

/** A problem of a config and the field it is about (`[]`: a rule between fields). */
export interface ConfigIssue {
  path: readonly string[];
  message: string;
}

function tableIssues(specs: readonly ParameterSpec[], values: Record<string, unknown>, objectives: number, at: readonly string[] = []): ConfigIssue[] {
  return specs.flatMap((spec) => {
    const problem = valueProblem(spec, values[spec.key], objectives);
    return problem ? [{ path: [...at, spec.key], message: `${spec.key} ${problem}` }] : [];
  });
}

function methodConfigIssues(method: MethodConfig, objectives: number): ConfigIssue[] {
  if (!(METHOD_NAMES as readonly string[]).includes(method?.name)) return [{ path: ['method', 'name'], message: `method must be one of ${METHOD_NAMES.join(', ')}` }];
  return tableIssues(METHOD_PARAMETERS[method.name], method as unknown as Record<string, unknown>, objectives, ['method']);
}

/** A method config's problems for `objectives` objectives (the teaching trainer checks its configs with this too). */
export function methodConfigProblems(method: MethodConfig, objectives: number): string[] {
  return methodConfigIssues(method, objectives).map((i) => i.message);
}

/**
 * Checks a config: every parameter in its range, the choices known, the preference on the simplex, and the rules
 * between fields — among them that the run's phases have iterations to run (a phase of 0 would never end).
 * Returns human-readable problems (empty when valid).
 */
export function configProblems(config: TrainerConfig): string[] {
  return configIssues(config).map((i) => i.message);
}

/** `configProblems` with the field each is about, so that a schema reports a field's problem once. */
export function configIssues(config: TrainerConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!DATA_PROBLEM_NAMES.includes(config.problem)) issues.push({ path: ['problem'], message: `problem must be one of ${DATA_PROBLEM_NAMES.join(', ')}` });
  if (!NETWORK_NAMES.includes(config.network)) issues.push({ path: ['network'], message: `network must be one of ${NETWORK_NAMES.join(', ')}` });
  const k = config.preference;
  issues.push(...preferenceProblems(k, NETWORK_OBJECTIVES).map((message) => ({ path: ['preference'], message })));
  // A setting the method does not read (hidden from its controls) does not stop its run.
  // (A config without a method, an old one not migrated, is checked whole: methodConfigIssues names what is missing.)
  const method = (config.method as TrainerConfig['method'] | undefined)?.name;
  const reads = (key: string) => method === undefined || appliesTo(key, method);
  issues.push(...tableIssues(COMMON_PARAMETERS.filter((p) => reads(p.key)), config as unknown as Record<string, unknown>, k.length));
  issues.push(...methodConfigIssues(config.method, k.length));
  if (reads('holdZeroRows') && config.holdZeroRows && config.proxEvery !== 'epoch') issues.push({ path: ['holdZeroRows'], message: HOLD_NEEDS_EPOCH });
  // A subset beyond its split would quietly train on the whole split while the config says otherwise.
  const splits = SPLIT_IMAGES[config.problem];
  const splitNames = { train: 'training', val: 'validation', test: 'test' } as const;
  for (const [key, split] of SUBSET_SPLITS) {
    const what = splitNames[split];
    const n = config[key];
    if (splits && typeof n === 'number' && n > splits[split])
      issues.push({ path: [key], message: `${key} ${n} is more than the ${splits[split].toLocaleString('en-US')} ${what} images of ${config.problem}` });
  }
  const sparse = (k[0] ?? 0) > 0;
  // The phases' rules are the per-preference trainer's (a Pareto set model trains a schedule of its own).
  const phased = reads('plainIterations');
  if (phased && sparse && config.searchIterations === 0) issues.push({ path: ['searchIterations'], message: 'searchIterations must be at least 1 for a sparse run (k₀ > 0)' });
  if (phased && !sparse && config.plainIterations === 0) issues.push({ path: ['plainIterations'], message: 'plainIterations must be at least 1 for a run without sparsity (k₀ = 0)' });
  return issues;
}

/**
 * `configProblems` with each parameter named by `name` (its label in the app) instead of its key: a problem about one
 * parameter starts with its key.
 */
export function namedConfigProblems(config: TrainerConfig, name: (spec: ParameterSpec) => string): string[] {
  return configIssues(config).map(({ path, message }) => {
    const key = path.at(-1);
    const spec = key === undefined ? undefined : PARAMETER_BY_KEY.get(key);
    return spec && key !== undefined && message.startsWith(`${key} `) ? `${name(spec)} ${message.slice(key.length + 1)}` : message;
  });
}
