/**
 * One command line for every bench script: node:util's parseArgs (strict), `--help` printing the usage derived from
 * the options themselves — each flag with what it sets, declared next to it (`help`, required: an option without it
 * does not compile) — and a bad flag — unknown (with the flag it most likely meant, as npm run train says it), or a
 * value a bench refuses with a UsageError anywhere in it — said in one line with the usage after it, exit code 2,
 * never a stack trace. Other errors keep theirs (exit 1).
 */
import { relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { line, oneOf as flagOneOf, UsageError } from '../../src/experiment/cli';
import { WebGpuUnavailableError } from '../../src/engine/node/dawn';
import { isDatasetMissing } from '../../src/engine/data/dataset';
import { didYouMean, joinNegativeValues, refuseRepeatedFlags } from '../../scripts/flags';
import { numberOfText } from '../../src/experiment/link/fields';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One listed option: parseArgs's declaration, what it sets in a line, and its value's placeholder in the usage. */
export type BenchOption = Options[string] & {
  /** What it sets, in a line: its unit and allowed values (the default is added from `default`). */
  help: string;
  /** The value's placeholder in the usage: `N`, `FILE`, `wasm|cpu` (default VALUE; none for a boolean). */
  value?: string;
};
export type BenchFlags = Record<string, BenchOption>;

export interface BenchCommand<Name extends string = string> {
  /** `bench:methods`: the npm script. */
  script: string;
  /** What it measures, in a line. */
  summary: string;
  /**
   * Old names of listed options, still accepted but not listed (commands in older notes keep running):
   * `{ network: 'net' }` reads `--network hps` as `--net hps`.
   */
  renamed?: Readonly<Record<string, Name>>;
  /**
   * Other names people reach for, each with the flag it stands for (listed or unlisted): not accepted, but an
   * unknown flag is answered with the flag it most likely meant among these and the options' own names
   * (`{ network: 'nets' }`: `--network` → "did you mean --nets?"). Names of flags the command lacks are left out.
   */
  hints?: Readonly<Record<string, string>>;
  /** A last line: where the rest is explained. */
  more?: string;
}

/** `--name VALUE   what it sets (default d)`, one a line, in the column of npm run train's help. */
export function benchUsage(command: BenchCommand, options: BenchFlags): string {
  const lines = Object.entries(options).map(([key, option]) => {
    const head = option.type === 'boolean' ? `--${key}` : `--${key} ${option.value ?? 'VALUE'}`;
    const fallback = option.type === 'string' && typeof option.default === 'string' ? ` (default ${option.default})` : '';
    return line(head, `${option.help}${fallback}`);
  });
  const file = process.argv[1] ? relative(process.cwd(), process.argv[1]) : 'bench/';
  return [`usage: npm run ${command.script} -- [options]`, command.summary, '', ...lines, '', `more: the header of ${file}, and docs/performance.md${command.more ? `; ${command.more}` : ''}`].join('\n');
}

/** The flags of `argv` for `options` (and the `unlisted` ones), an old name read as its new one; a bad flag is a UsageError. */
export function parseBenchFlags<const T extends BenchFlags, const U extends Options = Record<never, never>>(command: BenchCommand<keyof T & string>, options: T, unlisted?: U, argv: string[] = process.argv.slice(2)) {
  const all = { ...unlisted, ...options } as T & U;
  const renamed = command.renamed ?? {};
  const args = argv.map((arg) => {
    const [flag, ...value] = arg.split('=');
    const name = flag.startsWith('--') ? renamed[flag.slice(2)] : undefined;
    return name === undefined ? arg : [`--${name}`, ...value].join('=');
  });
  try {
    // Without allowNegative (which the scripts' own flags take): bench:psl-network has an option named no-runs.
    // parseArgs ignores the options' help and value.
    const parsed = parseArgs({ args: joinNegativeValues(args, all), options: all, strict: true, allowPositionals: false, tokens: true });
    refuseRepeatedFlags(parsed.tokens);
    return parsed.values;
  } catch (error) {
    throw new UsageError(didYouMean((error as Error).message, all, { ...renamed, ...command.hints }));
  }
}

/**
 * The flags `argv` gives, by today's names, without the defaults: what a bench must tell apart from a default (a
 * flag of one mode given in another). A bad flag is a UsageError, as parseBenchFlags says it.
 */
export function givenBenchFlags<const T extends BenchFlags, const U extends Options = Record<never, never>>(command: BenchCommand<keyof T & string>, options: T, unlisted?: U, argv: string[] = process.argv.slice(2)): Set<string> {
  const bare = (all: Options | undefined) => Object.fromEntries(Object.entries(all ?? {}).map(([name, { default: _, ...option }]) => [name, option]));
  const values: Record<string, unknown> = parseBenchFlags(command as BenchCommand, bare(options) as BenchFlags, bare(unlisted), argv);
  return new Set(Object.keys(values).filter((name) => values[name] !== undefined));
}

let benchUsageText = '';

/**
 * Ends a bench that failed: a UsageError with the usage (exit 2); no WebGPU adapter in one line, as `npm run train`
 * says it (exit 1); anything else with its stack (exit 1).
 */
export function benchFailed(error: unknown): never {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\n${benchUsageText}\n`);
    process.exit(2);
  }
  // Nothing to fix in the code: no adapter, or data not prepared (the message says which command prepares it).
  if (error instanceof WebGpuUnavailableError || isDatasetMissing(error)) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/**
 * The parsed flags; `--help` prints the usage and exits 0. `unlisted`: options accepted but not in the usage (`more`
 * says where they are explained). From here on a UsageError thrown by the bench exits 2.
 */
export function benchCommandLine<const T extends BenchFlags, const U extends Options = Record<never, never>>(command: BenchCommand<keyof T & string>, options: T, unlisted?: U, argv: string[] = process.argv.slice(2)) {
  const usage = benchUsage(command, options);
  benchUsageText = usage;
  // Top-level code and a main() without its own handler end here.
  process.on('uncaughtException', benchFailed);
  process.on('unhandledRejection', benchFailed);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parseBenchFlags(command, options, unlisted, argv);
}

/** `--name`'s value if it is one of `choices`; else a UsageError that names the flag, the value and the choices (as train's). */
export function oneOf<C extends string>(name: string, value: string | undefined, choices: readonly C[]): C {
  if (value === undefined) throw new UsageError(`--${name} needs a value: one of ${choices.join(', ')}`);
  return flagOneOf(name, value, choices, choices[0]);
}

/** `--name`'s value as a whole number from `low` to `high`; else a UsageError that says so (in train's words). */
export function wholeNumber(name: string, value: string | undefined, low: number, high: number): number {
  const n = numberOfText(value ?? '');
  if (value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= low && n <= high) return n;
  throw new UsageError(`--${name} must be a whole number from ${low} to ${high}, got '${value ?? ''}'`);
}
