import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchUsage } from './commandLine';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the benches’ command line', () => {
  it('derives the usage from the options: each flag, its default, the listed ones only where asked', () => {
    const options = { steps: { type: 'string', default: '20' }, quiet: { type: 'boolean' }, data: { type: 'string' } } as const;
    const usage = benchUsage({ script: 'bench:x', summary: 'What it measures.', listed: ['steps', 'quiet'], more: 'and more' }, options);
    expect(usage.split('\n').slice(0, 5)).toEqual(['usage: npm run bench:x -- [options]', 'What it measures.', '', '  --steps VALUE               (default 20)', '  --quiet']);
    expect(usage).not.toContain('--data');
    expect(usage).toMatch(/and more$/);
  });

  it('says a bad flag in one line with the usage, exit code 2, never a stack trace; --help is the usage', () => {
    const unknown = bench('bench/tying.ts', '--nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: Unknown option '--nope'\n\nusage: npm run bench:tying -- \[options\]/);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
    // A value refused deep in a bench (a UsageError of the experiment's flags) ends the same way.
    const refused = bench('bench/methods.ts', '--multimnist', '--budget', 'huge');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*huge/);
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    const help = bench('bench/stacked.ts', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run bench:stacked -- \[options\]\n/);
  }, 60_000);
});
