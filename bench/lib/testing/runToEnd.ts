/**
 * For the tests that start a bench as a user would: the command run to its end, its exit status and output. Not
 * spawnSync: a few tsx start-ups in a row held a test worker's event loop for half a minute, and on a busy machine past
 * the 60 s in which vitest's worker must hear back from its main process (a "Timeout calling onTaskUpdate" error).
 */
import { execFile, type ExecFileOptions } from 'node:child_process';

export interface CommandOutcome {
  /** The exit code (null: ended by a signal). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runToEnd(file: string, args: readonly string[], options: ExecFileOptions = {}): Promise<CommandOutcome> {
  return new Promise((resolve) =>
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    ),
  );
}
