/**
 * The method reference's test vectors live outside this repository, in ../shared/golden beside it (see
 * ../shared/golden/README.md). Tests read them through readGolden, which names the missing path when the
 * folder is absent instead of failing with a bare ENOENT.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of ../shared/golden, resolved from the repository root. */
export const goldenDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/golden');

/** The parsed JSON file at `relativePath` under ../shared/golden; throws one clear error if it is missing. */
export function readGolden<T = unknown>(relativePath: string): T {
  const file = path.join(goldenDir, relativePath);
  if (!fs.existsSync(file)) {
    throw new Error(
      `golden test vectors not found at ${file}: these tests need ../shared/golden ` +
        "(the method reference's test vectors) beside the repository",
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
