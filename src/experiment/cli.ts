/**
 * The command line of an experiment, derived from the registry: the choice flags (--problem, --net, --method,
 * --budget, --recipe), the preference (--k), one flag per parameter that declares one, their help text with the
 * defaults per problem and network, and the parsing of each value with a message that names the flag. The
 * headless trainer (scripts/trainArgs.ts) adds its own I/O options. Pure.
 */
import {
  BUDGET_NAMES,
  DATA_PROBLEM_NAMES,
  isMethodKey,
  METHOD_NAMES,
  NETWORK_NAMES,
  PROBLEM_ABBREVIATIONS,
  RECIPE_NAMES,
  VARIANT_NAMES,
  type BudgetName,
  type MethodName,
} from './choices';
import { ALL_PARAMETERS, appliesTo, configProblems, defaultMethodConfig, HOLD_NEEDS_EPOCH, PARAMETER_BY_KEY, ownerOf, PAPER_CHOICES, PAPER_PREFERENCE, presetValues, resolveConfig, type ExperimentSettings, type ParameterKey, type TrainerConfig } from './config';
import { describeRange, GROUP_LABELS, inRange, PARAMETER_GROUPS, runKindOf, type ParameterSpec } from './parameter';
import { BUDGETS, RECIPES } from './presets';
import { numberOfText } from './link/fields';
import { andList } from './plural';

export class UsageError extends Error {}

/**
 * Options for node:util's parseArgs: every flag of the experiment, and the former names of renamed ones (read, not
 * listed: currentFlagNames reads them as today's right after parsing).
 */
export function experimentCliOptions(): Record<string, { type: 'string' | 'boolean' }> {
  const options: Record<string, { type: 'string' | 'boolean' }> = { problem: { type: 'string' }, net: { type: 'string' }, method: { type: 'string' }, budget: { type: 'string' }, recipe: { type: 'string' }, k: { type: 'string' } };
  for (const spec of ALL_PARAMETERS as readonly ParameterSpec[]) {
    const type = spec.kind === 'flag' ? 'boolean' : 'string';
    if (spec.cli) options[spec.cli] = { type };
    if (spec.cli && spec.formerCli) options[spec.formerCli] = { type };
  }
  return options;
}

/** Each parameter's flag (and its former name) with the parameter it sets. */
const KEY_OF_FLAG: ReadonlyMap<string, string> = new Map(
  (ALL_PARAMETERS as readonly ParameterSpec[]).flatMap((spec) => (spec.cli ? [spec.cli, ...(spec.formerCli ? [spec.formerCli] : [])].map((flag) => [flag, spec.key] as const) : [])),
);

/** The parameter a flag sets (undefined: a flag of no parameter, e.g. --budget). */
export const parameterOfFlag = (flag: string): string | undefined => KEY_OF_FLAG.get(flag);

/** Whether runs of `method` read what `flag` sets (a flag of no parameter: every method's). */
export function flagReadBy(flag: string, method: MethodName): boolean {
  const key = KEY_OF_FLAG.get(flag);
  return key === undefined || appliesTo(key, method);
}

/**
 * The parsed flags with every former name read as its parameter's flag of today (`--epochs-search 2` is
 * `--search-iterations 2`); both names of one parameter given is a UsageError. Called right after parsing, so
 * nothing after it sees a former name.
 */
export function currentFlagNames<T extends Record<string, string | boolean | undefined>>(values: T): T {
  const out: Record<string, string | boolean | undefined> = { ...values };
  for (const spec of ALL_PARAMETERS as readonly ParameterSpec[]) {
    if (!spec.cli || !spec.formerCli || out[spec.formerCli] === undefined) continue;
    if (out[spec.cli] !== undefined) throw new UsageError(`--${spec.formerCli} is the former name of --${spec.cli}: give one of them, not both`);
    out[spec.cli] = out[spec.formerCli];
    delete out[spec.formerCli];
  }
  return out as T;
}

/**
 * Other names of the experiment's flags, each with the flag it stands for (without dashes), for the hint after an
 * unknown flag: the link keys and registry keys (`network` → net, `searchIterations` → search-iterations) and the
 * former names of renamed flags. Not "preference": it is one letter from sweep's and train's own --preferences.
 */
export function experimentFlagNames(): Record<string, string> {
  const names: Record<string, string> = { network: 'net' };
  for (const spec of ALL_PARAMETERS as readonly ParameterSpec[]) {
    if (!spec.cli) continue;
    names[spec.key] = spec.cli;
    if (spec.formerCli) names[spec.formerCli] = spec.cli;
  }
  return names;
}

