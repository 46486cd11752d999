/**
 * `npm run bench:sweep` — the throughput of sweep workers: the same sweep of tiny runs served by one worker, by two
 * worker processes, by one worker with --concurrency 2, and by one worker given stack jobs of K runs at once
 * (`npm run sweep -- --at-once K`), against a redis-server the benchmark starts (append-only
 * file on, as in production). Each setting first trains a warm-up sweep (the trainer children load TF.js and the
 * data once), then the timed sweep: runs per minute from its submission to its last run's end.
 *
 *   npm run bench:sweep -- [--runs N] [--backend wasm|cpu] [--iterations N] [--at-once K]
 *
 * Runs: the tiny budget (HPS) on the synthetic stand-in for MultiMNIST, 256 training images, N search and N
 * retraining outer iterations of 2 epochs (default N = 2: about a second a run here). Needs redis-server on PATH.
 * Timings are wall clock on a shared machine: the load average is printed.
 */
import os from 'node:os';
import { benchCommandLine, oneOf, wholeNumber } from './lib/commandLine';
import { MAX_RUNS_AT_ONCE } from '../src/experiment/choices';
import { SweepClient } from '../src/sweep/client';
import { gridFromFlags } from '../src/sweep/grid';
import { REDIS_SKIP_REASON, RedisServer } from '../src/sweep/testing/redisServer';
import { WorkerProcess } from '../src/sweep/testing/workerProcess';
import { load } from './lib/format';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const values = benchCommandLine(
  { script: 'bench:sweep', summary: 'Sweep throughput on a local Redis: runs a minute with one worker, two workers, concurrency 2 and runs at once.' },
  {
    runs: { type: 'string', default: '24', value: 'N', help: 'tiny runs in each timed sweep (2–50)' },
    backend: { type: 'string', default: 'wasm', value: 'wasm|cpu', help: "the workers' TF.js backend" },
    iterations: { type: 'string', default: '2', value: 'N', help: "each run's search and retraining outer iterations (of 2 epochs each), as npm run train --search-iterations/--retrain-iterations" },
    'at-once': { type: 'string', default: '4', value: 'K', help: `runs a stack job trains at once in the fourth setting (2–${MAX_RUNS_AT_ONCE}), as npm run sweep --at-once` },
  },
);
const runs = wholeNumber('runs', values.runs, 2, 50);
const atOnce = wholeNumber('at-once', values['at-once'], 2, MAX_RUNS_AT_ONCE);
const epochs = values.iterations ?? '2';
const backend = oneOf('backend', values.backend, ['wasm', 'cpu'] as const);
if (REDIS_SKIP_REASON) {
  console.error(`npm run bench:sweep needs redis-server: ${REDIS_SKIP_REASON}`);
  process.exit(2);
}
const grid = (n: number) =>
  gridFromFlags({ budget: 'tiny', preferences: 'grid', size: String(n), 'train-subset': '256', 'search-iterations': epochs, 'retrain-iterations': epochs, 'inner-epochs': '2', 'retrain-inner-epochs': '2' });
// A bad --iterations is refused here, before anything is printed or started.
grid(2);

interface Timed {
  /** From the sweep's submission to its last run's end. */
  seconds: number;
  /** Median of the runs' own wall times: if it grows with more workers, they are short of cores, not of the queue. */
  runSeconds: number;
}

async function timeSweep(client: SweepClient, name: string, n: number, stacked: number): Promise<Timed> {
  const started = performance.now();
  const manifest = await client.submit(name, grid(n), stacked);
  for (;;) {
    const s = await client.snapshot(manifest);
    if (s.failed > 0) throw new Error(`${s.failed} runs of ${name} failed`);
    if (s.finished === s.total) break;
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  const walls = (await client.outcomes(manifest)).flatMap((o) => (o.state === 'finished' ? [o.result.timing.wallSeconds] : [])).sort((a, b) => a - b);
  return { seconds, runSeconds: walls[Math.floor(walls.length / 2)] };
}

interface Setting {
  label: string;
  processes: number;
  concurrency: number;
  /** Runs a stack job trains at once (1: a job a run). */
  atOnce: number;
}

async function measure(redis: RedisServer, client: SweepClient, setting: Setting, index: number): Promise<{ rate: number; runSeconds: number }> {
  const workers = Array.from({ length: setting.processes }, () => new WorkerProcess(redis.url, { backend, concurrency: setting.concurrency, lockSeconds: 30 }));
  try {
    await Promise.all(workers.map((w) => w.waitFor(/worker \d+ on redis/)));
    // Every trainer child loads TF.js and the data on its first run: not what a long sweep pays per run.
    await timeSweep(client, `warm-${index}`, 2 * setting.processes * setting.concurrency * setting.atOnce, setting.atOnce);
    const timed = await timeSweep(client, `timed-${index}`, runs, setting.atOnce);
    return { rate: (60 * runs) / timed.seconds, runSeconds: timed.runSeconds };
  } finally {
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
  }
}

const settings: Setting[] = [
  { label: 'one worker', processes: 1, concurrency: 1, atOnce: 1 },
  { label: 'two workers (two processes)', processes: 2, concurrency: 1, atOnce: 1 },
  { label: 'one worker, --concurrency 2', processes: 1, concurrency: 2, atOnce: 1 },
  // A run's wall time is then its stack's.
  { label: `one worker, ${atOnce} runs at once`, processes: 1, concurrency: 1, atOnce },
];
const redis = await RedisServer.start();
const client = new SweepClient(redis.url);
try {
  console.log(`sweep throughput: ${runs} tiny runs (synthetic MultiMNIST, HPS, ${epochs}+${epochs} outer iterations × 2 epochs of 256 images), ${backend}, ${os.cpus().length} cores, load ${load(os.loadavg())}`);
  const rates: number[] = [];
  for (const [i, s] of settings.entries()) {
    const { rate, runSeconds } = await measure(redis, client, s, i);
    rates.push(rate);
    // Runs at once report their stack's wall time: per run it is that over the stack's size.
    const wall = s.atOnce > 1 ? `a stack of ${s.atOnce} ${runSeconds.toFixed(2)} s (${(runSeconds / s.atOnce).toFixed(2)} s a run)` : `a run ${runSeconds.toFixed(2)} s`;
    console.log(`${s.label.padEnd(30)} ${rate.toFixed(1).padStart(6)} runs/min  (${(rate / rates[0]).toFixed(2)}× one worker; ${wall}, median)`);
  }
  console.log(`ratio two workers / one: ${(rates[1] / rates[0]).toFixed(2)} (target ≥ 1.8 on 2 cores); load ${load(os.loadavg())}`);
} finally {
  await client.close();
  await redis.dispose();
}
