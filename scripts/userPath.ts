/**
 * Paths typed on a command line, read as their user meant them. `npm run` starts a script in the repository's root
 * whatever folder it was typed in (npm says which in INIT_CWD): `npm run front -- ../results/a.json` typed in a
 * subfolder must not read the root's neighbour.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: where `npm run` starts a script. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `--out -`: the result JSON goes to standard output (the summary to standard error). */
export const STANDARD_OUTPUT = '-';

/**
 * `path` resolved against the folder the command was typed in: INIT_CWD where npm started the script in the
 * repository's root, else the working directory (a command run otherwise may inherit an INIT_CWD of npm's from far
 * away).
 */
export function userPath(path: string, env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string {
  return resolve(env.INIT_CWD && cwd === REPOSITORY_ROOT ? env.INIT_CWD : cwd, path);
}
