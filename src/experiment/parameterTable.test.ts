import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parameterTable, withParameterTable } from './parameterTable';

describe('the parameter table in docs/link-format.md', () => {
  it('is the one the registry gives (run `npm run docs` after changing a declaration)', () => {
    const page = readFileSync(new URL('../../docs/link-format.md', import.meta.url), 'utf8');
    expect(withParameterTable(page)).toBe(page);
    expect(parameterTable()).toContain('| `learningRate` | `--lr` |');
  });
});
