import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesToSay } from './schemaIssues';

describe('issuesToSay', () => {
  const schema = z.object({ nll: z.array(z.number()).length(2), name: z.string().max(3) });

  it('keeps the wrong type alone where Zod also checked the length of a string given for an array', () => {
    const issues = schema.safeParse({ nll: 'garbage', name: 'long name' }).error?.issues ?? [];
    // What Zod says (the nonsense this removes): its length check ran on the string.
    expect(issues.map((i) => i.message)).toContain('Too big: expected string to have exactly 2 characters');
    expect(issuesToSay(issues).map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'nll: Invalid input: expected array, received string',
      'name: Too big: expected string to have <=3 characters',
    ]);
  });

  it('leaves every issue of values of the right type', () => {
    const issues = schema.safeParse({ nll: [1, 2, 3], name: 'abcd' }).error?.issues ?? [];
    expect(issuesToSay(issues)).toEqual(issues);
  });
});
