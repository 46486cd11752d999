/**
 * Paths typed on a command line, read as their user meant them. `npm run` starts a script in the repository's root
 * whatever folder it was typed in (npm says which in INIT_CWD): `npm run front -- ../results/a.json` typed in a
 * subfolder must not read the root's neighbour.
 */
import { resolve } from 'node:path';

/** `--out -`: the result JSON goes to standard output (the summary to standard error). */
export const STANDARD_OUTPUT = '-';

/** `path` resolved against the folder the command was typed in (INIT_CWD under npm, else the working directory). */
export function userPath(path: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(env.INIT_CWD || process.cwd(), path);
}