/** A choice flag's value (absent: the fallback), or a UsageError naming the flag and the allowed values. */
export function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return raw as T;
}

/** A flag's value, checked against its declaration. */
export function parseFlagValue(spec: ParameterSpec, raw: string | boolean): unknown {
  const flag = `--${spec.cli}`;
  switch (spec.kind) {
    case 'flag':
      return raw === true;
    case 'enum':
      return oneOf(spec.cli ?? spec.key, String(raw), spec.values, spec.values[0]);
    case 'number': {
      const text = String(raw).trim();
      if (spec.nullable && text === 'all') return null;
      const n = numberOfText(text);
      if (text === '' || !inRange(spec, n)) throw new UsageError(`${flag} must be ${describeRange(spec)}, got '${raw}'`);
      return n;
    }
    case 'vector':
      throw new UsageError(`${flag} cannot be given on the command line`);
  }
}

/** --k's text: comma-separated numbers (their checks are the config's). */
export function parsePreference(raw: string | undefined, flag = '--k'): number[] {
  if (raw === undefined) return PAPER_PREFERENCE;
  const parts = raw.split(',').map((s) => s.trim());
  const k = parts.map(numberOfText);
  if (parts.some((s) => s === '') || k.some((x) => !Number.isFinite(x))) throw new UsageError(`${flag} must be comma-separated numbers, got '${raw}'`);
  return k;
}

/**
 * --method's value. A method key of sweeps and links that is a method and its variant (chebyshev-al-reference) is
 * refused with the flags that say it.
 */
function methodOfFlag(raw: string | undefined): MethodName {
  if (isMethodKey(raw) && !(METHOD_NAMES as readonly string[]).includes(raw)) {
    const method = METHOD_NAMES.find((m) => VARIANT_NAMES.some((v) => raw === `${m}-${v}`));
    const flags = method ? `--method ${method} --variant ${raw.slice(method.length + 1)}` : null;
    if (flags) throw new UsageError(`--method must be one of ${METHOD_NAMES.join(', ')}, got '${raw}': that is a method key of sweeps and links, here ${flags}`);
  }
  return oneOf('method', raw, METHOD_NAMES, PAPER_CHOICES.method);
}

/**
 * The settings and preference the flags give: the choices' presets (the paper budget unless --budget says
 * otherwise), then every parameter flag given. A method's parameter given for another method is an error. Also
 * a CLI rule: --retrain-inner-epochs defaults to --inner-epochs when only that is given. With `base` (a link's
 * experiment, --link), the flags given change it: its choices and values stand where no flag says otherwise (its
 * values of a method other than the one --method picks are dropped; a --budget brings its network, as in the explorer).
 */
export function parseExperimentFlags(
  values: Record<string, string | boolean | undefined>,
  base?: { settings: ExperimentSettings; preference: number[] },
): { settings: ExperimentSettings; preference: number[] } {
  const str = (name: string) => values[name] as string | undefined;
  const method = str('method') === undefined && base ? base.settings.method : methodOfFlag(str('method'));
  // The link's values its method reads; the flags' then replace them.
  const overrides: Record<string, unknown> = base
    ? Object.fromEntries(Object.entries(base.settings.overrides).filter(([key]) => (ownerOf(key) ?? method) === method && appliesTo(key, method)))
    : {};
  for (const spec of ALL_PARAMETERS as readonly ParameterSpec[]) {
    const raw = spec.cli ? values[spec.cli] : undefined;
    if (raw === undefined) continue;
    const owner = ownerOf(spec.key);
    if (owner && owner !== method) throw new UsageError(`--${spec.cli} is a parameter of the ${owner} method, not of ${method} (--method)`);
    if (!appliesTo(spec.key, method)) throw new UsageError(`--${spec.cli} is not read by a ${method} run (--method ${method}): it has no effect there`);
    overrides[spec.key] = parseFlagValue(spec, raw);
  }
  if (values['inner-epochs'] !== undefined && values['retrain-inner-epochs'] === undefined) overrides.retrainInnerEpochs = overrides.innerEpochs;
  const { variant = base && method === base.settings.method ? base.settings.variant : PAPER_CHOICES.variant, ...rest } = overrides;
  const budget = oneOf('budget', str('budget'), BUDGET_NAMES, base?.settings.budget ?? PAPER_CHOICES.budget);
  const settings: ExperimentSettings = {
    problem: oneOf('problem', str('problem'), DATA_PROBLEM_NAMES, base?.settings.problem ?? PAPER_CHOICES.problem),
    // As in the explorer, a budget comes with its network.
    network: oneOf('net', str('net'), NETWORK_NAMES, base && str('budget') === undefined ? base.settings.network : BUDGETS[budget].network),
    method,
    variant: variant as ExperimentSettings['variant'],
    budget,
    recipe: oneOf('recipe', str('recipe'), RECIPE_NAMES, base?.settings.recipe ?? PAPER_CHOICES.recipe),
    overrides: rest,
  };
  return { settings, preference: str('k') === undefined && base ? [...base.preference] : parsePreference(str('k')) };
}

