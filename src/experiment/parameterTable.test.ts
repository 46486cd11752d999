import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parameterTable, withParameterTable } from './parameterTable';
import { BACKEND_NAMES, BUDGET_NAMES, METHOD_KEYS, METHOD_NAMES, NETWORK_NAMES, RECIPE_NAMES, VARIANT_NAMES } from './choices';

describe('the parameter table in docs/link-format.md', () => {
  it('is the one the registry gives (run `npm run docs` after changing a declaration)', () => {
    const page = readFileSync(new URL('../../docs/link-format.md', import.meta.url), 'utf8');
    expect(withParameterTable(page)).toBe(page);
    expect(parameterTable()).toContain('| `learningRate` | `--lr` |');
  });

  it('the keys table (written by hand) lists exactly the choices each key accepts', () => {
    const page = readFileSync(new URL('../../docs/link-format.md', import.meta.url), 'utf8');
    // The backticked values of a key's row, its own name and the default column left out.
    const values = (key: string) => {
      const row = page.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
      const cells = row?.split(' | ') ?? [];
      return [...(cells[1] ?? '').matchAll(/`([^`=]+)`/g)].map((m) => m[1]);
    };
    expect(values('method')).toEqual([...METHOD_NAMES]);
    expect(values('methods')).toEqual([...METHOD_KEYS]);
    expect(values('recipe')).toEqual([...RECIPE_NAMES]);
    expect(values('backend')).toEqual([...BACKEND_NAMES]);
    expect(values('network')).toEqual([...NETWORK_NAMES]);
    expect(values('budget')).toEqual([...BUDGET_NAMES]);
    expect(values('variant')).toEqual([...VARIANT_NAMES]);
  });
});
