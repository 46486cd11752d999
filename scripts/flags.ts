/** The command lines' flags: node:util's parseArgs, strict and without positionals, a bad flag a UsageError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../src/experiment/cli';

export function parseFlags<const T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
