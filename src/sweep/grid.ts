/**
 * A sweep's grid from the command line: preference vectors × seeds × methods × sparse recipes × networks, every
 * other flag the experiment's (src/experiment/cli.ts). Each run's config comes from the registry exactly as
 * `npm run train` would make it from the same flags, and is checked with the registry's rules; every problem of the
 * grid is reported at once, before anything is submitted. Pure.
 *
 * Preference sets: `paper` (the paper study's 18 vectors at --k0, default 0.001: experiment/preferenceSets.ts),
 * `grid` (the explorer's network sweep: --size points over the tasks at --k0, ui/compare/sweepGrid.ts),
 * `simplex` (the explorer's interior lattice over all three objectives, at most --size points), or a list
 * `k0,k1,k2;k0,k1,k2;…`.
 *
 * Pareto set learning (psl) trains one model for every preference: a sweep with psl has one psl run per seed, recipe
 * and network, not one per preference. It is measured at the set's mean preference (preferenceSetCentre: for `grid`
 * the middle task split at --k0, as the explorer and bench:methods train theirs) and read at every preference of the
 * set once trained (its result's paretoSet.sweep), so a collected file compares it point for point.
 */
import { isMethodKey, METHOD_KEYS, METHOD_NAMES, NETWORK_NAMES, RECIPE_NAMES, type MethodKey, type NetworkKind, type SparseRecipe } from '../experiment/choices';
import { plural } from '../experiment/plural';
import { flagReadBy, inFlagWords, oneOf, parseExperimentFlags, parseFlagValue, parsePreference, UsageError } from '../experiment/cli';
import { numberOfText } from '../experiment/link/fields';
import { appliesTo, configProblems, editedValues, NETWORK_OBJECTIVES, ownerOf, PARAMETER_BY_KEY, preferenceProblems, resolveConfig, type ExperimentSettings, type TrainerConfig } from '../experiment/config';
import { LAB_PARAMETER_BY_KEY } from '../experiment/labParameters';
import { describeRange, inRange, runKindOf, type ParameterSpec } from '../experiment/parameter';
import { INITIAL_PREFERENCE } from '../experiment/link/experiment';
import { paperPreferences, paperStudyK0Problem, PAPER_STUDY_K0 } from '../experiment/preferenceSets';
import { keyOfMethod, methodOfKey } from '../ui/compare/methodKeys';
import { MAX_MODEL_POINTS } from '../ui/exchange/savedRunSchema';
import { MAX_FILE_RUNS } from '../ui/exchange/experimentFile';
import { networkTaskGrid, simplexGrid, sweepPlanText } from '../ui/compare/sweepGrid';
import { kText } from '../experiment/preference';
import { budgetText } from '../experiment/setting';
import type { LinkedExperiment } from '../experiment/link/linkFlag';

/** The flags of a set of preference vectors (a sweep's, and `npm run train`'s runs at once). */
export const PREFERENCE_SET_OPTIONS = {
  preferences: { type: 'string' },
  k0: { type: 'string' },
  size: { type: 'string' },
} as const;

/** What --preferences accepts. */
export const PREFERENCE_SET_HELP = `paper (the paper study's 18 vectors at --k0, default ${PAPER_STUDY_K0}), grid (the explorer's: --size N over the tasks at --k0, default 0.2), simplex (at most --size N over all three objectives), or k0,k1,k2;k0,k1,k2;…`;

/** The grid's own flags (node:util parseArgs options). */
export const GRID_OPTIONS = {
  ...PREFERENCE_SET_OPTIONS,
  methods: { type: 'string' },
  recipes: { type: 'string' },
  nets: { type: 'string' },
  seeds: { type: 'string' },
} as const;

/** A sweep's most runs: one collected file's most (however many parts its size takes). */
export const MAX_SWEEP_RUNS = MAX_FILE_RUNS;

export const PREFERENCE_SETS = ['paper', 'grid', 'simplex'] as const;

export interface SweepRun {
  /** 1, 2, 3, … in grid order (preference fastest, then seed, recipe, network, method). */
  ordinal: number;
  key: MethodKey;
  recipe: SparseRecipe;
  network: NetworkKind;
  seed: number;
  /** The preference it trains at; a Pareto set model's: the one its result is measured at (preferenceSetCentre). */
  preference: number[];
  config: TrainerConfig;
  /** A Pareto set model (psl): the sweep's preferences it is read at once trained. */
  readAt?: number[][];
}

