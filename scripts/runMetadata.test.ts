import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { codeVersion, gitCommit, gitDirty, runMetadata } from './runMetadata';

describe("a bench JSON's metadata", () => {
  it('says when, on which commit, Node and CPU, and with which arguments', () => {
    const m = runMetadata('bench', ['--steps', '3'], new Date(Date.UTC(2026, 11, 5, 9, 30)), () => 'a'.repeat(40), () => true);
    expect(m).toEqual({
      date: '2026-12-05T09:30:00.000Z',
      commit: 'a'.repeat(40),
      dirty: true,
      node: process.version,
      cpu: os.cpus()[0]?.model.trim() ?? null,
      cores: os.cpus().length,
      script: 'bench',
      argv: ['--steps', '3'],
    });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('has a null commit where git cannot say', () => {
    expect(runMetadata('bench', [], new Date(), () => null, () => null)).toMatchObject({ commit: null, dirty: null });
    expect(gitCommit(os.tmpdir())).toBeNull();
    expect(gitDirty(os.tmpdir())).toBeNull();
    // In a checkout git says whether tracked files changed.
    if (gitCommit() !== null) expect(typeof gitDirty()).toBe('boolean');
    const here = gitCommit();
    // In a checkout, HEAD's hash; a copy without .git has none.
    if (here !== null) expect(here).toMatch(/^[0-9a-f]{40,64}$/);
  });

  it("names the code a run's note cites: 12 digits of the commit, and whether files had changed", () => {
    expect(codeVersion('0123456789abcdef'.repeat(3), false)).toBe('0123456789ab');
    expect(codeVersion('0123456789abcdef'.repeat(3), true)).toBe('0123456789ab with local changes');
    expect(codeVersion(null, true)).toBeNull();
  });
});
