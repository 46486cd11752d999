/** The command lines' flags: node:util's parseArgs, strict and without positionals, a bad flag a UsageError. */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../src/experiment/cli';

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

export function parseFlags<const T extends Options>(argv: string[], options: T) {
  try {
    // allowNegative: `--no-hold-zero-rows` turns off a flag that a recipe turned on.
    return parseArgs({ args: joinNegativeValues(argv, options), strict: true, allowPositionals: false, allowNegative: true, options }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Refuses, before any work, an output file that could not be written at the end: its folder missing or read-only,
 * the path a folder (or ending in a slash), or an existing file that cannot be written. (A run of an hour must not
 * end in ENOENT.)
 */
export function checkWritableFile(flag: string, file: string): void {
  const path = resolve(file);
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
}
