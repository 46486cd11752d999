import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runMetadata, gitCommit } from './runMetadata';

describe("a bench JSON's metadata", () => {
  it('says when, on which commit, Node and CPU, and with which arguments', () => {
    const m = runMetadata('bench', ['--steps', '3'], new Date(Date.UTC(2026, 11, 5, 9, 30)), () => 'a'.repeat(40));
    expect(m).toEqual({
      date: '2026-12-05T09:30:00.000Z',
      commit: 'a'.repeat(40),
      node: process.version,
      cpu: os.cpus()[0]?.model.trim() ?? null,
      cores: os.cpus().length,
      script: 'bench',
      argv: ['--steps', '3'],
    });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('has a null commit where git cannot say', () => {
    expect(runMetadata('bench', [], new Date(), () => null).commit).toBeNull();
    expect(gitCommit(os.tmpdir())).toBeNull();
    const here = gitCommit();
    // In a checkout, HEAD's hash; a copy without .git has none.
    if (here !== null) expect(here).toMatch(/^[0-9a-f]{40,64}$/);
  });
});
