/**
 * A sweep with a Pareto set model, end to end against a real redis-server and a real worker process, on tiny runs of
 * the synthetic data: `npm run sweep -- --methods linear,psl --preferences grid --size 3 --watch --collect FILE`, then
 * `npm run front -- FILE`. The model is one run of the sweep, and the report compares it point for point.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExperimentFile } from '../ui/exchange/experimentFile';
import { networkTaskGrid } from '../ui/compare/sweepGrid';
import { REDIS_SKIP_REASON, RedisServer } from './testing/redisServer';
import { WorkerProcess } from './testing/workerProcess';
import { codeVersion } from '../../scripts/runMetadata';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A script of scripts/ run to its end: its exit code and output. */
function script(name: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}`, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
  cleanups = [];
});

describe.skipIf(REDIS_SKIP_REASON !== null)(`a sweep with a Pareto set model against a real Redis${REDIS_SKIP_REASON ? ` (skipped: ${REDIS_SKIP_REASON})` : ''}`, () => {
  it('linear at 3 preferences and one psl model: 4 runs, collected with the model’s answers, reported point for point', async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.dispose());
    const worker = new WorkerProcess(redis.url, { backend: 'cpu' });
    cleanups.push(() => worker.stop('SIGKILL'));
    await worker.waitFor(/worker \d+ on redis/);
    const dir = mkdtempSync(join(tmpdir(), 'psl-sweep-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'psl-sweep.json');

    const sweep = await script('sweep.ts', ['--redis', redis.url, '--name', 'psl', '--budget', 'tiny', '--methods', 'linear,psl', '--preferences', 'grid', '--size', '3', '--watch', '--interval', '0.5', '--collect', file]);
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sweep.stderr).toContain('submitted sweep psl');
    expect(sweep.stderr).toContain('3 preferences × 1 method + 1 Pareto set model = 4 runs');
    // The model counts as one run of the sweep's progress.
    expect(sweep.stderr).toMatch(/4\/4 runs ended/);
    expect(sweep.stderr).toContain(`wrote ${file}: 4 finished and 0 failed of 4 runs`);
    expect(worker.log).toMatch(/done psl-r0004/);

    const parsed = parseExperimentFile(readFileSync(file, 'utf8'), 'imported');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.experiment.methods).toEqual(['linear', 'psl']);
    const model = parsed.runs[3];
    expect(model).toMatchObject({ id: 'psl-r0004', status: 'finished', config: { method: { name: 'psl' }, preference: [0.2, 0.4, 0.4] } });
    expect(model.result?.paretoSet?.sweep?.map((p) => p.preference)).toEqual(networkTaskGrid(0.2, 3));
    // Each run's note names the code the worker ran (in a checkout: its commit), so the file ties its numbers to code.
    const code = codeVersion();
    if (code !== null) for (const run of parsed.runs) expect(run.notes.at(-1)).toContain(`at commit ${code}, try 1`);

    const front = await script('front.ts', [file]);
    expect(front.status, front.stderr).toBe(0);
    const lines = front.stdout.split('\n');
    // The worker trained on synthetic data: the report says so first, then compares.
    expect(lines[0]).toMatch(/^note: 4 runs of .* were trained on synthetic data/);
    expect(lines).toContain('## multimnist on synthetic data');
    expect(lines.find((l) => l.includes('finished runs of'))).toContain('4 finished runs of 4');
    expect(lines.find((l) => l.startsWith('| Pareto set learning'))?.split(' | ')[1]).toBe('3 (one model)');
    expect(lines.find((l) => l.startsWith('| Linear'))?.split(' | ')[1]).toBe('3');
    // The model's three answers, each at its preference, are run 4's points.
    expect(lines.filter((l) => l.startsWith('| 4 | Pareto set learning')).map((l) => l.split(' | ')[2])).toEqual(networkTaskGrid(0.2, 3).map((k) => `(${k.join(', ')})`));
  }, 180_000);
});
