import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { defaultSweepName, parseSweepArgs, SWEEP_USAGE, UsageError, type SweepCommand } from './sweepArgs';
import { defaultSettings, resolveConfig } from '../src/experiment/config';

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

  it("--link: the explorer's experiment of a link is every run's, its list of preferences the sweep's; flags change it", () => {
    const submitted = (args: string[]) => {
      const c = parseSweepArgs(args, {}, new Date('2025-03-04T05:06:07Z'));
      if (c.kind !== 'submit') throw new Error(`not a submit: ${c.kind}`);
      return c;
    };
    const configs = (c: Extract<SweepCommand, { kind: 'submit' }>) => c.grid.runs.map((r) => r.config);
    // The app's defaults where the link leaves values out (the graded recipe, Chebyshev-AL), not the sweep's (paper).
    const app = (overrides: Record<string, unknown>, k: number[], method: 'chebyshev-al' | 'linear' = 'chebyshev-al') => resolveConfig({ ...defaultSettings('tiny'), method, overrides }, k);
    const list = [[0.2, 0.4, 0.4], [0.5, 0.25, 0.25]];
    const link = 'http://localhost:5173/#v=3&budget=tiny&learningRate=0.01&q=0.2,0.4,0.4;0.5,0.25,0.25';
    const linked = submitted(['--link', link]);
    expect(linked.grid.preferences).toEqual(list);
    expect(linked.grid.methods).toEqual(['chebyshev-al']);
    expect(configs(linked)).toEqual(list.map((k) => app({ learningRate: 0.01 }, k)));
    // The list is trained, so no note says how to train it; its k (the app's default, in the list) is among it.
    expect(linked.notes).toEqual([]);
    // A k of the editor's own beside the list is not trained: said, with how.
    expect(submitted(['--link', `${link}&k=0.1,0.45,0.45`]).notes).toEqual([
      "the link's editor preference k = (0.1, 0.45, 0.45) is not in its list: the sweep trains the list; --k 0.1,0.45,0.45 trains it alone",
    ]);
    // Flags given as well change it: a seed, a set of preferences, another method (the link's values of its own dropped).
    expect(configs(submitted(['--link', link, '--seed', '3']))).toEqual(list.map((k) => app({ learningRate: 0.01, seed: 3 }, k)));
    expect(submitted(['--link', link, '--preferences', 'grid', '--size', '3']).grid.preferences).toHaveLength(3);
    expect(submitted(['--link', link, '--k', '0.1,0.45,0.45']).grid.preferences).toEqual([[0.1, 0.45, 0.45]]);
    expect(configs(submitted(['--link', '#v=3&budget=tiny&method=smooth-tchebycheff&smoothMu=0.05&q=0.2,0.4,0.4', '--methods', 'linear']))).toEqual([app({}, [0.2, 0.4, 0.4], 'linear')]);
    expect(submitted(['--link', link, '--recipes', 'paper,held']).grid.runs.map((r) => r.recipe)).toEqual(['paper', 'paper', 'held', 'held']);
    // The link's method with its variant: the sweep's method key.
    expect(submitted(['--link', '#v=3&budget=tiny&variant=reference&q=0.2,0.4,0.4']).grid.methods).toEqual(['chebyshev-al-reference']);
    // A link without a list: its k alone, said.
    const alone = submitted(['--link', '#v=3&budget=tiny&k=0.5,0.25,0.25&backend=webgpu']);
    expect(alone.grid.preferences).toEqual([[0.5, 0.25, 0.25]]);
    expect(alone.notes).toEqual([
      'the link has no list of preferences: the sweep trains its k = (0.5, 0.25, 0.25) alone; --preferences SET trains a set',
      "the link asks the browser for the webgpu backend; here each worker's --backend (npm run worker) chooses",
    ]);
    // Refused as npm run train refuses it; a flag of a preference set not given, and --link where no grid is submitted.
    expect(() => submitted(['--link', '#v=3&budget=tny'])).toThrow('--link: budget: "tny" is not one of tiny, quick, paper');
    expect(() => submitted(['--link', '#problem=width-transition&width=1'])).toThrow("--link: a teaching lab link (problem width-transition): the lab trains in the browser; npm run sweep trains the explorer's networks");
    expect(() => submitted(['--link', link, '--k0', '0.1'])).toThrow('--k0 goes with --preferences paper or grid');
    expect(() => parse(`--sweep s1 --watch --link ${link}`)).toThrow('--sweep follows a sweep that exists: --link cannot go with it');
    expect(() => parse(`--list --link ${link}`)).toThrow('--list goes with --redis only: --link cannot go with it');
    expect(SWEEP_USAGE).toMatch(/--link URL +an explorer link .*its list of preferences as --preferences/);
  });
});
