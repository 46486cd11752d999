/**
 * One command line for every bench script: node:util's parseArgs (strict), `--help` printing the usage derived from
 * the options themselves, and a bad flag — unknown, or a value a bench refuses with a UsageError anywhere in it —
 * said in one line with the usage after it, exit code 2, never a stack trace. Other errors keep theirs (exit 1).
 */
import { relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { oneOf as flagOneOf, UsageError } from '../../src/experiment/cli';
import { WebGpuUnavailableError } from '../../src/engine/node/dawn';
import { joinNegativeValues } from '../../scripts/flags';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface BenchCommand {
  /** `bench:methods`: the npm script. */
  script: string;
  /** What it measures, in a line. */
  summary: string;
  /** Options listed in the usage (default: all); others are accepted and named in `more`. */
  listed?: readonly string[];
  /** A last line: where the rest is explained. */
  more?: string;
}

/** `--name VALUE (default d)` or `--name` for a flag, one a line. */
export function benchUsage(command: BenchCommand, options: Options): string {
  const keys = command.listed ?? Object.keys(options);
  const lines = keys.map((key) => {
    const option = options[key];
    const head = option.type === 'boolean' ? `--${key}` : `--${key} VALUE`;
    const fallback = option.type === 'string' && typeof option.default === 'string' ? `(default ${option.default})` : '';
    return `  ${head.padEnd(28)}${fallback}`.trimEnd();
  });
  const file = process.argv[1] ? relative(process.cwd(), process.argv[1]) : 'bench/';
  return [`usage: npm run ${command.script} -- [options]`, command.summary, '', ...lines, '', `more: the header of ${file}, and docs/performance.md${command.more ? `; ${command.more}` : ''}`].join('\n');
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
  if (error instanceof WebGpuUnavailableError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** The parsed flags; `--help` prints the usage and exits 0. From here on a UsageError thrown by the bench exits 2. */
export function benchCommandLine<const T extends Options>(command: BenchCommand, options: T, argv: string[] = process.argv.slice(2)) {
  const usage = benchUsage(command, options);
  benchUsageText = usage;
  // Top-level code and a main() without its own handler end here.
  process.on('uncaughtException', benchFailed);
  process.on('unhandledRejection', benchFailed);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    // Without allowNegative (which the scripts' own flags take): bench:psl-network has an option named no-runs.
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--name`'s value if it is one of `choices`; else a UsageError that names the flag, the value and the choices (as train's). */
export function oneOf<C extends string>(name: string, value: string | undefined, choices: readonly C[]): C {
  if (value === undefined) throw new UsageError(`--${name} needs a value: one of ${choices.join(', ')}`);
  return flagOneOf(name, value, choices, choices[0]);
}

/** `--name`'s value as a whole number from `low` to `high`; else a UsageError that says so (in train's words). */
export function wholeNumber(name: string, value: string | undefined, low: number, high: number): number {
  const n = Number(value);
  if (value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= low && n <= high) return n;
  throw new UsageError(`--${name} must be a whole number from ${low} to ${high}, got '${value ?? ''}'`);
}
