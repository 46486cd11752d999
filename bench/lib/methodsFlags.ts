/**
 * Which flags of `npm run bench:methods` go with which of its two modes, and the experiment of `--multimnist`.
 *
 * The teaching problems (the default) read their own flags; `--multimnist` reads the experiment's flags of
 * `npm run train` (src/experiment/cli.ts: --penalty, --recipe, --seed, --lr, …) over the explorer's settings, as
 * `npm run bench:default-front` does. A flag of one mode given in the other is refused, never ignored: a
 * `--penalty raw` that trained nothing differently would be a wrong column in a table. Pure.
 */
import { currentFlagNames, experimentCliOptions, experimentFlagNames, flagReadBy, parameterOfFlag, parseExperimentFlags, UsageError } from '../../src/experiment/cli';
import { ownerOf, type ExperimentSettings } from '../../src/experiment/config';
import type { MethodKey } from '../../src/experiment/choices';
import { EXPLORER_RECIPE } from '../../src/experiment/presets';
import { methodOfKey } from '../../src/ui/compare/methodKeys';

type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** Flags only the teaching problems read. */
export const TEACHING_FLAGS = ['problem', 'dimension', 'width', 'similarity', 'outer', 'steps'] as const;
/** bench:methods' own flags only --multimnist reads. */
export const MULTIMNIST_FLAGS = ['k0', 'budget', 'train-subset', 'data'] as const;
/** Flags of the experiment that --multimnist sets itself, with what sets it there. */
const SET_BY_THE_BENCH: Readonly<Record<string, string>> = {
  method: '--methods lists the methods (chebyshev-al-reference: Chebyshev-AL of the reference variant)',
  variant: '--methods lists the methods (chebyshev-al-reference: Chebyshev-AL of the reference variant)',
  k: '--k0 and --size set the preferences',
};

/** The budget and recipe of --multimnist unless --budget or --recipe say otherwise: the explorer's (quick, graded). */
export const MULTIMNIST_DEFAULTS = { budget: 'quick', recipe: EXPLORER_RECIPE } as const;


/** The experiment's flags (today's names and former ones) and the names the did-you-mean hint knows them by. */
export const EXPERIMENT_OPTIONS = experimentCliOptions();
export const EXPERIMENT_HINTS = experimentFlagNames();

const dashed = (flags: readonly string[]) => flags.map((f) => `--${f}`).join(', ');

/**
 * Refuses a flag given for the other mode: `given` are the flags on the command line (lib/commandLine.ts
 * givenBenchFlags), `own` bench:methods' listed flags (those both modes read are in neither list above).
 */
export function checkModeFlags(given: ReadonlySet<string>, multimnist: boolean, own: readonly string[]): void {
  if (multimnist) {
    const teaching = TEACHING_FLAGS.filter((f) => given.has(f));
    if (teaching.length > 0) throw new UsageError(`${dashed(teaching)}: ${teaching.length > 1 ? 'flags' : 'a flag'} of the teaching problems, not of --multimnist`);
    const set = [...given].filter((f) => f in SET_BY_THE_BENCH && !own.includes(f));
    if (set.length > 0) throw new UsageError(`${dashed(set)}: not with --multimnist: ${[...new Set(set.map((f) => SET_BY_THE_BENCH[f]))].join('; ')}`);
    return;
  }
  const multi = [...given].filter((f) => (MULTIMNIST_FLAGS as readonly string[]).includes(f) || (f in EXPERIMENT_OPTIONS && !own.includes(f)));
  if (multi.length > 0) throw new UsageError(`${dashed(multi)}: ${multi.length > 1 ? 'flags' : 'a flag'} of --multimnist (MultiMNIST, the experiment's flags of npm run train), not of the teaching problems`);
}

/** The experiment's flags among the given ones, with their values, a former name read as today's (--epochs-search). */
export function experimentFlags(values: FlagValues, given: ReadonlySet<string>): Record<string, string | boolean | undefined> {
  return currentFlagNames(Object.fromEntries([...given].filter((f) => f in EXPERIMENT_OPTIONS).map((f) => [f, values[f]])));
}

/**
 * One method's settings under --multimnist: the explorer's (quick budget, its recipe) with the experiment's `flags`
 * over them, a method's own parameter (--smooth-mu, --mu0, …) for the runs of that method only. A bad value is a
 * UsageError naming its flag.
 */
export function multiMnistSettings(key: MethodKey, flags: FlagValues): ExperimentSettings {
  const { method, variant } = methodOfKey(key);
  const shared = Object.fromEntries(Object.entries(flags).filter(([flag]) => flagReadBy(flag, method)));
  return parseExperimentFlags({ ...MULTIMNIST_DEFAULTS, ...shared, method, ...(method === 'chebyshev-al' ? { variant } : {}) }).settings;
}

/** A flag no method of `methods` reads: a UsageError (it would set nothing). */
export function checkMethodFlags(methods: readonly MethodKey[], flags: FlagValues): void {
  const run = methods.map((key) => methodOfKey(key).method);
  const unused = Object.keys(flags).filter((flag) => !run.some((method) => flagReadBy(flag, method)));
  const why = (flag: string) => {
    const owner = ownerOf(parameterOfFlag(flag) ?? '');
    return owner ? `--${flag} is a parameter of the ${owner} method, which --methods does not run` : `--${flag} is read by no method --methods runs`;
  };
  if (unused.length > 0) throw new UsageError(unused.map(why).join('; '));
}

/** The given experiment flags as the header says them: `--penalty raw, --hold-zero-rows`. */
export function flagsText(flags: FlagValues): string {
  return Object.entries(flags)
    .map(([flag, value]) => (value === true ? `--${flag}` : value === false ? `--no-${flag}` : `--${flag} ${String(value)}`))
    .join(', ');
}
