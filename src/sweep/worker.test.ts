/**
 * The worker's data checks and its words for Redis trouble: the data folder checked before it starts, a run whose
 * data this worker cannot read given back to the queue untried (the worker stops, another trains the run), and a
 * lost lock said in words. The Redis cases run a real redis-server and real worker processes, as faults.test.ts does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDataset, type SplitArrays } from '../engine/data/nodeStore';
import { SweepClient } from './client';
import { gridFromFlags } from './grid';
import type { RunJobResult } from './job';
import { REDIS_SKIP_REASON, RedisServer } from './testing/redisServer';
import { WorkerProcess } from './testing/workerProcess';
import { waitForEnd } from './testing/waitForEnd';
import { checkDataFolder } from './dataFolder';
import { failureText, lockLossLine } from './worker';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
  cleanups = [];
});

const split = (count: number): SplitArrays => ({ count, images: new Uint8Array(count * 28 * 28).fill(7), labels: new Uint8Array(count * 2).fill(1) });

/** A prepared folder with a MultiMNIST-shaped dataset of a few images (right manifest, sizes and hashes). */
async function preparedFolder(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'paretoscope-worker-data-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const meta = { source: 'worker.test', seed: 1, builtWith: 'worker.test', normalization: { mean: [0.1307], std: [0.3081] }, tasks: ['left digit', 'right digit'], classes: [10, 10], imageShape: [28, 28, 1] as [number, number, number] };
  await writeDataset(dir, 'multimnist', meta, { train: split(4), val: split(2), test: split(2) });
  return dir;
}

