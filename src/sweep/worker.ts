/**
 * A sweep worker (`npm run worker`): takes run jobs from Redis and trains them, N at a time, each in a child process
 * of its own (processor.ts: TF.js keeps one backend per process, and a run's steps must not starve the lock
 * renewals, which this process does); and closes sweeps whose runs have all ended (the parent jobs), listing what
 * finished and what failed. Any number of workers on any number of machines may serve the same Redis.
 */
import { Worker, type Job } from 'bullmq';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NodeBackendName } from '../experiment/choices';
import type { RunJobResult, StackJobResult } from './job';
import { sweepSummary, type SweepManifest, type SweepSummary } from './sweepFile';
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

export interface RunningWorker {
  runs: Worker;
  sweeps: Worker;
  /** Stops taking jobs; waits for the runs in progress to end unless `force`. */
  close(force?: boolean): Promise<void>;
  /** Run jobs this worker has started and not yet ended. */
  inProgress(): number;
}

const PROCESSOR = fileURLToPath(new URL('./processor.ts', import.meta.url));
const ORPHAN_GUARD = pathToFileURL(fileURLToPath(new URL('./orphanGuard.ts', import.meta.url))).href;

/** A finished stack job in the log: how many of its runs finished, and why the others failed. */
const stackLine = ({ runs }: StackJobResult): string => {
  const finished = runs.flatMap((r) => (r.state === 'finished' ? [r.result.timing.wallSeconds] : []));
  const failed = runs.flatMap((r) => (r.state === 'failed' ? [`${r.run} failed: ${r.reason}`] : []));
  const time = finished.length > 0 ? ` in ${finished[0].toFixed(1)} s` : '';
  return [`${finished.length} of ${runs.length} runs at once finished${time}`, ...failed].join('; ');
};

export async function startWorker(settings: WorkerSettings): Promise<RunningWorker> {
  const connection = connectionOf(settings.url);
  const runs = new Worker<unknown, RunJobResult | StackJobResult>(RUNS_QUEUE, PROCESSOR, {
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
      const [values, failures] = await Promise.all([job.getChildrenValues(), job.getIgnoredChildrenFailures()]);
      return sweepSummary(job.data as SweepManifest, values, failures);
    },
    { connection, concurrency: 1, ...lockOptions(settings) },
  );
  const id = (job: Job | undefined) => job?.id ?? '?';
  const active = new Set<string>();
  const ended = (job: Job | undefined) => job?.id !== undefined && active.delete(job.id);
  runs.on('active', (job) => {
    if (job.id !== undefined) active.add(job.id);
    settings.log(`start ${id(job)} (try ${job.attemptsStarted})`);
  });
  runs.on('completed', ended);
  runs.on('failed', ended);
  runs.on('completed', (job, result) => settings.log(`done ${id(job)} ${'runs' in result ? stackLine(result) : `in ${result.timing.wallSeconds.toFixed(1)} s`}`));
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
    inProgress: () => active.size,
  };
}
