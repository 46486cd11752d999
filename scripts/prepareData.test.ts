import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-data.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npm run data, its options', () => {
  it('--help: every option and dataset on stdout, exit 0; a bad option: one line and where the options are, exit 2', () => {
    const help = data('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run data -- \[dataset\]/);
    for (const text of ['multimnist, cifar10mnist', '--force', '--seed N', '--out DIR', '--preview']) expect(help.stdout).toContain(text);
    const bad = data('--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: unknown option --bogus\n\nnpm run data -- --help for the options\n');
  }, 30_000);
});
