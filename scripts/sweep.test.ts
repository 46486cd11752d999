/**
 * `npm run sweep -- --watch` against a real redis-server and a real worker process, on tiny runs of the synthetic
 * data: its exit code says whether every run finished, and it watches through a Redis outage longer than a client's
 * reconnection tries, saying so in two lines, its percentage never going back.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_SKIP_REASON, RedisServer } from '../src/sweep/testing/redisServer';
import { WorkerProcess } from '../src/sweep/testing/workerProcess';
import { SweepClient } from '../src/sweep/client';
import { gridFromFlags } from '../src/sweep/grid';
import type { SweepManifest } from '../src/sweep/sweepFile';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `npm run sweep` with these flags: what it has written to stderr so far, and its exit code and stderr at its end. */
function sweep(args: string[]): { stderr(): string; ended: Promise<{ status: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sweep.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  const ended = new Promise<{ status: number | null; stderr: string }>((resolve) =>
    child.on('close', (status) => {
      process.off('exit', reap);
      resolve({ status, stderr });
    }),
  );
  return { stderr: () => stderr, ended };
}

async function waitFor(text: () => string, pattern: RegExp, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(text())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms:\n${text()}`);
    await sleep(50);
  }
}

const TINY = ['--budget', 'tiny', '--preferences', 'grid', '--methods', 'chebyshev-al'];
/** Tiny runs of a few seconds, long enough to be seen in the middle of one and to stop Redis there. */
const LONGER = ['--train-subset', '256', '--search-iterations', '4', '--retrain-iterations', '4', '--inner-epochs', '2', '--retrain-inner-epochs', '2'];

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
  cleanups = [];
});

async function setUp(): Promise<{ redis: RedisServer; worker: WorkerProcess }> {
  const redis = await RedisServer.start();
  cleanups.push(() => redis.dispose());
  const worker = new WorkerProcess(redis.url);
  cleanups.push(() => worker.stop('SIGKILL'));
  await worker.waitFor(/worker \d+ on redis/);
  return { redis, worker };
}

describe('npm run sweep -- --dry-run (no Redis)', () => {
  it('lists the runs, each preference as everywhere else, and says when nothing stacks', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/sweep.ts', '--budget', 'tiny', '--methods', 'linear,psl', '--preferences', 'grid', '--size', '3', '--at-once', '4', '--dry-run'], { cwd: ROOT });
    expect(stdout).toMatch(/^4\tpsl\tpaper\thps\tseed 1\tk = \(0\.2, 0\.4, 0\.4\)\t\(a Pareto set model, read at each of the 3 preferences once trained\)$/m);
    expect(stderr).toMatch(/^2 jobs: 1 stack of runs at once \(at most 4 each\)$/m);
    const onlyModel = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/sweep.ts', '--budget', 'tiny', '--methods', 'psl', '--at-once', '4', '--dry-run'], { cwd: ROOT });
    expect(onlyModel.stderr).toMatch(/^1 job: no runs to stack \(runs stack when they differ only in their preference; a Pareto set model is one run\)$/m);
  }, 60_000);

  it("--link: the link's list of preferences at its settings, a flag beside it changing them", async () => {
    const link = 'http://localhost:5173/#v=3&budget=tiny&method=linear&seed=7&q=0.2,0.4,0.4;0.5,0.25,0.25';
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/sweep.ts', '--link', link, '--recipes', 'graded,held', '--dry-run'], { cwd: ROOT });
    expect(stderr).toMatch(/^4 runs; 2 preference vectors; seeds 7; methods linear; recipes graded,held; networks hps; multimnist, tiny budget$/m);
    expect(stdout).toBe(['1\tlinear\tgraded\thps\tseed 7\tk = (0.2, 0.4, 0.4)', '2\tlinear\tgraded\thps\tseed 7\tk = (0.5, 0.25, 0.25)', '3\tlinear\theld\thps\tseed 7\tk = (0.2, 0.4, 0.4)', '4\tlinear\theld\thps\tseed 7\tk = (0.5, 0.25, 0.25)', ''].join('\n'));
  }, 60_000);
});

describe.skipIf(REDIS_SKIP_REASON !== null)(`npm run sweep -- --watch against a real Redis${REDIS_SKIP_REASON ? ` (skipped: ${REDIS_SKIP_REASON})` : ''}`, () => {
  it('exits 1 when the watched sweep ends with failed runs, the count in its last line', async () => {
    const { redis } = await setUp();
    // SGD at learning rate 10: both runs diverge, each fails at once.
    const submitted = await sweep(['--redis', redis.url, '--name', 'bad', ...TINY, '--size', '2', '--optimizer', 'sgd', '--lr', '10', '--watch', '--interval', '0.5']).ended;
    expect(submitted.status, submitted.stderr).toBe(1);
    expect(submitted.stderr).toMatch(/failed bad-r0001: training diverged at step \d+/);
    expect(submitted.stderr.trim().split('\n').at(-1)).toBe('2 of 2 runs failed (bad): exit code 1');

    // Watched again once ended (what a script that waits on a sweep does).
    const watched = await sweep(['--redis', redis.url, '--sweep', 'bad', '--watch']).ended;
    expect(watched.status, watched.stderr).toBe(1);
    expect(watched.stderr).toMatch(/2\/2 runs ended \(2 failed\)/);
    expect(watched.stderr.trim().split('\n').at(-1)).toBe('2 of 2 runs failed (bad): exit code 1');

    // Collected at once after submitting, without --watch: the runs not ended yet are left out, and the line says how to wait.
    const out = join(mkdtempSync(join(tmpdir(), 'paretoscope-collect-')), 'early.json');
    const early = await sweep(['--redis', redis.url, '--name', 'early', ...TINY, ...LONGER, '--size', '2', '--collect', out]).ended;
    expect(early.status, early.stderr).toBe(0);
    expect(early.stderr).toMatch(new RegExp(`wrote ${out}: 0 finished and 0 failed of 2 runs \\(2 not ended yet, left out\\)`));
    expect(early.stderr).toContain(`--watch waits for every run to end before collecting: npm run sweep -- --redis ${redis.url} --sweep early --watch --collect ${out}`);
  }, 90_000);

  it('a name is one sweep: of two submits of one name at once one is refused; a watched sweep removed from Redis ends the watch', async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.dispose());
    const [a, b] = [new SweepClient(redis.url), new SweepClient(redis.url)];
    cleanups.push(() => a.close(), () => b.close());
    const grid = (methods: string) => gridFromFlags({ budget: 'tiny', preferences: 'grid', size: '3', methods });
    // Both connected, as two terminals would be, then at once.
    await Promise.all([a.manifest('none').catch(() => null), b.manifest('none').catch(() => null)]);
    const results = await Promise.allSettled([a.submit('same', grid('linear')), b.submit('same', grid('chebyshev-al'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toMatch(/^a sweep named same is (already in Redis|being submitted by another command right now)/);
    const kept = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<SweepManifest>).value;
    expect((await a.manifest('same')).description).toBe(kept.description);
    // One after the other: refused, as ever; and again once the first is in.
    await expect(b.submit('same', grid('mgda'))).rejects.toThrow('a sweep named same is already in Redis');

    // No worker: the watch waits, until the sweep is gone (Redis restarted without its data, the queues removed).
    const watching = sweep(['--redis', redis.url, '--sweep', 'same', '--watch', '--interval', '0.3']);
    await waitFor(watching.stderr, /0\/3 runs ended/);
    // And says that no worker is there to train it.
    await waitFor(watching.stderr, new RegExp(`no worker is connected to this Redis: start one, npm run worker -- --redis ${redis.url.replace(/[/.]/g, '\\$&')}`));
    // The runs first: BullMQ keeps a parent whose children are still in their queue (in parallel, the sweep's job
    // outlived its obliteration whenever the runs' lost the race, and the watch rightly went on).
    await a.runs.obliterate({ force: true });
    await a.sweeps.obliterate({ force: true });
    const { status, stderr } = await watching.ended;
    expect(status, stderr).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^sweep failed: no sweep named same in Redis/);
    expect(stderr).not.toContain('trying again');
  }, 60_000);

  it("--list names the sweeps in Redis, --remove takes one with its runs' jobs, refused while one trains; a sweep not found names those there", async () => {
    const { redis, worker } = await setUp();
    const command = async (args: string[]) => {
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/sweep.ts', '--redis', redis.url, ...args], { cwd: ROOT });
        return { status: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { status: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    const done = await sweep(['--redis', redis.url, '--name', 'done', ...TINY, '--size', '2', '--watch', '--interval', '0.3']).ended;
    expect(done.status, done.stderr).toBe(0);
    // Eight runs of a few seconds each: one of them is training through the steps below, however slow the commands
    // (with four, on a loaded machine, the last had ended before the worker was killed). It is removed, not finished.
    const watching = sweep(['--redis', redis.url, '--name', 'busy', ...TINY, ...LONGER, '--size', '8', '--watch', '--interval', '0.3']);
    await waitFor(watching.stderr, /0\/8 runs ended, 1 training/);
    const client = new SweepClient(redis.url);
    cleanups.push(() => client.close());
    const busy = await client.manifest('busy');
    // A job of it in a worker's hands now (not between two jobs).
    const trainingNow = async () => {
      for (const deadline = Date.now() + 30_000; (await client.training(busy)).length === 0; await sleep(20)) if (Date.now() > deadline) throw new Error('no job of busy trains');
    };

    const listed = await command(['--list']);
    expect(listed.status, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['done', 'busy']);
    expect(lines[0]).toMatch(/^done\t2 of 2 runs ended\tsubmitted \d{4}-\d\d-\d\d \d\d:\d\d UTC\t2 runs; /);
    expect(lines[1]).toMatch(/^busy\t\d of 8 runs ended\t/);

    // Its worker holds the job in training: refused, and none of the sweeps named removed.
    await trainingNow();
    const refused = await command(['--remove', 'done,busy']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/sweep busy has a job training: remove it once it has ended \(--watch waits for that\)\n/);
    // An id not in Redis: the sweeps there named, and none of the others removed either.
    const unknown = await command(['--remove', 'done,nosuch']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no sweep named nosuch in Redis \(never submitted, removed, or lost with Redis's data\); in Redis: done, busy/);

    const removed = await command(['--remove', 'done']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stderr).toContain('removed sweep done and its runs: 2 of 2 runs ended');
    expect(await client.sweepIds()).toEqual(['busy']);
    // The runs' jobs (results) went with it.
    expect(await client.runs.getJob('done-r0001')).toBeUndefined();
    expect(await client.runs.getJob('busy-r0001')).toBeDefined();

    // A worker killed in the middle of a run leaves its job active, its lock expiring (2 s here): removed then.
    await trainingNow();
    await worker.stop('SIGKILL');
    await sleep(3000);
    expect([(await client.snapshot(busy)).active.length, (await client.training(busy)).length]).toEqual([1, 0]);
    // Its watch does not count the run as training on without a word: no worker is there, and a new one takes it back.
    await waitFor(watching.stderr, /1 training[^\n]* — no worker is connected to this Redis \(1 run held by a worker that is gone; a worker that starts takes it back\): start one/);
    const afterKill = await command(['--remove', 'busy']);
    expect(afterKill.status, afterKill.stderr).toBe(0);
    expect(afterKill.stderr).toMatch(/removed sweep busy and its runs: [0-7] of 8 runs ended/);
    // Its watch ends, saying so.
    const watched = await watching.ended;
    expect(watched.status).toBe(1);
    expect(watched.stderr.trim().split('\n').at(-1)).toMatch(/^sweep failed: no sweep named busy in Redis/);
    const none = await command(['--list']);
    expect([none.stdout, none.stderr.trim()]).toEqual(['', `no sweeps in Redis at redis://127.0.0.1:${redis.port}`]);
  }, 120_000);

  it('watches through a Redis outage longer than its reconnection tries: one line each way, its percentage never going back', async () => {
    const { redis, worker } = await setUp();
    const watching = sweep(['--redis', redis.url, '--name', 'away', ...TINY, ...LONGER, '--size', '3', '--watch', '--interval', '0.5']);
    // Once the watch has seen the first run part-way.
    await waitFor(watching.stderr, /0\/3 runs ended, 1 training, (0\.[1-9]|[1-9]\d*\.\d) %/);
    // Longer than a client's 8 tries over about 9 s, and than the worker's 2 s lock: the run in training is taken
    // back once Redis returns, and trained again from its first step.
    await redis.stop('SIGTERM');
    await sleep(12_000);
    await redis.restart('SIGTERM');
    const { status, stderr } = await watching.ended;

    expect(status, stderr).toBe(0);
    const address = `127.0.0.1:${redis.port}`;
    expect(stderr.match(/watch: lost Redis at [^;]+; retrying — is redis-server running\?/g)).toEqual([`watch: lost Redis at ${address}; retrying — is redis-server running?`]);
    expect(stderr.match(/watch: Redis at \S+ is back/g)).toEqual([`watch: Redis at ${address} is back`]);
    expect(stderr).not.toMatch(/max retries|maxRetriesPerRequest|Connection is closed|ECONNREFUSED/);
    expect(stderr).toMatch(/3\/3 runs ended, (0 training|sweep complete), 100\.0 %/);
    // The run taken back keeps the share it had reached, and the line says why it stands still.
    expect(worker.log).toMatch(/start away-r0001 \(try 2\)/);
    expect(stderr).toMatch(/1 run sent back to the queue \(a worker stopped, or a try failed\): its share so far is kept/);
    const percents = [...stderr.matchAll(/, (\d+\.\d) % \|/g)].map((m) => Number(m[1]));
    expect(percents.length).toBeGreaterThan(3);
    for (let i = 1; i < percents.length; i++) expect(percents[i], `line ${i}: ${percents.join(', ')}`).toBeGreaterThanOrEqual(percents[i - 1]);
  }, 120_000);
});
