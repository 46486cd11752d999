import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { goldenDir, readGolden } from './golden';

describe('readGolden', () => {
  it('names the missing path when a golden file is absent', () => {
    const missing = path.join(goldenDir, 'no-such-file.json');
    expect(() => readGolden('no-such-file.json')).toThrow(
      `golden test vectors not found at ${missing}: these tests need ../shared/golden`,
    );
  });
});
