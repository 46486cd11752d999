import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LONG_TEST_FILES, longestFirst } from './longestFirst';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('longest test files first', () => {
  it('puts the listed files first, in the list’s order, and keeps the order of the others', () => {
    const files = ['/r/a.test.ts', '/r/src/slow.test.ts', '/r/b.test.ts', '/r/src/slower.test.ts', '/r/c.test.ts'];
    expect(longestFirst(files, (f) => f, ['src/slower.test.ts', 'src/slow.test.ts'])).toEqual(['/r/src/slower.test.ts', '/r/src/slow.test.ts', '/r/a.test.ts', '/r/b.test.ts', '/r/c.test.ts']);
  });

  it('lists files that exist, longest first (a renamed file would silently lose its place)', () => {
    for (const [file] of LONG_TEST_FILES) expect(existsSync(`${ROOT}${file}`), file).toBe(true);
    const seconds = LONG_TEST_FILES.map(([, s]) => s);
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });
});
