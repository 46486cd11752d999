/**
 * `npm run train` end to end, as a process on the synthetic data (tiny budget): a run of one preference, and a Pareto
 * set model (--method psl) with its curves, and runs at once (--preferences), each writing its result file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'paretoscope-train-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function train(args: string[], { quiet = true } = {}): Promise<{ stdout: string; stderr: string; result: Record<string, unknown> }> {
  const out = join(folder, `${args.join('_').replace(/[^a-z0-9]/gi, '')}.json`);
  const flags = ['--budget', 'tiny', '--data', 'synthetic', '--backend', 'cpu', ...(quiet ? ['--quiet'] : []), '--out', out, ...args];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...flags], { cwd: ROOT });
  return { stdout, stderr, result: JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown> };
}

describe('npm run train', () => {
  it('a run of one preference: the summary and its result file', async () => {
    const { stdout, stderr, result } = await train(['--k', '0.2,0.4,0.4']);
    expect(stdout).toMatch(/test accuracy \(left block \/ right block\)\s+[\d.]+ % \/ [\d.]+ %/);
    // Synthetic data says so, in the header and in the file: its numbers are no result.
    expect(stderr).toMatch(/^Training HPS on synthetic multimnist-shaped data \(random images: a smoke test, not a result\)/m);
    expect(result).toMatchObject({ settings: { data: 'synthetic', method: { name: 'chebyshev-al' }, preference: [0.2, 0.4, 0.4] }, final: { kind: 'network' } });
    expect((result.history as unknown[]).length).toBeGreaterThan(0);
    // When, on what code and machine, from which command line (scripts/runMetadata.ts).
    expect(result.metadata).toMatchObject({ script: 'train', node: process.version, argv: expect.arrayContaining(['--k', '0.2,0.4,0.4']) });
    expect(Date.parse((result.metadata as { date: string }).date)).toBeGreaterThan(Date.parse('2026-01-01'));
  }, 120_000);

  it('runs at once (--preferences, --at-once): a row and a result per run, the first as it trains alone', async () => {
    const { stdout, stderr, result } = await train(['--preferences', '0.2,0.4,0.4;0.5,0.25,0.25;0.3,0.3,0.4', '--at-once', '2'], { quiet: false });
    const { result: alone } = await train(['--k', '0.2,0.4,0.4']);
    expect(stderr).toMatch(/^Training 3 runs 2 at once \(2 groups\): /m);
    expect(stderr).toMatch(/^group 1 of 2: runs 1–2$/m);
    expect(stderr).toMatch(/^group 2 of 2: run 3$/m);
    // One bar over both groups (a log file gets a line at each group's end): its count and ETA are the whole set's.
    const steps = (result.runs as { final: { steps: number } }[])[0].final.steps;
    expect(stderr).toMatch(new RegExp(`^\\[#{14}\\.{14}\\] ${steps}/${2 * steps} .* group 1/2 `, 'm'));
    expect(stderr).toMatch(new RegExp(`^\\[#{28}\\] ${2 * steps}/${2 * steps} .* group 2/2 `, 'm'));
    expect(stdout).toMatch(/\(0\.5, 0\.25, 0\.25\)\s+[\d.]+ \/ [\d.]+\s+[\d.]+/);
    expect(stdout).toMatch(/3 runs in [\d.]+ s \(training [\d.]+ s, \d+ img\/s over the runs\)/);
    const runs = result.runs as { preference: number[]; final: { test: { accuracy: number[]; nll: number[] } }; history: unknown[] }[];
    expect(runs.map((r) => r.preference)).toEqual([[0.2, 0.4, 0.4], [0.5, 0.25, 0.25], [0.3, 0.3, 0.4]]);
    expect(result.settings).toMatchObject({ together: 3, atOnce: 2, network: 'hps' });
    expect(result.metadata).toMatchObject({ script: 'train', argv: expect.arrayContaining(['--preferences']) });
    const own = (alone.final as { test: { accuracy: number[]; nll: number[] } }).test;
    expect(runs[0].final.test.accuracy).toEqual(own.accuracy);
    runs[0].final.test.nll.forEach((nll, t) => expect(nll).toBeCloseTo(own.nll[t], 5));
    expect(runs[0].history).toHaveLength((alone.history as unknown[]).length);
  }, 180_000);

  it('a run that diverges: exit code 1, the cause, and its readings up to that step in the result file', async () => {
    const out = join(folder, 'diverged.json');
    const flags = ['--budget', 'tiny', '--data', 'synthetic', '--backend', 'cpu', '--quiet', '--optimizer', 'sgd', '--lr', '10', '--out', out];
    const failure = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...flags], { cwd: ROOT }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1, stdout: '' });
    expect(failure?.stderr).toMatch(new RegExp(`\nthe run failed: training diverged at step (\\d+): objectives NaN, NaN, NaN\nits readings up to that step are in ${out.replace(/[.]/g, '\\.')}\n$`));
    const file = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ settings: { learningRate: 10, optimizer: 'sgd' }, failed: expect.stringMatching(/^training diverged at step \d+/), step: expect.any(Number) });
    expect(file.failed).toContain(`step ${file.step as number}:`);
    expect(file).not.toHaveProperty('final');
  }, 120_000);

  it('a Pareto set model (--method psl): measured at --k, with its task and sparsity curves', async () => {
    const { stdout, stderr, result } = await train(['--method', 'psl', '--k', '0.2,0.4,0.4']);
    expect(stdout).toMatch(/measured at\s+k = \(0.2, 0.4, 0.4\)/);
    // Its epochs are one schedule, not a sparse run's phases ("plain" would say it has no sparsity objective).
    expect(stderr).toMatch(/^epoch 1: val acc /m);
    expect(stderr).not.toMatch(/^plain it/m);
    expect(stdout).toContain("The model's task curve");
    expect(result.settings).toMatchObject({ psl: { aggregation: 'smooth', filmHidden: 16 } });
    const final = result.final as { paretoSet: { task: { preference: number[] }[]; sparsity: { preference: number[] }[] } };
    expect(final.paretoSet.task).toHaveLength(11);
    expect(final.paretoSet.sparsity.map((p) => p.preference[0])).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(final.paretoSet.task.every((p) => p.preference[0] === 0.2)).toBe(true);
  }, 120_000);
});
