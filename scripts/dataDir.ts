/**
 * Where prepared data lives, declared once for every Node command: public/data of this repository, or the folder the
 * environment variable PARETOSCOPE_DATA_DIR names (resolved against the working directory) — where `npm run data`
 * prepares, the dev and preview servers serve, and `npm run train` and `npm run worker` load from by default.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR_ENV = 'PARETOSCOPE_DATA_DIR';

/** The data directory the built app reads when nothing says otherwise (public/data of this repository). */
export const REPOSITORY_DATA_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'public', 'data');

/** The data folder for an environment (PARETOSCOPE_DATA_DIR, else public/data). */
export function dataDirFrom(env: Record<string, string | undefined>): string {
  const dir = env[DATA_DIR_ENV]?.trim();
  return dir ? resolve(dir) : REPOSITORY_DATA_DIR;
}