export interface SweepGrid {
  /** The settings of the grid's first run: what the exported experiment file says the experiment is. */
  settings: ExperimentSettings;
  methods: MethodKey[];
  preferences: number[][];
  /** The explorer's "preferences per method" when the set is one of its grids. */
  size: number | null;
  runs: SweepRun[];
}

export type Flags = Record<string, string | boolean | undefined>;

/**
 * A comma-separated list, each entry parsed; a repeated entry is a problem (it would run the same config twice) —
 * repeated as parsed, not as typed (`1,1.0` is seed 1 twice).
 */
function list<T>(flag: string, raw: string, parse: (s: string) => T): T[] {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.some((s) => s === '')) throw new UsageError(`--${flag} must be a comma-separated list, got '${raw}'`);
  const values = parts.map(parse);
  values.forEach((value, i) => {
    const first = values.findIndex((other) => JSON.stringify(other) === JSON.stringify(value));
    if (first < i) throw new UsageError(`--${flag} lists ${parts[first] === parts[i] ? parts[i] : `${parts[first]} and ${parts[i]} (the same)`} twice`);
  });
  return values;
}

/** Seeds as a list (`1,2,5`) or a range (`1-4`), each checked against the registry's seed declaration. */
function parseSeeds(raw: string): number[] {
  const spec = PARAMETER_BY_KEY.get('seed') as ParameterSpec;
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(raw);
  // Counted before anything is built: a range of billions is refused, not allocated.
  const count = range ? Number(range[2]) - Number(range[1]) + 1 : 0;
  if (range && !(count > 0)) throw new UsageError(`--seeds: the range ${raw} is empty`);
  if (range && count > MAX_SWEEP_RUNS) throw new UsageError(`--seeds: the range ${raw} has more than ${MAX_SWEEP_RUNS} seeds`);
  const texts = range ? Array.from({ length: count }, (_, i) => String(Number(range[1]) + i)) : null;
  const check = (s: string) => {
    try {
      return parseFlagValue(spec, s) as number;
    } catch (error) {
      throw new UsageError(`--seeds: ${(error as Error).message}`);
    }
  };
  return texts ? texts.map(check) : list('seeds', raw, check);
}

function numberFlag(flag: string, raw: string, spec: Parameters<typeof inRange>[0]): number {
  const n = numberOfText(raw);
  if (raw.trim() === '' || !inRange(spec, n)) throw new UsageError(`--${flag} must be ${describeRange(spec)}, got '${raw}'`);
  return n;
}

/**
 * The preference vectors the flags ask for, and the explorer's grid size when it is one of its grids. `linked`: a
 * --link's vectors (its list, or its k where it has none), the set where neither --preferences nor --k is given.
 */
