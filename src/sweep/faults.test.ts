/**
 * Sweeps against a real redis-server (started here, append-only file on) and real worker processes, on tiny runs of
 * the synthetic data: a worker killed in the middle of a run, Redis restarted in the middle of a sweep, malformed
 * and diverging jobs among good ones, a bad grid while a sweep runs. Every run must end exactly once in the result.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExperimentFile } from '../ui/exchange/experimentFile';
import { SweepClient } from './client';
import { gridFromFlags, type SweepGrid } from './grid';
import type { RunJobResult } from './job';
import type { RunOutcome, SweepManifest } from './sweepFile';
import { sweepFileText } from './sweepFile';
import { REDIS_SKIP_REASON, RedisServer } from './testing/redisServer';
import { WorkerProcess } from './testing/workerProcess';
import { waitForEnd } from './testing/waitForEnd';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tiny runs of about a second (24 steps an epoch would be too short to kill a worker in the middle of one). */
const LONGER = { 'train-subset': '256', 'search-iterations': '2', 'retrain-iterations': '2', 'inner-epochs': '2', 'retrain-inner-epochs': '2' };
const tinyGrid = (size: number, extra: Record<string, string> = {}): SweepGrid =>
  gridFromFlags({ budget: 'tiny', preferences: 'grid', size: String(size), methods: 'chebyshev-al', ...extra });

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
  cleanups = [];
});

async function setUp(workers: number): Promise<{ redis: RedisServer; client: SweepClient; workers: WorkerProcess[] }> {
  const redis = await RedisServer.start();
  cleanups.push(() => redis.dispose());
  const client = new SweepClient(redis.url);
  cleanups.push(() => client.close());
  const started = Array.from({ length: workers }, () => new WorkerProcess(redis.url));
  for (const w of started) cleanups.push(() => w.stop('SIGKILL'));
  await Promise.all(started.map((w) => w.waitFor(/worker \d+ on redis/)));
  return { redis, client, workers: started };
}

/** The processes a worker started (its trainer children). */
const childrenOf = (pid: number): number[] =>
  (spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean).map(Number);
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const resultOf = (o: RunOutcome | undefined): RunJobResult => {
  if (o?.state !== 'finished') throw new Error(`not finished: ${JSON.stringify(o)}`);
  return o.result;
};

/** The collected file: the explorer imports it; each run of the sweep is in it once. */
function importedIds(manifest: SweepManifest, outcomes: RunOutcome[]): string[] {
  const parsed = parseExperimentFile(sweepFileText(manifest, outcomes, new Date()).parts[0], 'imported');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.runs.map((r) => r.id);
}

// One stated reason where there is no Redis to start (the describe's title says it too).
if (REDIS_SKIP_REASON) console.warn(`Redis sweep tests skipped: ${REDIS_SKIP_REASON}`);