/**
 * A config's problem in the command line's words: each parameter named by its flag ("--search-iterations must be at
 * least 1 …", not "searchIterations …"), the preference by --k.
 */
export function inFlagWords(problem: string): string {
  return problem.replace(/\b[a-z][A-Za-z0-9]*\b/g, (word) => {
    if (word === 'preference') return '--k';
    const cli = PARAMETER_BY_KEY.get(word)?.cli;
    return cli ? `--${cli}` : word;
  });
}

/** A config's problems in the words of the flags that gave it (`values`). */
export function configFlagProblems(config: TrainerConfig, values: Record<string, string | boolean | undefined>): string[] {
  // Held rows not asked for by a flag came with the recipe: say how to turn them off.
  const heldByRecipe = (p: string) => (p === inFlagWords(HOLD_NEEDS_EPOCH) && values['hold-zero-rows'] === undefined ? `${p} (the held and graded recipes turn it on: --no-hold-zero-rows turns it off)` : p);
  return [...unreadFlags(config, values), ...configProblems(config).map(inFlagWords).map(heldByRecipe)];
}

/** What a run of each kind does instead of what the other kind's flags set. */
const INSTEAD = {
  plain: 'it trains --plain-iterations outer iterations, with no prox, clustering or tied rows',
  sparse: 'it searches for --search-iterations and retrains for --retrain-iterations outer iterations',
} as const;

/**
 * The flags given that this run's kind does not read (`readBy`): a sparse run's schedule and prox for a run without
 * sparsity (k₀ = 0), the plain schedule for a sparse one. They would have no effect; a Pareto set model reads the
 * sparse schedule for its own.
 */
function unreadFlags(config: TrainerConfig, values: Record<string, string | boolean | undefined>): string[] {
  if (config.method.name === 'psl') return [];
  const kind = runKindOf(config.preference);
  const what = kind === 'sparse' ? 'a sparse run (k₀ > 0)' : 'a run without sparsity (k₀ = 0)';
  const unread = (ALL_PARAMETERS as readonly ParameterSpec[]).filter((spec) => spec.cli && spec.readBy && spec.readBy !== kind && values[spec.cli] !== undefined).map((spec) => `--${spec.cli}`);
  if (unread.length === 0) return [];
  const flags = `${andList(unread)} ${unread.length === 1 ? 'is' : 'are'}`;
  return [`${flags} not read by ${what}: ${INSTEAD[kind]}`];
}

/** The config of the flags, checked (a bad combination is a UsageError listing every problem, by its flags). */
export function configFromFlags(values: Record<string, string | boolean | undefined>, base?: Parameters<typeof parseExperimentFlags>[1]): TrainerConfig {
  const { settings, preference } = parseExperimentFlags(values, base);
  const config = resolveConfig(settings, preference);
  const problems = configFlagProblems(config, values);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return config;
}

// ---------------------------------------------------------------------------------------------------------
// Help

const shownValue = (v: unknown) => (v === null ? 'all' : v === true ? 'on' : v === false ? 'off' : String(v));

/** "0.0025" when the default is the same everywhere, else "MM 0.0025, C10M 0.0001" or "MM 20 MDMTN / 10 HPS, …". */
export function defaultsText(key: ParameterKey, method: MethodName, variant: 'phr' | 'reference', budget: BudgetName = PAPER_CHOICES.budget): string {
  const value = (problem: (typeof DATA_PROBLEM_NAMES)[number], network: (typeof NETWORK_NAMES)[number]) =>
    shownValue(presetValues({ ...PAPER_CHOICES, budget, problem, network, method, variant })[key]);
  const shown = new Set<string>();
  const perProblem = DATA_PROBLEM_NAMES.map((problem) => {
    const [mdmtn, hps] = [value(problem, 'mdmtn'), value(problem, 'hps')];
    shown.add(mdmtn).add(hps);
    return { problem, text: mdmtn === hps ? mdmtn : `${mdmtn} MDMTN / ${hps} HPS` };
  });
  const networks = perProblem.every((p) => p.text === perProblem[0].text) ? perProblem[0].text : perProblem.map((p) => `${PROBLEM_ABBREVIATIONS[p.problem]} ${p.text}`).join(', ');
  // A method's own parameter may default otherwise on the teaching problems (Pareto set learning's do).
  const teaching = (defaultMethodConfig(method, variant, 2) as unknown as Record<string, unknown>)[key];
  return teaching === undefined || shown.has(shownValue(teaching)) ? networks : `${networks}; teaching lab ${shownValue(teaching)}`;
}

