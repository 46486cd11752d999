/**
 * The benches' `--data`: the prepared data folder found as `npm run train` finds it (scripts/dataDir.ts) — a folder
 * typed is read from the folder the command was typed in, none given is PARETOSCOPE_DATA_DIR or this repository's
 * public/data, wherever the bench runs (a bare `public/data` of the working directory was not found from another
 * folder) — and checked before any work with train's message, which names the folder and how to prepare it.
 */
import { UsageError } from '../../src/experiment/cli';
import { DatasetMissingError } from '../../src/engine/data/dataset';
import { SYNTHETIC_DATA } from '../../src/sweep/workerEnv';
import { checkDataDir, DATA_DIR_ENV, dataDirOfFlag } from '../../scripts/dataDir';
import type { BenchOption } from './commandLine';

/** The option of every bench that loads prepared data. */
export const DATA_OPTION = {
  type: 'string',
  value: 'DIR',
  help: `prepared data folder (npm run data), as npm run train --data (default public/data of this repository, or the folder ${DATA_DIR_ENV} names)`,
} as const satisfies BenchOption;

/** The folder of a bench's --data (`value`: the flag's text, undefined where not given). */
export function benchDataDir(value: string | undefined, env: Record<string, string | undefined> = process.env): string {
  // Random images measure nothing a bench reports.
  if (value === SYNTHETIC_DATA) throw new UsageError(`--data ${SYNTHETIC_DATA} is npm run train's smoke test: a bench measures prepared data (npm run data)`);
  return dataDirOfFlag(value, env);
}

/**
 * Refuses a folder that cannot serve `problem`, before any work, as npm run train does (`given`: --data named it). A
 * DatasetMissingError: the benches say it in one line, without their usage (nothing in the command line was wrong).
 */
export async function checkBenchData(dir: string, problem: string, given: boolean): Promise<void> {
  try {
    await checkDataDir(dir, problem, given);
  } catch (error) {
    if (error instanceof UsageError) throw new DatasetMissingError(error.message);
    throw error;
  }
}
