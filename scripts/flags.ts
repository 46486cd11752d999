/** The command lines' flags: node:util's parseArgs, strict and without positionals, a bad flag a UsageError. */
import { numberOfText } from '../src/experiment/link/fields';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_RUNS_AT_ONCE } from '../src/experiment/choices';
import { currentFlagNames, experimentCliOptions, experimentFlagNames, UsageError } from '../src/experiment/cli';
import { userPath } from './userPath';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--lr -0.01` as `--lr=-0.01`: parseArgs takes a value that starts with a dash for a flag of its own and answers
 * with three lines about ambiguity; a negative number after a flag that takes a value is that flag's value (its range
 * check then says what is allowed).
 */
export function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && /^-(\d|\.\d)/.test(argv[i + 1] ?? '')) {
      out.push(`${arg}=${argv[i + 1]}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Levenshtein's edit distance: the fewest letters inserted, deleted or replaced that make one text the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length];
}

/** A name as it is compared: case, dashes and underscores left out (`searchIterations` is `search-iterations`). */
const bare = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/**
 * The flags an unknown one (without dashes) most likely meant, none to several, in the order of `names` (which maps
 * every name a flag goes by — the flag itself, a link or registry key, a former name — to the flag). Names at most 2
 * edits away (1 for names of 2 or 3 letters, none for 1): the nearest. Else every flag with a name that contains the
 * unknown one or is contained in it (the shorter of at least 3 letters): `--epochs` is in five flags' names, and
 * which one was meant only its user knows.
 */
export function closestFlags(unknown: string, names: Readonly<Record<string, string>>): string[] {
  const u = bare(unknown);
  let near: { flags: string[]; distance: number } | null = null;
  const containing: string[] = [];
  for (const [name, flag] of Object.entries(names)) {
    const n = bare(name);
    const distance = editDistance(u, n);
    const shorter = Math.min(u.length, n.length);
    if (distance <= Math.min(2, Math.floor(shorter / 2))) {
      if (near === null || distance < near.distance) near = { flags: [flag], distance };
      else if (distance === near.distance && !near.flags.includes(flag)) near.flags.push(flag);
    } else if (shorter >= 3 && (u.includes(n) || n.includes(u)) && !containing.includes(flag)) containing.push(flag);
  }
  return near?.flags ?? containing;
}

