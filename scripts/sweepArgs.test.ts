import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { defaultSweepName, parseSweepArgs, SWEEP_USAGE, UsageError } from './sweepArgs';

const parse = (line: string, env: Record<string, string> = {}) => parseSweepArgs(line.split(' ').filter(Boolean), env, new Date('2025-03-04T05:06:07Z'));

describe('npm run sweep arguments', () => {
  it('submits the grid with the experiment flags, the URL from --redis or the environment', () => {
    const c = parse('--budget tiny --methods linear,chebyshev-al --seeds 1-2 --watch --collect out.json --redis redis://h:1', { INIT_CWD: '/tmp' });
    // The file in the folder the command was typed in (npm run starts it in the repository root).
    expect(c).toMatchObject({ kind: 'submit', url: 'redis://h:1', name: 'sweep-20250304-050607', watch: true, collect: '/tmp/out.json', dryRun: false });
    expect(c.kind === 'submit' && c.grid.runs).toHaveLength(18 * 2 * 2);
    expect(parse('--budget tiny --k 0.2,0.4,0.4', { PARETOSCOPE_REDIS_URL: 'rediss://u:p@h:2' })).toMatchObject({ url: 'rediss://u:p@h:2' });
    expect(parse('--budget tiny --k 0.2,0.4,0.4')).toMatchObject({ url: 'redis://127.0.0.1:6379' });
    expect(defaultSweepName(new Date('2025-12-31T23:59:58Z'))).toBe('sweep-20251231-235958');
  });

  it('--at-once K: stacks of up to K runs, 1 to 8', () => {
    expect(parse('--budget tiny --k 0.2,0.4,0.4')).toMatchObject({ kind: 'submit', atOnce: 1 });
    expect(parse('--budget tiny --at-once 8')).toMatchObject({ kind: 'submit', atOnce: 8 });
    expect(() => parse('--budget tiny --at-once 9')).toThrow(/--at-once must be a whole number from 1 to 8, got '9'/);
    expect(() => parse('--budget tiny --at-once 2.5')).toThrow(/--at-once/);
    expect(() => parse('--sweep s1 --watch --at-once 2')).toThrow(/--at-once cannot go with it/);
  });

  it('--dry-run submits nothing, so nothing to watch or collect', () => {
    expect(() => parse('--budget tiny --dry-run --watch')).toThrow('--dry-run submits nothing to watch or collect: --watch cannot go with it');
    expect(() => parse('--budget tiny --dry-run --collect /tmp/s.json')).toThrow('--collect cannot go with it');
  });

  it('--list and --remove ID[,ID…] go with --redis only', () => {
    expect(parse('--list --redis redis://h:1')).toEqual({ kind: 'list', url: 'redis://h:1', urlFlag: true });
    expect(parse('--remove a,b')).toEqual({ kind: 'remove', url: 'redis://127.0.0.1:6379', urlFlag: false, sweeps: ['a', 'b'] });
    expect(() => parse('--list --remove a')).toThrow('give --list or --remove, not both');
    expect(() => parse('--remove a --watch --budget tiny')).toThrow('--remove goes with --redis only: --budget, --watch cannot go with it');
    expect(() => parse('--remove a,a')).toThrow("--remove names a sweep twice: 'a,a'");
    expect(() => parse('--remove b@d')).toThrow(/got 'b@d'/);
  });

  it('follows or collects a sweep that exists', () => {
    expect(parse('--sweep s1 --collect f.json')).toEqual({ kind: 'attach', sweeps: ['s1'], url: 'redis://127.0.0.1:6379', urlFlag: false, watch: false, collect: resolve('f.json'), interval: 5 });
    expect(parse('--sweep s1,s2 --watch')).toMatchObject({ kind: 'attach', sweeps: ['s1', 's2'] });
    expect(() => parse('--sweep s1 --redis http://x')).toThrow("--redis must start with redis:// or rediss://, got 'http://x'");
    expect(() => parse('--sweep s1,s1 --watch')).toThrow(/names a sweep twice/);
    // Refused before the sweep is submitted or watched, not when the file is written at its end.
    expect(() => parse('--sweep s1 --collect /nonexistent-paretoscope/s.json')).toThrow('--collect /nonexistent-paretoscope/s.json: the folder /nonexistent-paretoscope does not exist');
    expect(() => parse('--sweep s1,b@d --watch')).toThrow(/got 'b@d'/);
    expect(() => parse('--sweep s1')).toThrow(/--watch or --collect/);
    expect(() => parse('--sweep s1 --watch --budget tiny')).toThrow(/--budget cannot go with it/);
  });

  it('refuses a bad grid, name or option before anything is submitted', () => {
    expect(() => parse('--methods nope')).toThrow(UsageError);
    expect(() => parse('--budget tiny --search-iterations 0')).toThrow(/nothing was submitted/);
    expect(() => parse('--name a:b --k 0.2,0.4,0.4')).toThrow(/--name must be/);
    expect(() => parse('--name 2024 --k 0.2,0.4,0.4')).toThrow("--name must not be digits only (BullMQ numbers its own jobs so), got '2024'");
    expect(parse('--name 2024b --k 0.2,0.4,0.4')).toMatchObject({ name: '2024b' });
    expect(() => parse('--interval 0')).toThrow(/--interval/);
    expect(() => parse('--bogus')).toThrow(/Unknown option '--bogus'/);
    // A worker's or train's flag: where it belongs.
    expect(() => parse('--data synthetic')).toThrow("Unknown option '--data': a worker's flag: the runs train where the workers are (npm run worker -- --data DIR)");
    expect(() => parse('--out r.json')).toThrow('a sweep writes its runs with --collect FILE');
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(SWEEP_USAGE).toMatch(/--preferences SET/);
    expect(SWEEP_USAGE).toMatch(/--search-iterations N/);
  });

  it('reads the former names of renamed flags; both names of one flag, or an unknown flag, are refused in one line', () => {
    const runs = (line: string) => {
      const c = parse(line);
      return c.kind === 'submit' ? c.grid.runs.map((r) => [r.config.searchIterations, r.config.retrainIterations]) : [];
    };
    expect(runs('--budget tiny --k 0.2,0.4,0.4 --epochs-search 2 --epochs-retrain 3')).toEqual([[2, 3]]);
    expect(runs('--budget tiny --k 0.2,0.4,0.4 --search-iterations 2 --retrain-iterations 3')).toEqual([[2, 3]]);
    expect(() => parse('--budget tiny --epochs-retrain 2 --retrain-iterations 2')).toThrow(/^--epochs-retrain is the former name of --retrain-iterations: give one of them, not both$/);
    expect(() => parse('--budget tiny --epochs-search 0')).toThrow(/--search-iterations must be at least 1/);
    expect(SWEEP_USAGE).not.toMatch(/epochs-search/);
    expect(() => parse('--network hps')).toThrow(/^Unknown option '--network': did you mean --net\?$/);
    expect(() => parse('--preference paper')).toThrow(/^Unknown option '--preference': did you mean --preferences\?$/);
    expect(() => parse('--method-list linear')).toThrow(/^Unknown option '--method-list': did you mean --method or --list\?$/);
  });
});
