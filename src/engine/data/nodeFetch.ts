/**
 * `fetchBytes` for Node: reads dataset files from a directory on disk (e.g. public/data).
 * Kept apart from dataset.ts so that the worker bundle, which imports dataset.ts, never pulls in node:fs.
 * Import this only from Node code (scripts, tests, benchmarks).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { DatasetMissingError, type FetchBytes } from './dataset';

/** A FetchBytes that reads `relativePath` under `dir`; paths that would leave `dir` are refused. */
export function nodeFetchBytes(dir: string): FetchBytes {
  const root = resolve(dir);
  return async (relativePath: string) => {
    const full = resolve(root, relativePath);
    const rel = relative(root, full);
    if (isAbsolute(relativePath) || rel.startsWith('..') || isAbsolute(rel)) {
      throw new Error(`refusing to read ${relativePath}: outside ${root}`);
    }
    try {
      const buf = await readFile(full);
      // A Buffer is a Uint8Array already; re-wrap it so callers see a plain Uint8Array over the same memory.
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetMissingError(`${full} does not exist (run \`npm run data\`)`);
      throw e;
    }
  };
}
