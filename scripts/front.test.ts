/**
 * `npm run front` as a process: the committed paper study's report (docs/results/paper-study.json), result files of
 * `npm run train -- --out` (trained here: the tiny budget on the synthetic data, a few seconds each) with it or alone,
 * a malformed file, and a bad argument said in one line with exit code 2.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'paretoscope-front-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `npm run train -- --budget tiny --data synthetic --backend cpu --out FILE …`: the file. */
async function train(name: string, args: string[]): Promise<string> {
  const out = join(folder, name);
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/train.ts', '--budget', 'tiny', '--data', 'synthetic', '--backend', 'cpu', '--quiet', '--out', out, ...args], { cwd: ROOT });
  return out;
}

async function front(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/front.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run front', () => {
  it("the paper study: a method table per setting (held and SPEC's recipe), every run's point with its setting", async () => {
    const { code, stdout } = await front(['docs/results/paper-study.json', '--metric', 'error']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^54 finished runs of 54; x: task 1 test error %/);
    expect(stdout).toContain('MDMTN · held recipe:');
    expect(stdout).toContain('MDMTN · paper recipe:');
    // reproduction.md §8's numbers, as before the tables were split by setting (one reference point for all).
    for (const hv of ['58.1999', '53.8926', '20.2621']) expect(stdout).toContain(`| 18 | 4 | ${hv} |`);
    // Three sweeps collected together: each front and each point names its sweep.
    expect(stdout).toMatch(/^\| Chebyshev, Augmented Lagrangian \(PHR\) \| 18 \| 4 \| 58\.1999 \| \d+ \| study-held \(18\) \|$/m);
    expect(stdout).toMatch(/^\| 19 \| study-reference \| Chebyshev, Augmented Lagrangian \(authors' reference variant\) \|/m);
  }, 60_000);

  it('a bad argument: one line, exit code 2', async () => {
    const { code, stderr } = await front(['docs/results/paper-study.json', '--metric', 'accuracy']);
    expect(code).toBe(2);
    expect(stderr).toBe("error: --metric must be one of loss, error, got 'accuracy'\n\nnpm run front -- --help for the options\n");
    // A reference point an exported file could not hold (nor import), or with an entry left out.
    for (const reference of ['2e6,2e6', '1,']) {
      const refused = await front(['docs/results/paper-study.json', '--reference', reference]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`error: --reference must be two numbers X,Y, each from -1000000 to 1000000, got '${reference}'`);
    }
    // A folder given for its files.
    const folder = await front(['docs/results']);
    expect(folder.code).toBe(2);
    expect(folder.stderr.split('\n')[0]).toBe('error: docs/results is a folder: give the experiment files and train results in it (docs/results/*.json)');
  }, 60_000);
});

describe('npm run front on results of npm run train --out', () => {
  let one = '';
  let set = '';
  beforeAll(async () => {
    [one, set] = await Promise.all([train('one.json', ['--k', '0.001,0.2,0.799']), train('set.json', ['--method', 'linear', '--preferences', '0.2,0.4,0.4;0.2,0.7,0.1'])]);
  }, 180_000);

  it('a run and runs trained at once: compared together, a row per run, no Redis', async () => {
    const { code, stdout, stderr } = await front([one, set]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['runs of 2 files, numbered on from 1:', `- run 1: ${one} (npm run train)`, `- runs 2–3: ${set} (npm run train -- --preferences, 2 runs at once)`]);
    expect(stdout).toContain(`note: ${one} was trained on synthetic data`);
    expect(stdout).toMatch(/^3 finished runs of 3; x: task 1 test NLL/m);
    expect(stdout).toContain('settings: HPS · paper recipe');
    expect(stdout).toMatch(/^\| Chebyshev, Augmented Lagrangian \(PHR\) \| 1 \| 1 \|/m);
    expect(stdout).toMatch(/^\| Linear scalarization \(weighted sum\) \| 2 \| [12] \|/m);
    for (const [run, k] of [['1', '(0.001, 0.2, 0.799)'], ['2', '(0.2, 0.4, 0.4)'], ['3', '(0.2, 0.7, 0.1)']]) expect(stdout).toMatch(new RegExp(`^\\| ${run} \\| [^|]+ \\| ${k.replace(/[().]/g, '\\$&')} \\| [\\d.]+ \\| [\\d.]+ \\|`, 'm'));
  }, 60_000);

  it('with an experiment file: its runs first, then the train runs; a run on synthetic data compared apart', async () => {
    const { code, stdout } = await front(['docs/results/paper-study.json', one, '--metric', 'error']);
    expect(code).toBe(0);
    expect(stdout).toContain(`- run 55: ${one} (npm run train)`);
    expect(stdout).toContain('\n## multimnist\n\n54 finished runs of 54');
    expect(stdout).toContain('\n## multimnist on synthetic data\n\n1 finished run of 1');
    expect(stdout).toContain('settings: HPS · paper recipe\n');
    expect(stdout).toMatch(/^\| 55 \| Chebyshev, Augmented Lagrangian \(PHR\) \| \(0\.001, 0\.2, 0\.799\) \|/m);
  }, 60_000);

  it('--export leaves out runs on synthetic data (no points of a real front): with only those, nothing is written', async () => {
    const exported = join(folder, 'exported.json');
    const { code, stderr } = await front(['docs/results/paper-study.json', one, '--export', exported]);
    expect(code).toBe(0);
    expect(stderr).toContain(`wrote ${exported}: 54 runs as an experiment file (the explorer's Import opens it); left out 1 run trained on synthetic data (a smoke test, no result)`);
    const alone = await front([one, '--export', join(folder, 'none.json')]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('nothing written; left out 1 run trained on synthetic data');
    expect(existsSync(join(folder, 'none.json'))).toBe(false);
  }, 60_000);

  it('a file cut short or with a wrong value: the file named, what is wrong, exit code 2', async () => {
    const text = readFileSync(one, 'utf8');
    const cut = join(folder, 'cut.json');
    writeFileSync(cut, text.slice(0, text.length / 2));
    const json = JSON.parse(text) as { final: { test: { accuracy: unknown } } };
    json.final.test.accuracy = null;
    const wrong = join(folder, 'wrong.json');
    writeFileSync(wrong, JSON.stringify(json));
    const { code, stdout, stderr } = await front([cut, set, wrong]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^error: ${cut} is not valid JSON \\(cut short\\?\\):\n  .*JSON.*\n`));
    expect(stderr).toContain(`\n${wrong} is a result file of npm run train (--out) that npm run front cannot read:\n  final.test.accuracy: Invalid input: expected array, received null\n\nnpm run front -- --help for the options\n`);
    expect(stderr).not.toContain(set);
  }, 60_000);
});
