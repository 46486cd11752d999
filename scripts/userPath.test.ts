import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { userPath } from './userPath';

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/$/, '');

describe('paths typed on a command line', () => {
  it("are read from npm's INIT_CWD where npm started the command in the repository's root, else from the working directory", () => {
    expect(userPath('r.json', { INIT_CWD: '/home/me/runs' }, ROOT)).toBe('/home/me/runs/r.json');
    expect(userPath('../r.json', { INIT_CWD: '/home/me/runs' }, ROOT)).toBe('/home/me/r.json');
    expect(userPath('/abs/r.json', { INIT_CWD: '/home/me/runs' }, ROOT)).toBe('/abs/r.json');
    // Run elsewhere (npx tsx scripts/train.ts in a folder of one's own): an INIT_CWD inherited from npm is no guide.
    expect(userPath('r.json', { INIT_CWD: '/home/me/runs' }, '/srv/work')).toBe('/srv/work/r.json');
    expect(userPath('r.json', {}, ROOT)).toBe(`${ROOT}/r.json`);
  });
});