export function parsePreferenceSet(values: Flags, linked?: readonly number[][]): { preferences: number[][]; size: number | null } {
  const set = values.preferences as string | undefined;
  const k0Text = values.k0 as string | undefined;
  const sizeText = values.size as string | undefined;
  if (set !== undefined && values.k !== undefined) throw new UsageError('give --preferences or --k, not both');
  const fromLink = set === undefined && values.k === undefined ? linked : undefined;
  const named = set === undefined ? (values.k === undefined && fromLink === undefined ? 'paper' : null) : (PREFERENCE_SETS as readonly string[]).includes(set) ? set : null;
  if (k0Text !== undefined && named !== 'paper' && named !== 'grid') throw new UsageError('--k0 goes with --preferences paper or grid');
  if (sizeText !== undefined && named !== 'grid' && named !== 'simplex') throw new UsageError('--size goes with --preferences grid or simplex');
  const size = sizeText === undefined ? LAB_PARAMETER_BY_KEY.sweep.default : numberFlag('size', sizeText, LAB_PARAMETER_BY_KEY.sweep);
  if (named === 'paper') {
    const k0 = k0Text === undefined ? PAPER_STUDY_K0 : numberOfText(k0Text);
    if (k0Text !== undefined && Number.isNaN(k0)) throw new UsageError(`--k0 must be a number, got '${k0Text}'`);
    const problem = paperStudyK0Problem(k0);
    if (problem) throw new UsageError(`--k0: ${problem}`);
    return { preferences: paperPreferences(k0), size: null };
  }
  if (named === 'grid') {
    const k0 = k0Text === undefined ? INITIAL_PREFERENCE[0] : numberOfText(k0Text);
    if (!(k0 >= 0 && k0 < 1)) throw new UsageError(`--k0 must be a number in [0, 1) (at least 0, less than 1), got '${k0Text}'`);
    const preferences = networkTaskGrid(k0, size);
    if (preferences.length < size) throw new UsageError(`--k0 ${k0} leaves the tasks ${Number((1 - k0).toFixed(6))}: room for ${preferences.length} distinct preferences at 4 decimals, not ${size}`);
    return { preferences, size };
  }
  if (named === 'simplex') return { preferences: simplexGrid(3, size), size };
  // The link's codec has checked its vectors, and refused a list that names one twice.
  if (fromLink !== undefined) return { preferences: fromLink.map((k) => [...k]), size: null };
  // A list of vectors (or the single --k): their entries are checked with the config.
  if (set !== undefined && !/[\d,;]/.test(set)) throw new UsageError(`--preferences must be ${PREFERENCE_SETS.join(', ')} or vectors k0,k1,k2;…, got '${set}'`);
  // --k is one vector, as in npm run train; --preferences a list of them.
  const preferences = set === undefined ? [parsePreference(values.k as string, '--k')] : set.split(';').map((part) => parsePreference(part, '--preferences'));
  if (set !== undefined) {
    // Each vector named by its values (the config's check would call it --k, a flag not given); a repeat would train
    // the same run twice.
    const problems = preferences.flatMap((k) => preferenceProblems(k, NETWORK_OBJECTIVES).map((p) => `${kText(k)} ${p.replace(/^preference /, '')}`));
    preferences.forEach((k, i) => {
      if (preferences.findIndex((other) => other.length === k.length && other.every((v, j) => v === k[j])) < i) problems.push(`${kText(k)} is listed twice`);
    });
    if (problems.length > 0) throw new UsageError(`--preferences: ${[...new Set(problems)].join('; ')}`);
  }
  return { preferences, size: null };
}

/**
 * The preference a Pareto set model of the set is measured at: the set's mean, renormalised to sum 1 (6 decimals).
 * For the explorer's grid at k₀ that is (k₀, (1 − k₀)/2, (1 − k₀)/2), the middle task split.
 */
export function preferenceSetCentre(preferences: readonly (readonly number[])[]): number[] {
  const mean = preferences[0].map((_, i) => preferences.reduce((sum, k) => sum + k[i], 0) / preferences.length);
  const total = mean.reduce((a, b) => a + b, 0);
  const scaled = mean.map((v) => Math.round((v / total) * 1e6));
  // The rounding residual goes to the largest entry: the entries sum to 1 in decimals too.
  scaled[scaled.indexOf(Math.max(...scaled))] += 1e6 - scaled.reduce((a, b) => a + b, 0);
  return scaled.map((v) => v / 1e6);
}

/**
 * The method keys: --methods, or the one of --method and --variant (psl: a Pareto set model, as in --methods), or
 * where neither is given the link's method (`linked`).
 */
function parseMethods(values: Flags, linked: LinkedExperiment | undefined): MethodKey[] {
  const raw = values.methods as string | undefined;
  if (raw === undefined) {
    // Read as train reads them: --method a method (not a key: chebyshev-al-reference is --variant reference there), and
    // --variant by its parameter's rules. A sweep also takes keys and lists, with --methods.
    const method = values.method as string | undefined;
    if (method !== undefined && (method.includes(',') || (isMethodKey(method) && !(METHOD_NAMES as readonly string[]).includes(method)))) {
      throw new UsageError(`--method takes one method, got '${method}': ${method.includes(',') ? `several go with --methods ${method}` : `give --methods ${method}, or --method ${methodOfKey(method as MethodKey).method} --variant ${methodOfKey(method as MethodKey).variant}`}`);
    }
    const { settings } = parseExperimentFlags({ method, variant: values.variant }, linked);
    return [keyOfMethod(resolveConfig(settings, INITIAL_PREFERENCE).method)];
  }
  if (values.method !== undefined) throw new UsageError('give --methods or --method, not both');
  if (values.variant !== undefined) throw new UsageError('--variant does not go with --methods: the key chebyshev-al-reference is the reference variant');
  return list('methods', raw, (s) => oneOf('methods', s, METHOD_KEYS, 'chebyshev-al'));
}