function placeholder(spec: ParameterSpec): string {
  if (spec.kind === 'enum') return spec.values.join('|');
  if (spec.kind === 'number') return `${spec.integer ? 'N' : 'X'}${spec.nullable ? '|all' : ''}`;
  return '';
}

/** One option of a --help text: the flag, then its description in a column. */
export const line = (left: string, right: string) => `  ${left.padEnd(32)}${left.length >= 32 ? '\n' + ' '.repeat(34) : ''}${right}`;

function parameterLine(spec: ParameterSpec, budget: BudgetName): string {
  const owner = ownerOf(spec.key);
  const method = owner ?? PAPER_CHOICES.method;
  const phr = defaultsText(spec.key as ParameterKey, method, 'phr', budget);
  const reference = defaultsText(spec.key as ParameterKey, 'chebyshev-al', 'reference', budget);
  const variantNote = (owner === 'chebyshev-al' || spec.key === 'penalty') && spec.key !== 'variant' && reference !== phr ? `; ${reference} for --variant reference` : '';
  const ownerNote = owner ? ` [${owner}]` : '';
  // A flag a recipe turns on is turned off by its negation (parseArgs' allowNegative).
  const left = spec.kind === 'flag' ? `--[no-]${spec.cli}` : `--${spec.cli} ${placeholder(spec)}`.trimEnd();
  return line(left, `${spec.help}${ownerNote} (default ${phr}${variantNote})`);
}

function recipeText(): string {
  const flags = (values: object) =>
    Object.entries(values)
      .map(([key, v]) => {
        const spec = (ALL_PARAMETERS as readonly ParameterSpec[]).find((p) => p.key === key);
        return spec?.kind === 'flag' ? `--${spec.cli}` : `--${spec?.cli} ${shownValue(v)}`;
      })
      .join(' ');
  return RECIPE_NAMES.filter((r) => Object.keys(RECIPES[r].values).length > 0)
    .map((r) => `${r} = ${flags(RECIPES[r].values)}`)
    .join('; ');
}

/** The experiment's part of a --help text; the parameters' defaults are `budget`'s (`--budget tiny --help`: the tiny one's). */
export function experimentUsage(budget: BudgetName = PAPER_CHOICES.budget): string {
  const lines = [
    line(`--problem ${DATA_PROBLEM_NAMES.join('|')}`, `dataset (prepared by npm run data; default ${PAPER_CHOICES.problem}); selects the paper's defaults (MM / C10M below)`),
    line(`--net ${NETWORK_NAMES.join('|')}`, `network (default the budget's: ${BUDGETS.paper.network} for paper, ${BUDGETS.quick.network} for quick and tiny)`),
    line(`--k k0,k1,k2`, `preference (sparsity, task 1, task 2), sums to 1 (default ${PAPER_PREFERENCE.join(',')})`),
    line(`--method NAME`, `scalarization: ${METHOD_NAMES.join('|')} (psl: one model for every preference, measured at --k; in a sweep, one model per seed read at each of its preferences) (default ${PAPER_CHOICES.method})`),
    line(`--budget ${BUDGET_NAMES.join('|')}`, `the explorer's budgets (default paper: ${BUDGETS.paper.label(PAPER_CHOICES.problem)}); the defaults below are the ${budget} budget's (--budget B --help for another's)`),
    line(`--recipe ${RECIPE_NAMES.join('|')}`, `sparse recipe (default paper: SPEC as written); ${recipeText()}; flags given as well override it (--no-hold-zero-rows turns its held rows off)`),
  ];
  for (const group of PARAMETER_GROUPS) {
    const specs = (ALL_PARAMETERS as readonly ParameterSpec[]).filter((p) => p.group === group && p.cli);
    if (specs.length === 0) continue;
    lines.push('', `  ${GROUP_LABELS[group]}:`, ...specs.map((spec) => parameterLine(spec, budget)));
  }
  return lines.join('\n');
}
