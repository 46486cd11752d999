/**
 * A sweep worker (`npm run worker`): takes run jobs from Redis and trains them, N at a time, each in a child process
 * of its own (processor.ts: TF.js keeps one backend per process, and a run's steps must not starve the lock
 * renewals, which this process does); and closes sweeps whose runs have all ended (the parent jobs), listing what
 * finished and what failed. Any number of workers on any number of machines may serve the same Redis.
 *
 * Its data folder is checked before it starts (checkDataFolder) and before each run (a run whose dataset this
 * worker cannot read goes back to the queue untried, and the worker stops: another worker, or this one once the
 * data is prepared, trains it). Redis going away and coming back is said in one line each (RedisOutage).
 */
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DATA_PROBLEM_NAMES, type NodeBackendName } from '../experiment/choices';
import { RedisOutage, redisAddress } from './client';
import { dataUnusable, prepareHint } from './dataFolder';
import { isStackJobData, type RunJobResult, type StackJobResult } from './job';
import { sweepSummary, type SweepManifest, type SweepSummary } from './sweepFile';
import { BACKEND_ENV, CODE_ENV, DATA_ENV } from './workerEnv';
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
  /** The code this worker runs (scripts/runMetadata.ts codeVersion), named in each run's note; null: unknown. */
  code?: string | null;
}

export interface RunningWorker {
  runs: Worker;
  sweeps: Worker;
  /** Stops taking jobs; waits for the runs in progress to end unless `force`. */
  close(force?: boolean): Promise<void>;
  /** Run jobs this worker has started and not yet ended. */
  inProgress(): number;
  /**
   * Resolves, with what to tell the person, once the worker has stopped by itself: its data could not serve a run
   * (the run went back to the queue untried; the runs in progress were finished first). Its process should exit
   * non-zero. Never resolves otherwise.
   */
  stopped: Promise<string>;
}

const PROCESSOR = fileURLToPath(new URL('./processor.ts', import.meta.url));
const ORPHAN_GUARD = pathToFileURL(fileURLToPath(new URL('./orphanGuard.ts', import.meta.url))).href;

/** The problem a run or stack job trains (undefined for a job too malformed to say: the processor fails it). */
function problemOf(data: unknown): string | undefined {
  const config = (isStackJobData(data) ? (data as { runs?: { config?: unknown }[] }).runs?.[0]?.config : (data as { config?: unknown } | null)?.config) as { problem?: unknown } | undefined;
  return typeof config?.problem === 'string' ? config.problem : undefined;
}

type RunResult = RunJobResult | StackJobResult;

/**
 * The run jobs' worker: before a run is handed to a trainer process, and after one failed, it checks that its data
 * can serve the run's problem. When it cannot, the run goes back to the queue untried (BullMQ's moveToWait: no try
 * is counted, as when a worker dies) and `unusable` is told, which stops the worker: retried on the same broken
 * worker, the run would only use up its tries.
 */
class RunsWorker extends Worker<unknown, RunResult> {
  constructor(
    opts: ConstructorParameters<typeof Worker<unknown, RunResult>>[2],
    private readonly data: string,
    private readonly unusable: (job: Job, problem: string, why: string) => void,
  ) {
    super(RUNS_QUEUE, PROCESSOR, opts);
  }

  protected override async callProcessJob(job: Job<unknown, RunResult>, token: string, signal?: AbortSignal): Promise<RunResult> {
    const problem = problemOf(job.data);
    // A problem no data folder serves (a typo, a newer client's): the processor fails the job as malformed, where it is.
    if (problem === undefined || !(DATA_PROBLEM_NAMES as readonly string[]).includes(problem)) return super.callProcessJob(job, token, signal);
    const before = await dataUnusable(this.data, problem, false);
    if (before) return this.giveBack(job, token, problem, before);
    try {
      return await super.callProcessJob(job, token, signal);
    } catch (error) {
      // A malformed or diverged run fails where it is; anything else may have been this worker's data.
      if ((error as Error).name === UnrecoverableError.name || this.closing) throw error;
      const after = await dataUnusable(this.data, problem, true);
      if (after) return this.giveBack(job, token, problem, after);
      throw error;
    }
  }