/** A list flag, or its single flag's value, or `fallback`. */
function listOr<T extends string>(values: Flags, plural: string, single: string, allowed: readonly T[], fallback: T): T[] {
  const raw = values[plural] as string | undefined;
  if (raw !== undefined && values[single] !== undefined) throw new UsageError(`give --${plural} or --${single}, not both`);
  if (raw !== undefined) return list(plural, raw, (s) => oneOf(plural, s, allowed, fallback));
  return [oneOf(single, values[single] as string | undefined, allowed, fallback)];
}

/** The experiment flags for one method key: its method and variant, and no parameter of another method. */
function flagsForKey(values: Flags, key: MethodKey): Flags {
  const { method, variant } = methodOfKey(key);
  // A parameter another method owns, or one this method does not read (a Pareto set model's prox scale), is not its.
  const own = Object.fromEntries(Object.entries(values).filter(([flag]) => flagReadBy(flag, method)));
  return { ...own, method, variant: method === 'chebyshev-al' ? variant : undefined, methods: undefined, recipes: undefined, nets: undefined, seeds: undefined, preferences: undefined, k0: undefined, size: undefined, k: undefined };
}

const label = (run: Omit<SweepRun, 'ordinal' | 'config'>) => `${run.key}, ${run.recipe} recipe, ${run.network}, seed ${run.seed}, ${kText(run.preference)}`;

/**
 * The grid the flags describe; a UsageError lists every problem (each once, with how many runs have it). `linked`: a
 * --link's experiment, every run's base that the flags change (as npm run train's), its list of preferences the set.
 */
export function gridFromFlags(values: Flags, linked?: LinkedExperiment): SweepGrid {
  const { preferences, size } = parsePreferenceSet(values, linked && (linked.preferences.length > 0 ? linked.preferences : [linked.preference]));
  const methods = parseMethods(values, linked);
  // A parameter needs a method in the sweep that reads it (else it would silently apply to nothing).
  for (const spec of PARAMETER_BY_KEY.values()) {
    if (!spec.cli || values[spec.cli] === undefined || methods.some((k) => appliesTo(spec.key, methodOfKey(k).method))) continue;
    const owner = ownerOf(spec.key);
    const which = `(--methods ${methods.join(',')})`;
    throw new UsageError(owner ? `--${spec.cli} is a parameter of the ${owner} method, which the sweep does not run ${which}` : `--${spec.cli} is read by no method the sweep runs ${which}`);
  }
  // A sparse run's flag needs a preference with k₀ > 0 in the set (or a Pareto set model, which reads the sparse
  // schedule for its own), the plain schedule's one with k₀ = 0 (cli.ts configFlagProblems says the same of one run).
  for (const spec of PARAMETER_BY_KEY.values()) {
    if (!spec.cli || !spec.readBy || values[spec.cli] === undefined) continue;
    // A Pareto set model reads the sparse schedule, not the prox's parameters (notFor).
    const readByModel = spec.readBy === 'sparse' && methods.includes('psl') && !spec.notFor?.includes('psl');
    const read = readByModel || preferences.some((k) => runKindOf(k) === spec.readBy);
    if (!read) throw new UsageError(`--${spec.cli} is read by no run of the sweep: ${spec.readBy === 'sparse' ? 'every preference has k₀ = 0 (runs without sparsity)' : 'every preference has k₀ > 0 (sparse runs)'}`);
  }
  const recipes = listOr(values, 'recipes', 'recipe', RECIPE_NAMES, linked?.settings.recipe ?? 'paper');
  const seeds = values.seeds === undefined ? null : parseSeeds(values.seeds as string);
  if (seeds && values.seed !== undefined) throw new UsageError('give --seeds or --seed, not both');
  const psl = methods.includes('psl');
  // A Pareto set model is one run per seed, recipe and network, whatever the number of preferences.
  const perPreference = methods.length - (psl ? 1 : 0);
  const total = (perPreference * preferences.length + (psl ? 1 : 0)) * recipes.length * (seeds?.length ?? 1) * (values.nets === undefined ? 1 : String(values.nets).split(',').length);
  if (total > MAX_SWEEP_RUNS) throw new UsageError(`the grid has ${total} runs, more than ${MAX_SWEEP_RUNS} (the most one experiment file holds)`);
  if (psl && preferences.length > MAX_MODEL_POINTS) throw new UsageError(`a Pareto set model (psl) is read at ${MAX_MODEL_POINTS} preferences at most, the set has ${preferences.length}`);

  const problems = new Map<string, { runs: number; example: string }>();
  const runs: SweepRun[] = [];
  let settings: ExperimentSettings | null = null;
  for (const key of methods) {
    const flags = flagsForKey(values, key);
    const base = parseExperimentFlags(flags, linked).settings;
    const nets = listOr(values, 'nets', 'net', NETWORK_NAMES, base.network);
    for (const network of nets) {
      for (const recipe of recipes) {
        for (const seed of seeds ?? [base.overrides.seed ?? 1]) {
          // A Pareto set model: one run, measured at the set's centre and read at every preference of it.
          for (const preference of key === 'psl' ? [preferenceSetCentre(preferences)] : preferences) {
            const run = { key, recipe, network, seed, preference };
            const runSettings: ExperimentSettings = { ...base, network, recipe, overrides: { ...base.overrides, seed } };
            const config = resolveConfig(runSettings, preference);
            for (const problem of configProblems(config)) {
              const seen = problems.get(problem);
              problems.set(problem, { runs: (seen?.runs ?? 0) + 1, example: seen?.example ?? label(run) });
            }
            settings ??= runSettings;
            runs.push({ ordinal: runs.length + 1, ...run, config, ...(key === 'psl' ? { readAt: preferences.map((k) => [...k]) } : {}) });
          }
        }
      }
    }
  }
  if (problems.size > 0) {
    const lines = [...problems].map(([problem, { runs: n, example }]) => `${inFlagWords(problem)} (${n === runs.length ? 'every run' : `${n} of ${runs.length} runs`}, e.g. ${example})`);
    throw new UsageError(`the grid is not valid; nothing was submitted:\n  ${lines.join('\n  ')}`);
  }
  return { settings: settings as ExperimentSettings, methods, preferences, size, runs };
}

