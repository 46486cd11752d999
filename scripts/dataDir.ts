/**
 * Where prepared data lives, declared once for every Node command: public/data of this repository, or the folder the
 * environment variable PARETOSCOPE_DATA_DIR names (resolved against the folder the command was typed in) — where `npm run data`
 * prepares, the dev and preview servers serve, and `npm run train` and `npm run worker` load from by default.
 */
import { dirname, join } from 'node:path';
import { UsageError } from '../src/experiment/cli';
import { dataUnusable, prepareCommand } from '../src/sweep/dataFolder';
import { SYNTHETIC_DATA, syntheticProblem } from '../src/sweep/workerEnv';
import { REPOSITORY_ROOT, userPath } from './userPath';

export const DATA_DIR_ENV = 'PARETOSCOPE_DATA_DIR';

/** The data directory the built app reads when nothing says otherwise (public/data of this repository). */
export const REPOSITORY_DATA_DIR = join(REPOSITORY_ROOT, 'public', 'data');

/** The data folder of a --data flag: the synthetic stand-in, a folder typed, else the environment's. */
export function dataDirOfFlag(value: string | undefined, env: Record<string, string | undefined>): string {
  if (value === undefined) return dataDirFrom(env);
  return value === SYNTHETIC_DATA ? SYNTHETIC_DATA : userPath(value, env);
}

/** The data folder for an environment (PARETOSCOPE_DATA_DIR, else public/data). */
export function dataDirFrom(env: Record<string, string | undefined>): string {
  const dir = env[DATA_DIR_ENV]?.trim();
  return dir ? userPath(dir, env) : REPOSITORY_DATA_DIR;
}

/**
 * Refuses, before any work, a data folder that cannot serve `problem` (src/sweep/dataFolder.ts: its manifest, the
 * problem's files, their sizes; the loader checks their sha256). `given`: whether --data named it; else it came from
 * PARETOSCOPE_DATA_DIR or the default. Says where the folder came from and the command that prepares the data there.
 */
export async function checkDataDir(dir: string, problem: string, given: boolean): Promise<void> {
  const synthetic = dir === SYNTHETIC_DATA ? syntheticProblem(problem) : null;
  if (synthetic) throw new UsageError(synthetic);
  const why = await dataUnusable(dir, problem, false);
  if (why === null) return;
  const where = given ? `--data ${dir}` : `the data folder ${dir} (--data, or ${DATA_DIR_ENV}, says where)`;
  // One problem's folder named instead of the data folder holding it (public/data/multimnist): preparing it again
  // there would nest a second data folder.
  const parent = dirname(dir);
  if (parent !== dir && (await dataUnusable(parent, problem, false)) === null) {
    throw new UsageError(`${where}: ${why}: it is one problem's folder of the prepared data folder ${parent}; name that one (--data ${parent})`);
  }
  // npm run data writes to PARETOSCOPE_DATA_DIR or public/data unless --out says.
  throw new UsageError(`${where}: ${why}; prepare it with ${prepareCommand(problem, given ? dir : null)}${given ? ', or give the folder that holds it' : ''}`);
}