  private async giveBack(job: Job, token: string, problem: string, why: string): Promise<never> {
    // Told first: the worker starts closing, so that BullMQ does not fetch another job on the way out.
    this.unusable(job, problem, why);
    // If this fails (Redis away), the run is taken back once its lock lapses, as a dead worker's is.
    await job.moveToWait(token).catch(() => undefined);
    throw new WaitingError();
  }
}

/** A finished stack job in the log: how many of its runs finished, and why the others failed. */
const stackLine = ({ runs }: StackJobResult): string => {
  const finished = runs.flatMap((r) => (r.state === 'finished' ? [r.result.timing.wallSeconds] : []));
  const failed = runs.flatMap((r) => (r.state === 'failed' ? [`${r.run} failed: ${r.reason}`] : []));
  const time = finished.length > 0 ? ` in ${finished[0].toFixed(1)} s` : '';
  return [`${finished.length} of ${runs.length} runs at once finished${time}`, ...failed].join('; ');
};

/**
 * An error BullMQ met finishing a job whose lock this worker no longer holds, said in words (null: another error).
 * It happens when the lock lapsed — Redis restarted, or was away longer than the lock — and the run was, or will
 * be, taken back to the queue by a stall check; its result here is not recorded.
 */
export function lockLossLine(message: string): { job: string; line: string } | null {
  const missing = /^Missing lock for job (\S+?)\.? (\w+)/.exec(message) ?? /^could not renew lock for job (\S+)/.exec(message);
  if (missing) return { job: missing[1], line: `${missing[1]}: this worker lost its lock on the run (Redis restarted, or was away longer than --lock-seconds); the run goes back to the queue and trains again, here or on another worker, if Redis still holds it (one restarted without its data lost the sweep) — this try's result is not recorded` };
  const mismatch = /^Lock mismatch for job (\S+?)\.? /.exec(message);
  if (mismatch) return { job: mismatch[1], line: `${mismatch[1]}: another worker has taken the run over (this worker's lock had lapsed); this try's result is not recorded` };
  const moved = /^Job (\S+) is not in the active state/.exec(message);
  if (moved) return { job: moved[1], line: `${moved[1]}: the run had already gone back to the queue or ended elsewhere; this try's result is not recorded` };
  const gone = /^Missing key for job (\S+?)\.? (\w+)/.exec(message) ?? /^Missing key for job (\S+?)\.?$/.exec(message);
  if (gone) return { job: gone[1], line: `${gone[1]}: Redis no longer holds the run (restarted without its data, flushed, or the sweep removed); this try's result is not recorded` };
  return null;
}

/** Why a run's try failed, in words where BullMQ's are a child process's exit ("Unexpected exit code: null signal: SIGKILL"). */
export function failureText(message: string): string {
  const signal = /^Unexpected exit code: null signal: (\w+)/.exec(message);
  if (signal) return `its trainer process was killed (${signal[1]})`;
  const code = /^Unexpected exit code: (\d+)/.exec(message);
  return code ? `its trainer process exited with code ${code[1]}` : message;
}