describe.skipIf(REDIS_SKIP_REASON !== null)(`sweeps against a real Redis${REDIS_SKIP_REASON ? ` (skipped: ${REDIS_SKIP_REASON})` : ''}`, () => {
  it('a worker killed in the middle of a run: the run is retried by the other worker, and every run ends once', async () => {
    const { client, workers } = await setUp(2);
    const [victim, survivor] = workers;
    const manifest = await client.submit('killed', tinyGrid(6, LONGER));
    // Kill the first worker once it is well into a run.
    const [, run] = await victim.waitFor(/start (killed-r\d+) \(try 1\)/);
    await sleep(600);
    expect(victim.log).not.toContain(`done ${run}`);
    const trainers = childrenOf(victim.pid);
    expect(trainers.length).toBeGreaterThan(0);
    await victim.stop('SIGKILL');

    const outcomes = await waitForEnd(client, manifest);
    expect(outcomes.map((o) => o.state)).toEqual(manifest.runs.map(() => 'finished'));
    const retried = resultOf(outcomes.find((o) => o.run === run));
    expect(retried.worker.pid).not.toBe(victim.pid);
    expect(retried.attempt).toBeGreaterThanOrEqual(2);
    expect(survivor.log).toMatch(new RegExp(`start ${run} \\(try [2-9]\\)`));
    expect(importedIds(manifest, outcomes)).toEqual(manifest.runs.map((r) => r.run));
    // Its trainer processes did not outlive it.
    expect(trainers.filter(alive)).toEqual([]);
  });

  it('runs at once: a killed worker’s stack is trained again whole elsewhere; in a stack whose runs diverge, each fails alone', async () => {
    const { redis, client, workers } = await setUp(1);
    const [victim] = workers;
    const grid = tinyGrid(6, LONGER);
    // Runs 4 to 6 diverge (SGD at learning rate 10): a stack of their own, since their config differs from 1 to 3's.
    for (const run of grid.runs.slice(3)) run.config = { ...run.config, learningRate: 10, optimizer: 'sgd' };
    const manifest = await client.submit('stacked', grid, 3);
    expect(manifest.runs.map((r) => r.job)).toEqual(['stacked-s0001', 'stacked-s0001', 'stacked-s0001', 'stacked-s0004', 'stacked-s0004', 'stacked-s0004']);
    await victim.waitFor(/start stacked-s0001 \(try 1\)/);
    await sleep(600);
    expect(victim.log).not.toContain('done stacked-s0001');
    await victim.stop('SIGKILL');
    const survivor = new WorkerProcess(redis.url);
    cleanups.push(() => survivor.stop('SIGKILL'));

    const outcomes = await waitForEnd(client, manifest);
    expect(outcomes.map((o) => o.state)).toEqual(['finished', 'finished', 'finished', 'failed', 'failed', 'failed']);
    for (const o of outcomes.slice(0, 3)) {
      const result = resultOf(o);
      expect(result.worker.pid).not.toBe(victim.pid);
      expect(result.attempt).toBeGreaterThanOrEqual(2);
      expect(result.run).toMatchObject({ status: 'finished', result: { runsAtOnce: 3 } });
    }
    for (const o of outcomes.slice(3)) expect(o).toMatchObject({ state: 'failed', reason: expect.stringMatching(/training diverged at step \d+: objectives/) });
    expect(survivor.log).toMatch(/start stacked-s0001 \(try [2-9]\)/);
    expect(survivor.log).toMatch(/done stacked-s0004 0 of 3 runs at once finished; stacked-r0004 failed: training diverged/);
    const parent = await client.sweeps.getJob('stacked');
    expect(parent?.returnvalue).toMatchObject({ finished: 3, failed: { 'stacked-r0004': expect.stringMatching(/diverged/), 'stacked-r0005': expect.stringMatching(/diverged/), 'stacked-r0006': expect.stringMatching(/diverged/) } });
    expect(await client.snapshot(manifest)).toMatchObject({ total: 6, finished: 3, failed: 3, active: [], closed: true });
    // The file has every run once: the finished ones, and the diverged ones with their reasons.
    expect(importedIds(manifest, outcomes)).toEqual(manifest.runs.map((r) => r.run));
  });

  it('Redis restarted in the middle of a sweep (stopped, then crashed): no finished result is lost', async () => {
    const { redis, client, workers } = await setUp(1);
    const manifest = await client.submit('restarted', tinyGrid(6, LONGER));
    await workers[0].waitFor(/done restarted-r0002/);
    const early = (await client.outcomes(manifest)).filter((o) => o.state === 'finished');
    expect(early.length).toBeGreaterThanOrEqual(2);
    await redis.restart('SIGTERM');
    await workers[0].waitFor(/done restarted-r0004/);
    // A crash: with appendfsync always every acknowledged write is in the append-only file.
    await redis.restart('SIGKILL');

    const outcomes = await waitForEnd(client, manifest);
    expect(outcomes.map((o) => o.state)).toEqual(manifest.runs.map(() => 'finished'));
    for (const before of early) expect(outcomes.find((o) => o.run === before.run)).toEqual(before);
    expect(importedIds(manifest, outcomes)).toEqual(manifest.runs.map((r) => r.run));
  });

  it('Ctrl-C in a terminal (SIGINT to the whole group, and once more as npm relays it) as a fresh worker starts its run: the run finishes and counts', async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.dispose());
    const client = new SweepClient(redis.url);
    cleanups.push(() => client.close());
    const worker = new WorkerProcess(redis.url, { ownGroup: true });
    cleanups.push(() => worker.stop('SIGKILL'));
    await worker.waitFor(/worker \d+ on redis/);
    await client.submit('ctrlc', tinyGrid(2, LONGER));
    const [, run] = await worker.waitFor(/start (ctrlc-r\d+) \(try 1\)/);
    // While its trainer process starts: one that heard the Ctrl-C used to end there, and the worker waited for ever.
    await sleep(300);
    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    process.kill(-worker.pid, 'SIGINT');
    await sleep(50);
    process.kill(-worker.pid, 'SIGINT');
    expect(await Promise.race([exited, sleep(60_000).then(() => 'still running after 60 s')])).toBe(0);
    expect(worker.log).toContain('finishing the runs in progress');
    expect(worker.log).not.toContain('stopping now');
    expect(worker.log).toContain(`done ${run}`);
    const job = await client.runs.getJob(run);
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsMade).toBe(1);
  });

  it('an idle worker stops at the first SIGTERM, with Redis up or away (it used to wait for Redis to come back)', async () => {
    const { redis, workers } = await setUp(2);
    const [up, away] = workers;
    await up.stop('SIGTERM');
    expect(up.log).toContain('no run in progress: stopping');
    expect(up.child.exitCode).toBe(0);
    await redis.stop('SIGTERM');
    await away.waitFor(/lost Redis at 127\.0\.0\.1:\d+; retrying/, 20_000);
    const stopped = away.stop('SIGTERM');
    await Promise.race([stopped, sleep(10_000)]);
    expect(away.exited, `still running 10 s after SIGTERM; its log:\n${away.log.slice(-1500)}`).toBe(true);
    expect(away.log).toContain('no run in progress: stopping');
  });

  it('a malformed job and a diverging run fail at once with their reasons; a bad grid is refused; the rest of the sweep goes on', async () => {
    const { redis, client } = await setUp(2);
    const grid = tinyGrid(5);
    const [good, diverging, malformed] = grid.runs;
    // Valid, but it diverges (SGD at learning rate 10): the registry allows it, training cannot finish it.
    diverging.config = { ...diverging.config, learningRate: 10, optimizer: 'sgd' };
    // Not a valid config at all, of a problem no data folder serves: refused where the worker takes the job (not given
    // back to the queue as a run this worker's data cannot serve: every worker would stop on it).
    malformed.config = { ...malformed.config, learningRate: -1, problem: 'mnist' as never };
    const manifest = await client.submit('faulty', grid);

    // A bad grid while the sweep runs: a clear error, nothing submitted.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sweep.ts', '--redis', redis.url, '--name', 'bad', '--methods', 'linear,bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/--methods must be one of linear, chebyshev-al, .*got 'bogus'/);
    await expect(client.manifest('bad')).rejects.toThrow(/no sweep named bad/);

    const outcomes = await waitForEnd(client, manifest);
    const byRun = new Map(outcomes.map((o) => [o.run, o]));
    const failure = (run: string) => byRun.get(`faulty-r000${run}`) as Extract<RunOutcome, { state: 'failed' }>;
    expect(failure(String(diverging.ordinal))).toMatchObject({ state: 'failed', reason: expect.stringMatching(/training diverged at step \d+: objectives NaN/) });
    expect(failure(String(malformed.ordinal))).toMatchObject({ state: 'failed', reason: expect.stringMatching(/malformed job faulty-r0003: job\.config\.problem: .*job\.config\.learningRate: /s) });
    expect(resultOf(byRun.get(`faulty-r000${good.ordinal}`)).run.status).toBe('finished');
    expect(outcomes.filter((o) => o.state === 'finished')).toHaveLength(3);
    // Not retried: one try each.
    for (const run of ['faulty-r0002', 'faulty-r0003']) expect((await client.runs.getJob(run))?.attemptsMade).toBe(1);
    const parent = await client.sweeps.getJob('faulty');
    expect(parent?.returnvalue).toMatchObject({ finished: 3, failed: { 'faulty-r0002': expect.stringMatching(/diverged/), 'faulty-r0003': expect.stringMatching(/malformed/) } });
    // The file has the finished runs and the diverged one (with its reason); the malformed one has no config to show.
    const collected = sweepFileText(manifest, outcomes, new Date());
    expect(collected).toMatchObject({ finished: 3, failed: 2, pending: 0, leftOut: [expect.stringMatching(/^faulty-r0003: malformed job/)] });
    expect(importedIds(manifest, outcomes)).toEqual(['faulty-r0001', 'faulty-r0002', 'faulty-r0004', 'faulty-r0005']);
  });
});
