/**
 * `npm run worker` as a person meets it: a --data folder that cannot serve a run is refused before the worker starts
 * (one line, exit code 2), and Redis away is said once when it goes and once when it is back, not once a retry.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_SKIP_REASON, RedisServer } from '../src/sweep/testing/redisServer';
import { WorkerProcess } from '../src/sweep/testing/workerProcess';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
  cleanups = [];
});

describe('npm run worker', () => {
  it('refuses a --data folder with no prepared data in one line, exit code 2, before reaching for Redis', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paretoscope-nodata-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // Nothing listens on port 1: a worker that went on to Redis would print connection errors, not exit.
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', '--data', dir, '--redis', 'redis://127.0.0.1:1'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toBe(`error: --data ${dir}: has no manifest.json; prepare it with \`npm run data -- multimnist --out ${dir}\`, or start the worker with --data DIR naming a prepared folder\n`);
  });

  it('says a bad flag in one line and where the options are, as every command does (not the whole usage)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', '--concurency', '2'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: Unknown option '--concurency': did you mean --concurrency?\n\nnpm run worker -- --help for the options\n");
  });
});

describe.skipIf(REDIS_SKIP_REASON !== null)(`npm run worker and Redis away${REDIS_SKIP_REASON ? ` (skipped: ${REDIS_SKIP_REASON})` : ''}`, () => {
  it('says once that Redis is not there, once that it is, once that it is lost and once that it is back', async () => {
    const redis = await RedisServer.start();
    cleanups.push(() => redis.dispose());
    // Not there yet when the worker starts.
    await redis.stop();
    const worker = new WorkerProcess(redis.url);
    cleanups.push(() => worker.stop('SIGKILL'));
    const address = `127.0.0.1:${redis.port}`;
    await worker.waitFor(new RegExp(`no Redis at ${address} yet; retrying — is redis-server running\\?`), 30_000);
    // Four connections retry about every 2 s each: a line a try would be many by now.
    await sleep(5000);
    await redis.restart();
    await worker.waitFor(/worker \d+ on redis/, 30_000);
    expect(worker.log).toContain(`reached Redis at ${address}`);

    await redis.stop();
    await worker.waitFor(new RegExp(`lost Redis at ${address}; retrying — is redis-server running\\?`), 30_000);
    await sleep(5000);
    await redis.restart();
    await worker.waitFor(new RegExp(`Redis at ${address} is back`), 30_000);
    await sleep(1000);

    const lines = worker.log.trim().split('\n');
    expect(lines.filter((l) => l.includes(`no Redis at ${address}`))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(`reached Redis at ${address}`))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(`lost Redis at ${address}`))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(`Redis at ${address} is back`))).toHaveLength(1);
    expect(worker.log).not.toMatch(/ECONNREFUSED|redis: /);
    // And what its synthetic data serves, said once at the start.
    expect(lines[0]).toMatch(/note: --data synthetic serves MultiMNIST runs only .* a Cifar10Mnist run goes back to the queue and this worker stops$/);
    expect(lines).toHaveLength(6);
  }, 90_000);
});