export async function startWorker(settings: WorkerSettings): Promise<RunningWorker> {
  const connection = connectionOf(settings.url);
  let stop: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  let stopping = false;
  const id = (job: Job | undefined) => job?.id ?? '?';
  const active = new Set<string>();
  const runs: RunsWorker = new RunsWorker(
    {
      connection,
      concurrency: settings.concurrency,
      ...lockOptions(settings),
      // The children learn their backend and data from the environment; they share the worker's execArgv (tsx), and
      // preload the guard that ends them when the worker is gone. Each in a process group of its own (detached): a
      // terminal's Ctrl-C signals its whole foreground group, and a child that heard it would end its run on its own —
      // the worker then lost the run's result (a try used up) or, the child gone while it started, waited for ever.
      workerForkOptions: {
        env: { ...process.env, [BACKEND_ENV]: settings.backend, [DATA_ENV]: settings.data, [CODE_ENV]: settings.code ?? '' },
        execArgv: [...process.execArgv, '--import', ORPHAN_GUARD],
        detached: true,
      },
    },
    settings.data,
    (job, problem, why) => {
      if (job.id !== undefined) active.delete(job.id);
      settings.log(`gave ${id(job)} back to the queue untried: --data ${settings.data} cannot serve ${problem} (${why})`);
      if (stopping) return;
      stopping = true;
      const reason = `stopped: --data ${settings.data} cannot serve ${problem} runs (${why}); ${prepareHint(settings.data, problem)}. The run went back to the queue for another worker.`;
      // Not awaited: closing waits for the jobs in progress, this one among them.
      void Promise.all([runs.close(), sweeps.close()]).finally(() => stop(reason));
    },
  );
  const sweeps = new Worker<unknown, SweepSummary>(
    SWEEPS_QUEUE,
    async (job: Job) => {
      const [values, failures] = await Promise.all([job.getChildrenValues(), job.getIgnoredChildrenFailures()]);
      return sweepSummary(job.data as SweepManifest, values, failures);
    },
    { connection, concurrency: 1, ...lockOptions(settings) },
  );
  const ended = (job: Job | undefined) => job?.id !== undefined && active.delete(job.id);
  runs.on('active', (job) => {
    if (job.id !== undefined) active.add(job.id);
    explained.delete(id(job));
    settings.log(`start ${id(job)} (try ${job.attemptsStarted})`);
  });
  runs.on('completed', ended);
  runs.on('failed', ended);
  runs.on('completed', (job, result) => settings.log(`done ${id(job)} ${'runs' in result ? stackLine(result) : `in ${result.timing.wallSeconds.toFixed(1)} s`}`));
  runs.on('failed', (job, error) => {
    // A try that BullMQ retries is no failed run yet: say that it trains again.
    const again = job && error.name !== UnrecoverableError.name && job.attemptsMade < (job.opts.attempts ?? 1) ? '; it trains again' : '';
    settings.log(`failed ${id(job)} (try ${job?.attemptsStarted ?? '?'}): ${failureText(error.message)}${again}`);
  });
  runs.on('stalled', (jobId) => settings.log(`stalled ${jobId}: its worker stopped renewing the lock; back in the queue`));
  sweeps.on('completed', (job, summary) => settings.log(`sweep ${id(job)} ended: ${summary.finished} finished, ${Object.keys(summary.failed).length} failed`));
  // Redis away: one line when it goes, one when it is back (its four connections retry every 2 s or so, each try an
  // error); a lost lock in words, once a run.
  const outage = new RedisOutage(redisAddress(settings.url), settings.log, { connected: false });
  const explained = new Set<string>();
  for (const w of [runs, sweeps]) {
    w.on('error', (error) => {
      if (outage.error(error)) return;
      const lost = lockLossLine(error.message);
      if (!lost) return settings.log(`redis: ${error.message}`);
      // A job whose finishing BullMQ gave up on: it ended here, whatever becomes of the run.
      active.delete(lost.job);
      if (explained.has(lost.job)) return;
      explained.add(lost.job);
      settings.log(lost.line);
    });
    w.getBackend().on('ready', () => outage.ready());
  }
  await Promise.all([runs.waitUntilReady(), sweeps.waitUntilReady()]);
  outage.ready();
  return {
    runs,
    sweeps,
    close: async (force = false) => {
      await Promise.all([runs.close(force), sweeps.close(force)]);
    },
    inProgress: () => active.size,
    stopped,
  };
}
