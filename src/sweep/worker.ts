/**
 * A sweep worker (`npm run worker`): takes run jobs from Redis and trains them, N at a time, each in a child process
 * of its own (processor.ts: TF.js keeps one backend per process, and a run's steps must not starve the lock
 * renewals, which this process does); and closes sweeps whose runs have all ended (the parent jobs), listing what
 * finished and what failed. Any number of workers on any number of machines may serve the same Redis.
 */
import { Worker, type Job } from 'bullmq';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NodeBackendName } from '../experiment/choices';
import type { RunJobResult } from './job';
import { BACKEND_ENV, DATA_ENV } from './workerEnv';
import { connectionOf, lockOptions, RUNS_QUEUE, SWEEPS_QUEUE } from './queues';

export interface WorkerSettings {
  url: string;
  /** Runs trained at once (child processes). */
  concurrency: number;
  backend: NodeBackendName;
  /** Prepared data folder, or 'synthetic'. */
  data: string;
  lockMs: number;
  log(line: string): void;
}

/** What a sweep's parent job returns once every run has ended. */
export interface SweepSummary {
  finished: number;
  /** Run job key → why it failed (after its last try). */
  failed: Record<string, string>;
}

export interface RunningWorker {
  runs: Worker;
  sweeps: Worker;
  /** Stops taking jobs; waits for the runs in progress to end unless `force`. */
  close(force?: boolean): Promise<void>;
}

const PROCESSOR = fileURLToPath(new URL('./processor.ts', import.meta.url));
const ORPHAN_GUARD = pathToFileURL(fileURLToPath(new URL('./orphanGuard.ts', import.meta.url))).href;

export async function startWorker(settings: WorkerSettings): Promise<RunningWorker> {
  const connection = connectionOf(settings.url);
  const runs = new Worker<unknown, RunJobResult>(RUNS_QUEUE, PROCESSOR, {
    connection,
    concurrency: settings.concurrency,
    ...lockOptions(settings),
    // The children learn their backend and data from the environment; they share the worker's execArgv (tsx), and
    // preload the guard that ends them when the worker is gone.
    workerForkOptions: { env: { ...process.env, [BACKEND_ENV]: settings.backend, [DATA_ENV]: settings.data }, execArgv: [...process.execArgv, '--import', ORPHAN_GUARD] },
  });
  const sweeps = new Worker<unknown, SweepSummary>(
    SWEEPS_QUEUE,
    async (job: Job) => {
      const [values, failed] = await Promise.all([job.getChildrenValues(), job.getIgnoredChildrenFailures()]);
      return { finished: Object.keys(values).length, failed };
    },
    { connection, concurrency: 1, ...lockOptions(settings) },
  );
  const id = (job: Job | undefined) => job?.id ?? '?';
  runs.on('active', (job) => settings.log(`start ${id(job)} (try ${job.attemptsStarted})`));
  runs.on('completed', (job, result) => settings.log(`done ${id(job)} in ${result.timing.wallSeconds.toFixed(1)} s`));
  runs.on('failed', (job, error) => settings.log(`failed ${id(job)} (try ${job?.attemptsStarted ?? '?'}): ${error.message}`));
  runs.on('stalled', (jobId) => settings.log(`stalled ${jobId}: its worker stopped renewing the lock; back in the queue`));
  sweeps.on('completed', (job, summary) => settings.log(`sweep ${id(job)} ended: ${summary.finished} finished, ${Object.keys(summary.failed).length} failed`));
  for (const w of [runs, sweeps]) w.on('error', (error) => settings.log(`redis: ${error.message}`));
  await Promise.all([runs.waitUntilReady(), sweeps.waitUntilReady()]);
  return {
    runs,
    sweeps,
    close: async (force = false) => {
      await Promise.all([runs.close(force), sweeps.close(force)]);
    },
  };
}