/** "--a", "--a or --b", "--a, --b or --c". */
const flagList = (flags: readonly string[]) => {
  const named = flags.map((f) => `--${f}`);
  return named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} or ${named.at(-1)}`;
};

/**
 * parseArgs's message, an unknown flag's with the flag it most likely meant: one of `options`, or the flag one of
 * `otherNames` stands for (name → flag; another name wins over an option's own: a former name stands for today's flag).
 */
export function didYouMean(message: string, options: Options, otherNames: Readonly<Record<string, string>> = {}, env: Record<string, string | undefined> = process.env): string {
  // A flag whose value was left out (`--seed --quiet`, or last): one line, not parseArgs' three about dashes.
  const valueless = /^Option '([^']*?)(?: <value>)?' argument (?:is ambiguous|missing)/.exec(message)?.[1];
  if (valueless !== undefined) return `${valueless.split(', ').at(-1)} needs a value`;
  const stray = /^Unexpected argument '([^']*)'/.exec(message)?.[1];
  if (stray !== undefined) return strayArgumentText(stray, options, env);
  const unknown = /^Unknown option '--([^']+)'/.exec(message)?.[1];
  if (unknown === undefined) return message;
  const names: Record<string, string> = Object.fromEntries(Object.keys(options).map((name) => [name, name]));
  for (const [name, flag] of Object.entries(otherNames)) if (flag in options) names[name] = flag;
  const flags = closestFlags(unknown, names);
  return `Unknown option '--${unknown}'${flags.length === 0 ? '' : `: did you mean ${flagList(flags)}?`}`;
}

/**
 * What an argument without its flag was. `npm run train --budget tiny` (no `--`): npm took --budget for a setting of
 * its own (npm_config_budget=true) and passed on only `tiny`. Else a value with a space in it (`--k 0.2, 0.4, 0.4`).
 */
function strayArgumentText(stray: string, options: Options, env: Record<string, string | undefined>): string {
  const command = env.npm_lifecycle_event ? `npm run ${env.npm_lifecycle_event}` : 'the command';
  const kept = Object.keys(options).find((name) => env[`npm_config_${name.replace(/-/g, '_')}`] === 'true');
  if (kept !== undefined) return `unexpected argument '${stray}': npm took --${kept} for a setting of its own and passed on only its value; the options go after --: ${command} -- --${kept} ${stray}`;
  return `unexpected argument '${stray}': ${command} takes options only, --name value (a value with spaces in quotes)`;
}

/**
 * The flags of `argv`. An unknown flag is a UsageError that says which known flag it most likely meant: one of
 * `options`, or the flag one of `otherNames` stands for (name → flag, both without dashes; names of flags not in
 * `options` are left out).
 */
export function parseFlags<const T extends Options>(argv: string[], options: T, otherNames: Readonly<Record<string, string>> = {}, env: Record<string, string | undefined> = process.env) {
  let parsed;
  try {
    // allowNegative: `--no-hold-zero-rows` turns off a flag that a recipe turned on.
    parsed = parseArgs({ args: joinNegativeValues(argv, options), strict: true, allowPositionals: false, allowNegative: true, options, tokens: true });
  } catch (error) {
    throw new UsageError(didYouMean((error as Error).message, options, otherNames, env));
  }
  refuseRepeatedFlags(parsed.tokens);
  return parsed.values;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * parseArgs keeps the last of a repeated flag: a run would then quietly differ from half of what was typed. Each
 * command's parser passes its tokens (`tokens: true`) here.
 */
export function refuseRepeatedFlags(tokens: readonly Token[]): void {
  const given = new Map<string, string[]>();
  for (const token of tokens) if (token.kind === 'option') given.set(token.name, [...(given.get(token.name) ?? []), token.value === undefined ? token.rawName : `${token.rawName} ${token.value}`]);
  const repeated = [...given.values()].filter((uses) => uses.length > 1);
  if (repeated.length > 0) throw new UsageError(repeated.map((uses) => `${uses.join(' and ')}: a flag given twice (give it once)`).join('; '));
}

/**
 * The path of an output file (`file` as typed: in the folder the command was typed in), refused before any work that could not be written at the end: its folder missing or read-only,
 * the path a folder (or ending in a slash), or an existing file that cannot be written. (A run of an hour must not
 * end in ENOENT.)
 */
export function writableOutputPath(flag: string, file: string, env: Record<string, string | undefined> = process.env): string {
  const path = userPath(file, env);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (/[/\\]$/.test(file) || existing?.isDirectory()) throw new UsageError(`${flag} ${file} is a folder, not a file`);
  const writable = (target: string) => {
    try {
      accessSync(target, constants.W_OK);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? 'EACCES';
    }
  };
  const folder = writable(dirname(path));
  if (folder === 'ENOENT') throw new UsageError(`${flag} ${file}: the folder ${dirname(path)} does not exist`);
  if (folder !== null) throw new UsageError(`${flag} ${file}: the folder ${dirname(path)} cannot be written`);
  if (existing && writable(path) !== null) throw new UsageError(`${flag} ${file}: the file exists and cannot be written`);
  return path;
}

/** `--at-once K`: a whole number from 1 to MAX_RUNS_AT_ONCE (the browser's limit too), or `fallback` where not given. */
export function atOnceFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const atOnce = numberOfText(value);
  if (!Number.isInteger(atOnce) || atOnce < 1 || atOnce > MAX_RUNS_AT_ONCE) throw new UsageError(`--at-once must be a whole number from 1 to ${MAX_RUNS_AT_ONCE}, got '${value}'`);
  return atOnce;
}

/**
 * The flags of a command that takes the experiment's (npm run train, npm run sweep) beside its `own`: an unknown
 * flag hints at the experiment's names too, and former names of flags are read as today's from here on.
 */
export function parseExperimentCommand<const T extends Options>(argv: string[], own: T, env: Record<string, string | undefined> = process.env) {
  return currentFlagNames(parseFlags(argv, { ...experimentCliOptions(), ...own }, experimentFlagNames(), env));
}