describe('the worker’s data folder, checked before it starts', () => {
  it('refuses a folder that cannot serve any run, in one line naming --data and how to prepare it', async () => {
    const missing = join(tmpdir(), 'paretoscope-no-such-folder');
    await expect(checkDataFolder(missing)).rejects.toThrow(`--data ${missing}: no such folder; prepare it with \`npm run data -- multimnist --out ${missing}\``);
    const empty = mkdtempSync(join(tmpdir(), 'paretoscope-empty-'));
    cleanups.push(async () => rmSync(empty, { recursive: true, force: true }));
    await expect(checkDataFolder(empty)).rejects.toThrow(`--data ${empty}: has no manifest.json; prepare it with \`npm run data -- multimnist --out ${empty}\``);
    await writeFile(join(empty, 'manifest.json'), '{"version": 1,');
    await expect(checkDataFolder(empty)).rejects.toThrow(/^--data .*manifest\.json is not valid JSON.*npm run data -- multimnist --out [^;]*`, or start the worker/);

    const dir = await preparedFolder();
    await rm(join(dir, 'multimnist', 'val-labels.u8'));
    await expect(checkDataFolder(dir)).rejects.toThrow(`--data ${dir}: multimnist: multimnist/val-labels.u8 is missing; cifar10mnist: not prepared (manifest.json has no cifar10mnist); prepare it with`);
    for (const error of [await checkDataFolder(missing).catch((e: Error) => e)]) expect(String(error)).not.toContain('\n');
  });

  it('serves the problems whose files are there and of the manifest’s sizes, and names the others', async () => {
    const dir = await preparedFolder();
    expect(await checkDataFolder(dir)).toEqual({ ready: ['multimnist'], notReady: [{ problem: 'cifar10mnist', why: 'not prepared (manifest.json has no cifar10mnist)' }] });
    // A download cut short: the size tells, without reading the file.
    await writeFile(join(dir, 'multimnist', 'train-images.u8'), new Uint8Array(10));
    await expect(checkDataFolder(dir)).rejects.toThrow('multimnist: multimnist/train-images.u8 has 10 bytes, the manifest says 3136');
    expect(await checkDataFolder('synthetic')).toEqual({ ready: ['multimnist'], notReady: [{ problem: 'cifar10mnist', why: "--data synthetic has MultiMNIST's shapes, not cifar10mnist's" }] });
  });
});

describe('a lost lock, in words', () => {
  it('says what became of the run instead of BullMQ’s message', () => {
    expect(lockLossLine('Missing lock for job rr1-r0001. moveToFinished')).toEqual({ job: 'rr1-r0001', line: expect.stringMatching(/^rr1-r0001: this worker lost its lock on the run .*goes back to the queue and trains again.*not recorded$/) });
    expect(lockLossLine('could not renew lock for job rr1-s0004')?.job).toBe('rr1-s0004');
    expect(lockLossLine('Lock mismatch for job a-r0002. Cmd moveToFinished from active')).toEqual({ job: 'a-r0002', line: expect.stringMatching(/another worker has taken the run over/) });
    expect(lockLossLine('Job a-r0003 is not in the active state. moveToFinished')?.job).toBe('a-r0003');
    expect(lockLossLine('Missing key for job s8-r0001. moveToDelayed')).toEqual({ job: 's8-r0001', line: expect.stringMatching(/^s8-r0001: Redis no longer holds the run .*not recorded$/) });
    expect(lockLossLine('ERR something else')).toBeNull();
    expect(failureText('Unexpected exit code: null signal: SIGKILL')).toBe('its trainer process was killed (SIGKILL)');
    expect(failureText('Unexpected exit code: 3 signal: null')).toBe('its trainer process exited with code 3');
    expect(failureText('training diverged at step 3')).toBe('training diverged at step 3');
  });
});

/** `npm run worker` on a data folder of the test's, its log kept. */
class DataWorker {
  readonly child: ChildProcess;
  log = '';
  readonly exit: Promise<number | null>;

  constructor(url: string, data: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', '--redis', url, '--data', data, '--backend', 'cpu', '--lock-seconds', '2'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.exit = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
    const reap = () => this.child.kill('SIGKILL');
    process.once('exit', reap);
    cleanups.push(async () => {
      process.off('exit', reap);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    });
  }

  async waitFor(pattern: RegExp, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.log)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms; the worker's log:\n${this.log}`);
      await sleep(100);
    }
  }
}

const tinyGrid = (size: number, extra: Record<string, string> = {}) => gridFromFlags({ budget: 'tiny', preferences: 'grid', size: String(size), methods: 'chebyshev-al', ...extra });

describe.skipIf(REDIS_SKIP_REASON !== null)(`the worker against a real Redis${REDIS_SKIP_REASON ? ` (skipped: ${REDIS_SKIP_REASON})` : ''}`, () => {
  it('a run whose data this worker cannot read goes back to the queue untried, the worker stops (exit 1), another trains it', async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.dispose());
    const client = new SweepClient(redis.url);
    cleanups.push(() => client.close());

    // Files gone after the worker started: seen before the run reaches a trainer process.
    const gone = await preparedFolder();
    const first = new DataWorker(redis.url, gone);
    await first.waitFor(/worker \d+ on redis/);
    await rm(join(gone, 'multimnist', 'test-images.u8'));
    const goneSweep = await client.submit('gone', tinyGrid(2));
    expect(await first.exit).toBe(1);
    expect(first.log).toContain(`gave gone-r0001 back to the queue untried: --data ${gone} cannot serve multimnist (multimnist/test-images.u8 is missing)`);
    expect(first.log).toMatch(new RegExp(`stopped: --data ${gone} cannot serve multimnist runs .*npm run data -- multimnist --out ${gone}.*went back to the queue for another worker`));
    expect(first.log).not.toMatch(/failed gone-r/);

    // A damaged file of the right size: only the loader's sha256 check in the trainer process finds it.
    const damaged = await preparedFolder();
    const path = join(damaged, 'multimnist', 'train-labels.u8');
    const bytes = await readFile(path);
    bytes[0] ^= 1;
    await writeFile(path, bytes);
    const second = new DataWorker(redis.url, damaged);
    expect(await second.exit).toBe(1);
    expect(second.log).toMatch(/gave gone-r0001 back to the queue untried: --data .* cannot serve multimnist \(multimnist\/train-labels\.u8 does not match its sha256\)/);
    expect(second.log).not.toMatch(/failed gone-r/);

    // Neither try was counted: both runs wait for a worker whose data can serve them.
    for (const run of ['gone-r0001', 'gone-r0002']) {
      const job = await client.runs.getJob(run);
      expect(await job?.getState()).toBe('waiting');
      expect(job?.attemptsMade).toBe(0);
    }
    const good = new WorkerProcess(redis.url, { backend: 'cpu' });
    cleanups.push(() => good.stop('SIGKILL'));
    const outcomes = await waitForEnd(client, goneSweep);
    expect(outcomes.map((o) => o.state)).toEqual(['finished', 'finished']);
    // Trained on its first counted try; every start counts in the try number it notes.
    expect((outcomes[0] as { result: RunJobResult }).result.attempt).toBe(3);
    expect((await client.runs.getJob('gone-r0001'))?.attemptsMade).toBe(1);
  }, 120_000);

  it('a lost lock is said in words, once, and the run is trained again', async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.dispose());
    const client = new SweepClient(redis.url);
    cleanups.push(() => client.close());
    const worker = new WorkerProcess(redis.url);
    cleanups.push(() => worker.stop('SIGKILL'));
    await worker.waitFor(/worker \d+ on redis/);
    const manifest = await client.submit('lock', tinyGrid(1));
    await worker.waitFor(/start lock-r0001 \(try 1\)/);
    // What a Redis restart that outlasted the lock leaves: the job active, its lock gone.
    const redisClient = await client.runs.backend.client;
    await redisClient.del(client.runs.toKey('lock-r0001:lock'));

    const outcomes = await waitForEnd(client, manifest);
    expect(outcomes.map((o) => o.state)).toEqual(['finished']);
    expect(worker.log).toMatch(/lock-r0001: this worker lost its lock on the run .* goes back to the queue and trains again/);
    expect(worker.log.match(/lock-r0001: this worker lost its lock/g)).toHaveLength(1);
    expect(worker.log).toMatch(/start lock-r0001 \(try 2\)/);
    expect(worker.log).not.toMatch(/Missing lock|could not renew lock|redis: /);
  }, 90_000);
});
