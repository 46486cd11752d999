/**
 * Where prepared data lives, declared once for every Node command: public/data of this repository, or the folder the
 * environment variable PARETOSCOPE_DATA_DIR names (resolved against the working directory) — where `npm run data`
 * prepares, the dev and preview servers serve, and `npm run train` and `npm run worker` load from by default.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../src/experiment/cli';

export const DATA_DIR_ENV = 'PARETOSCOPE_DATA_DIR';

/** The data directory the built app reads when nothing says otherwise (public/data of this repository). */
export const REPOSITORY_DATA_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'public', 'data');

/** The data folder for an environment (PARETOSCOPE_DATA_DIR, else public/data). */
export function dataDirFrom(env: Record<string, string | undefined>): string {
  const dir = env[DATA_DIR_ENV]?.trim();
  return dir ? resolve(dir) : REPOSITORY_DATA_DIR;
}

/**
 * Refuses, before any work, a data folder without the prepared data of `problem` (its manifest.json names the datasets
 * `npm run data` built). `given`: whether --data named it; else it came from PARETOSCOPE_DATA_DIR or the default.
 * Files of a listed dataset are read when a run loads them: a folder cut short still fails there, with the file named.
 */
export function checkDataDir(dir: string, problem: string, given: boolean): void {
  const where = given ? `--data ${dir}` : `the data folder ${dir} (--data, or ${DATA_DIR_ENV}, says where)`;
  // The command that prepares it there (npm run data writes to PARETOSCOPE_DATA_DIR or public/data unless --out says).
  const args = [...(problem === 'multimnist' ? [] : [problem]), ...(given ? ['--out', dir] : [])];
  const prepare = `npm run data${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR';
    throw new UsageError(`${where} ${missing ? 'has no manifest.json: no prepared data there' : `has a manifest.json that cannot be read (${(error as Error).message})`}; prepare it with ${prepare}${given ? ', or give the folder that holds it' : ''}`);
  }
  const datasets = typeof manifest === 'object' && manifest !== null && 'datasets' in manifest ? (manifest.datasets as Record<string, unknown> | null) : null;
  if (!datasets || !(problem in datasets)) throw new UsageError(`${where} has no ${problem} data; prepare it with ${prepare}`);
}
