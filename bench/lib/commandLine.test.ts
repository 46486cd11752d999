import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/experiment/cli';
import { defaultSettings, resolveConfig } from '../../src/experiment/config';
import { didYouMean } from '../../scripts/flags';
import { benchUsage, givenBenchFlags, parseBenchFlags, wholeNumber } from './commandLine';
import { BENCH_COMMAND, BENCH_FLAGS } from './args';
import { runToEnd } from './testing/runToEnd';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A bench run to its end, as `npm run bench:…` would start it. */
const bench = (...args: string[]) => runToEnd(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT });

describe('the benches’ command line', () => {
  it('derives the usage from the options: each flag with what it sets and its default; unlisted ones are accepted, not listed', () => {
    const options = {
      steps: { type: 'string', default: '20', value: 'N', help: 'timed steps' },
      quiet: { type: 'boolean', help: 'no progress lines' },
      backend: { type: 'string', help: 'the Node backend' },
    } as const;
    const usage = benchUsage({ script: 'bench:x', summary: 'What it measures.', more: 'and more' }, options);
    expect(usage.split('\n').slice(0, 6)).toEqual([
      'usage: npm run bench:x -- [options]',
      'What it measures.',
      '',
      `  ${'--steps N'.padEnd(32)}timed steps (default 20)`,
      `  ${'--quiet'.padEnd(32)}no progress lines`,
      `  ${'--backend VALUE'.padEnd(32)}the Node backend`,
    ]);
    expect(usage).toMatch(/and more$/);
    const command = { script: 'bench:x', summary: '' };
    expect(parseBenchFlags(command, options, { data: { type: 'string' } }, ['--steps', '5', '--data', 'd'])).toEqual({ steps: '5', data: 'd' });
    // An option without what it sets does not compile.
    // @ts-expect-error help is missing
    benchUsage(command, { steps: { type: 'string' } });
  });

  it('reads an old name of a flag as its new one, without listing it', () => {
    const options = { net: { type: 'string', help: 'the network' }, data: { type: 'string', default: 'public/data', help: 'the data folder' } } as const;
    const command = { script: 'bench:x', summary: '', renamed: { network: 'net', 'data-dir': 'data' } } as const;
    expect(parseBenchFlags(command, options, undefined, ['--network', 'hps', '--data-dir=x'])).toEqual({ net: 'hps', data: 'x' });
    expect(parseBenchFlags(command, options, undefined, ['--net=mdmtn'])).toEqual({ net: 'mdmtn', data: 'public/data' });
    expect(benchUsage(command, options)).not.toMatch(/--network|--data-dir/);
    expect(() => parseBenchFlags(command, options, undefined, ['--networks', 'hps'])).toThrow(UsageError);
  });

  it('answers an unknown flag with the flag it most likely meant, as npm run train does', () => {
    const options = { nets: { type: 'string', help: 'the networks' }, quiet: { type: 'boolean', help: 'no progress lines' } } as const;
    const command = { script: 'bench:x', summary: '', renamed: { silent: 'quiet' }, hints: { network: 'nets', other: 'missing' } } as const;
    expect(() => parseBenchFlags(command, options, undefined, ['--quite'])).toThrow(/^Unknown option '--quite': did you mean --quiet\?$/);
    expect(() => parseBenchFlags(command, options, undefined, ['--network=hps'])).toThrow(/^Unknown option '--network': did you mean --nets\?$/);
    // A hint of a flag the command lacks is none; nothing close, no hint.
    expect(() => parseBenchFlags(command, options, undefined, ['--other'])).toThrow(/^Unknown option '--other'$/);
    expect(() => parseBenchFlags(command, options, undefined, ['--backup'])).toThrow(/^Unknown option '--backup'$/);
    // A value left out is said in one line; other messages of parseArgs pass unchanged.
    expect(didYouMean("Option '--nets <value>' argument missing", options)).toBe('--nets needs a value');
    expect(didYouMean("Option '--quiet' does not take an argument", options)).toBe("Option '--quiet' does not take an argument");
    // npm run bench: --network (train's name for it) is --nets.
    expect(() => parseBenchFlags(BENCH_COMMAND, BENCH_FLAGS, undefined, ['--network', 'hps'])).toThrow(/^Unknown option '--network': did you mean --nets\?$/);
  });

  it('tells the flags given from the defaults, by their new names', () => {
    const options = { steps: { type: 'string', default: '20', help: 'timed steps' }, net: { type: 'string', help: 'the network' }, quiet: { type: 'boolean', default: false, help: 'quiet' } } as const;
    const command = { script: 'bench:x', summary: '', renamed: { network: 'net' } } as const;
    expect([...givenBenchFlags(command, options, { penalty: { type: 'string' } }, ['--network', 'hps', '--penalty', 'raw'])].sort()).toEqual(['net', 'penalty']);
    expect([...givenBenchFlags(command, options, undefined, ['--steps=3', '--quiet'])].sort()).toEqual(['quiet', 'steps']);
    expect(givenBenchFlags(command, options, undefined, []).size).toBe(0);
  });

  it('says a bad flag in one line with the usage, exit code 2, never a stack trace; --help is the usage', async () => {
    const unknown = await bench('bench/tying.ts', '--nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: Unknown option '--nope'\n\nusage: npm run bench:tying -- \[options\]/);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
    // A value refused deep in a bench (a UsageError of the experiment's flags) ends the same way.
    const refused = await bench('bench/methods.ts', '--multimnist', '--budget', 'huge');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*huge/);
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    // A teaching config's problem names the flag that set it, not the config key.
    const teaching = await bench('bench/methods.ts', '--lr-decay', '-1');
    expect(teaching.status).toBe(2);
    expect(teaching.stderr).toMatch(/^error: chebyshev-al: --lr-decay must be a positive number/);
    // An output file that could not be written is refused before anything runs, not after (bench:run's results were
    // lost to an ENOENT at the end), in train's words.
    const missing = '/nonexistent/dir/b.json';
    for (const [script, flag] of [['bench/run.ts', '--json'], ['bench/timeToFront.ts', '--json'], ['bench/pslNetwork.ts', '--runs-json']]) {
      const out = await bench(script, ...(script === 'bench/run.ts' ? ['--node-backends', 'wasm', '--nets', 'hps', '--skip-browser', '--skip-app', '--skip-teaching', '--steps', '3', '--allow-few-steps'] : []), flag, missing);
      expect(out.status).toBe(2);
      expect(out.stderr).toMatch(new RegExp(`^error: ${flag} ${missing}: the folder /nonexistent/dir does not exist\n`));
      expect(out.stdout).toBe('');
    }
    // Runs kept by bench:psl-network's --runs-json are compared with the model only if they are runs of its settings.
    const dir = mkdtempSync(join(tmpdir(), 'runs-json-'));
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ metadata: { script: 'bench:psl-network' }, settings: { ...resolveConfig(defaultSettings('tiny'), [0, 0.5, 0.5]), preference: undefined, seed: 9 }, data: 'public/data', runs: [] }));
    const otherRuns = await bench('bench/pslNetwork.ts', '--runs-json', other);
    expect(otherRuns.status).toBe(2);
    expect(otherRuns.stderr).toMatch(new RegExp(`^error: --runs-json ${other} holds runs of other settings \\(seed 9, here 1\\): delete it`));
    const old = join(dir, 'old.json');
    writeFileSync(old, '[]');
    expect((await bench('bench/pslNetwork.ts', '--runs-json', old)).stderr).toMatch(/^error: --runs-json .* holds runs without their settings/);
    writeFileSync(old, '{"settings": null, "runs": []}');
    expect((await bench('bench/pslNetwork.ts', '--runs-json', old)).stderr).toMatch(/^error: --runs-json .* holds runs without their settings/);
    // Another command's file given by mistake: named as such, and no advice to delete it.
    for (const [name, json, what] of [
      ['train.json', { settings: { seed: 1 }, final: {}, wallSeconds: 3 }, 'a result file of npm run train \\(--out\\)'],
      ['sweep.json', { format: 'paretoscope-experiment', version: 4, runs: [] }, 'an experiment file'],
    ] as const) {
      const foreign = join(dir, name);
      writeFileSync(foreign, JSON.stringify(json));
      const refused = await bench('bench/pslNetwork.ts', '--runs-json', foreign);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`^error: --runs-json ${foreign} is ${what}`));
      expect(refused.stderr).not.toContain('delete');
    }
    // A flag of bench:methods' other mode is refused, not ignored.
    const mode = await bench('bench/methods.ts', '--penalty', 'raw');
    expect(mode.status).toBe(2);
    expect(mode.stderr).toMatch(/^error: --penalty: a flag of --multimnist/);
    const help = await bench('bench/stacked.ts', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run bench:stacked -- \[options\]\n/);
    // Each flag with what it sets, its values and its default.
    expect(help.stdout).toMatch(/^ {2}--net mdmtn\|hps +the network, as npm run train --net \(default mdmtn\)$/m);
    expect(help.stdout).toMatch(/^ {2}--runs K,K,… +runs stepped at once.*\(default 1,4,8\)$/m);
  }, 120_000);
});

describe("the benches' numbers", () => {
  it('are decimal, as every command reads them: 0x10 is refused, not read as 16', () => {
    expect(wholeNumber('steps', '12', 1, 100)).toBe(12);
    expect(() => wholeNumber('steps', '0x2', 1, 100)).toThrow("--steps must be a whole number from 1 to 100, got '0x2'");
    expect(() => wholeNumber('batch', '0b11', 1, 4096)).toThrow(UsageError);
    expect(() => wholeNumber('steps', '', 1, 100)).toThrow(UsageError);
  });
});