/**
 * The runs as the explorer's sweep plan counts them (sweepPlanText): "3 preferences × 1 method + 1 Pareto set model
 * = 4 runs", times the seeds, recipes and networks when there are several of them.
 */
export function gridPlanText(grid: SweepGrid): string {
  const distinct = (f: (r: SweepRun) => unknown) => new Set(grid.runs.map(f)).size;
  const times = [plural(distinct((r) => r.seed), 'seed'), plural(distinct((r) => r.recipe), 'recipe'), plural(distinct((r) => r.network), 'network')].filter((t) => !t.startsWith('1 '));
  const plan = sweepPlanText(grid.methods, grid.preferences.length);
  if (times.length === 0) return plan;
  return `(${plan.replace(/ = \d+ runs?$/, '')}) × ${times.join(' × ')} = ${plural(grid.runs.length, 'run')}`;
}

/** One line about the grid: its size and dimensions. */
export function describeGrid(grid: SweepGrid): string {
  const distinct = <T>(f: (r: SweepRun) => T) => [...new Set(grid.runs.map(f))];
  return [
    // With a Pareto set model, the runs are not preferences × methods: say how they add up.
    grid.methods.includes('psl') ? gridPlanText(grid) : plural(grid.runs.length, 'run'),
    plural(grid.preferences.length, 'preference vector'),
    `seeds ${distinct((r) => r.seed).join(',')}`,
    `methods ${grid.methods.join(',')}`,
    `recipes ${distinct((r) => r.recipe).join(',')}`,
    `networks ${distinct((r) => r.network).join(',')}`,
    // The budget as the front report names it: an edited one by what differs ("paper budget, searchIterations 3").
    `${grid.settings.problem}, ${grid.runs[0] ? budgetText(grid.runs[0].config) : `${grid.settings.budget} budget`}`,
    // Hyper-parameters edited from the presets (--lr, --optimizer…): two sweeps that differ only in them are told apart.
    ...new Set(grid.runs.map((r) => editedValues(r.config).join(', ')).filter((edits) => edits !== '')),
  ].join('; ');
}
