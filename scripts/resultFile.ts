/**
 * Writing a result at the end of a long command (npm run train --out). The path was checked before any work
 * (flags.ts checkWritableFile), but a folder can go, a disk fill, or the check pass for root where the write then
 * fails: the result is not lost, it goes to the temp folder, and the error says where.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STANDARD_OUTPUT } from './userPath';

/** Where a command's summary goes: standard error when the result JSON takes standard output (`--out -`). */
export const summaryOutput = (out: string | null): NodeJS.WriteStream => (out === STANDARD_OUTPUT ? process.stderr : process.stdout);

/** The run ended, but its result file could not be written where asked (it was written to `fallback`). */
export class ResultNotWrittenError extends Error {
  override name = 'ResultNotWrittenError';
}

/**
 * Writes `json` to `path` (standard output for `-`), saying so on stderr; where that fails, to the temp folder, and
 * throws saying where. Resolves once standard output has taken the whole text: a pipe takes it asynchronously, and
 * the command's process.exit would cut it short.
 */
export async function writeResultFile(path: string, json: unknown, now = Date.now()): Promise<void> {
  const text = JSON.stringify(json, null, 2);
  if (path === STANDARD_OUTPUT) {
    await new Promise<void>((resolve, reject) => process.stdout.write(`${text}\n`, (error) => (error ? reject(error) : resolve())));
    return;
  }
  try {
    writeFileSync(path, text);
    process.stderr.write(`wrote ${path}\n`);
    return;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fallback = join(tmpdir(), `paretoscope-result-${now}.json`);
    try {
      writeFileSync(fallback, text);
    } catch (second) {
      // The temp folder is often on the same disk: full, nothing can be kept; the summary above has the numbers.
      const why = second instanceof Error ? second.message : String(second);
      throw new ResultNotWrittenError(`the training ended, but ${path} could not be written (${reason}), nor ${fallback} (${why}): the result file is lost; the summary above has its numbers`);
    }
    throw new ResultNotWrittenError(`the training ended, but ${path} could not be written (${reason}): the result is in ${fallback}`);
  }
}
