/**
 * The submitting side of a sweep: puts a grid into Redis as one BullMQ flow (the sweep's parent job, a child job per
 * run or per stack of runs trained at once), and reads back where a sweep stands (for --watch) and how its runs ended
 * (for --collect).
 */
import { FlowProducer, Job, Queue } from 'bullmq';
import type { SweepGrid } from './grid';
import type { JobProgress, RunJobResult, StackJobData, StackJobResult } from './job';
import { connectionOf, isRedisUnreachable, runJobOptions, RUNS_QUEUE, SWEEPS_QUEUE } from './queues';
import { manifestJobs, manifestOf, type RunOutcome, type SweepManifest } from './sweepFile';
import { sweepJobs } from './sweepJobs';

/** A job that is training: how far it is (from its job's progress), and how many runs it trains at once. */
export interface ActiveJob {
  job: string;
  fraction: number;
  runs: number;
  /** Its runs' planned work (ManifestRun.work); absent: each run weighs the same. */
  work?: number;
}

export interface SweepSnapshot {
  /** Runs. */
  total: number;
  finished: number;
  /** Failed after their job's last try, or alone in a stack. */
  failed: number;
  active: ActiveJob[];
  /** When the first job started (ms since 1970), null before; a retried job's is its last try's (see steadyStart). */
  startedAt: number | null;
  /** When the sweep closed (its parent job ran after every run ended), null before. */
  endedAt: number | null;
  /** The sweep's parent job has run: every run ended. */
  closed: boolean;
  /** The jobs that have ended (completed, or failed after their last try): a job not in it may still train again. */
  endedJobs: string[];
  /**
   * The runs' planned work (ManifestRun.work): all of it, and that of the ended jobs' runs. Absent (a sweep from before
   * the manifest recorded it): each run weighs the same.
   */
  work?: { total: number; ended: number };
}

const progressOf = (progress: unknown): JobProgress | null => {
  const p = (typeof progress === 'string' ? safeJson(progress) : progress) as Partial<JobProgress> | null;
  return p && typeof p.step === 'number' && typeof p.total === 'number' ? (p as JobProgress) : null;
};
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};
const progressFraction = (p: JobProgress | null): number => (p && p.total > 0 ? Math.min(1, p.step / p.total) : 0);

/** host:port of a Redis URL, for messages (never its password). */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || '6379'}`;
  } catch {
    return url;
  }
}

/**
 * Says a Redis outage in two lines, not one per reconnection try or failed command: "lost Redis at host:port;
 * retrying" when it goes (or "no Redis at host:port yet" before it was ever reached), and "Redis at host:port is
 * back" when it is. Errors in the first `quietMs` after it came back are taken as the last of the outage (one
 * connection back before another), not a new one.
 */
export class RedisOutage {
  private reached: boolean;
  private down = false;
  private backAt = Number.NEGATIVE_INFINITY;
  private readonly quietMs: number;

  constructor(
    private readonly address: string,
    private readonly say: (line: string) => void,
    { connected = true, quietMs = 2000 }: { connected?: boolean; quietMs?: number } = {},
  ) {
    this.reached = connected;
    this.quietMs = quietMs;
  }

  /** An error met: true when it was Redis being unreachable (said once per outage), false for any other error. */
  error(error: unknown, now = Date.now()): boolean {
    if (!isRedisUnreachable(error)) return false;
    if (!this.down && now - this.backAt >= this.quietMs) {
      this.down = true;
      this.say(this.reached ? `lost Redis at ${this.address}; retrying — is redis-server running?` : `no Redis at ${this.address} yet; retrying — is redis-server running?`);
    }
    return true;
  }

  /** Redis answered (or a connection to it is ready). */
  ready(now = Date.now()): void {
    if (this.down) {
      this.say(this.reached ? `Redis at ${this.address} is back` : `reached Redis at ${this.address}`);
      this.backAt = now;
    }
    this.down = false;
    this.reached = true;
  }
}

/** A claim on a sweep's name outlives a submit that died half-way by this long at most. */
const NAME_CLAIM_SECONDS = 60;
const CLAIM_COMMAND = 'paretoscopeClaimSweepName';
/** KEYS: the sweep's job, the claim; ARGV: the claim's value, its seconds. One step: no other submit comes between. */
const CLAIM_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'taken' end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 'claimed' end
return 'busy'`;

/** No sweep of that name in Redis: never submitted, obliterated, or lost with Redis's data (no poll brings it back). */
export class SweepNotFound extends Error {
  /** `known`: the sweeps Redis holds (named where they are few), when they were looked up. */
  constructor(id: string, known: readonly string[] = []) {
    const some = known.length === 0 ? '' : known.length <= 5 ? `; in Redis: ${known.join(', ')}` : `; ${known.length} sweeps in Redis (--list names them)`;
    super(`no sweep named ${id} in Redis (never submitted, removed, or lost with Redis's data)${some}`);
    this.name = 'SweepNotFound';
  }
}

/** A sweep that cannot be removed now: a worker trains one of its jobs. */
export class SweepTraining extends Error {
  constructor(id: string, jobs: number) {
    super(`sweep ${id} has ${jobs === 1 ? 'a job' : `${jobs} jobs`} training: remove it once ${jobs === 1 ? 'it has' : 'they have'} ended (--watch waits for that)`);
    this.name = 'SweepTraining';
  }
}

export class SweepClient {
  readonly runs: Queue;
  readonly sweeps: Queue;
  private readonly flows: FlowProducer;

  constructor(url: string) {
    const connection = connectionOf(url, 'client');
    this.runs = new Queue(RUNS_QUEUE, { connection });
    this.sweeps = new Queue(SWEEPS_QUEUE, { connection });
    this.flows = new FlowProducer({ connection });
    // A connection error also rejects the command that met it, which says it once; unheard, each reconnection try
    // would print its whole error object.
    for (const queue of [this.runs, this.sweeps]) queue.on('error', () => undefined);
    this.flows.on('error', () => undefined);
  }

  /**
   * Submits the grid as sweep `id`, its runs `atOnce` at a time where they can be trained at once (sweepJobs.ts);
   * refused when a sweep of that id exists (its runs would not be added again).
   */
  async submit(id: string, grid: SweepGrid, atOnce = 1, now = Date.now()): Promise<SweepManifest> {
    const taken = `a sweep named ${id} is already in Redis: --watch or --collect it, or choose another --name`;
    if (await Job.fromId(this.sweeps, id)) throw new Error(taken);
    // BullMQ adds a job whose id exists without a word: two submits of one name at once would both say "submitted"
    // and one sweep would be lost. The name is checked and claimed in one step (a Lua script), until the job is added.
    const client = await this.sweeps.backend.client;
    const claim = `${this.sweeps.qualifiedName}:claim:${id}`;
    client.defineCommand(CLAIM_COMMAND, { numberOfKeys: 2, lua: CLAIM_LUA });
    const claimed = (await client.runCommand(CLAIM_COMMAND, [`${this.sweeps.qualifiedName}:${id}`, claim, String(now), NAME_CLAIM_SECONDS])) as string;
    if (claimed === 'taken') throw new Error(taken);
    if (claimed !== 'claimed') throw new Error(`a sweep named ${id} is being submitted by another command right now: choose another --name`);
    try {
      const jobs = sweepJobs(id, grid.settings.budget, grid.runs, atOnce);
      const manifest = manifestOf(id, grid, now, jobs);
      await this.flows.add({
        name: 'sweep',
        queueName: SWEEPS_QUEUE,
        data: manifest,
        opts: { jobId: id, removeOnComplete: false, removeOnFail: false },
        children: jobs.map((job) => ({ name: job.kind, queueName: RUNS_QUEUE, data: job.data, opts: runJobOptions(job.id) })),
      });
      return manifest;
    } finally {
      // Added (or not): from now on the sweep's own job answers for the name.
      await client.del(claim).catch(() => undefined);
    }
  }

  /**
   * The workers connected to the runs' queue, as Redis's client list names them (null where it cannot tell: a managed
   * Redis without CLIENT SETNAME lists none).
   */
  async workers(): Promise<number | null> {
    try {
      return await this.runs.getWorkersCount();
    } catch {
      return null;
    }
  }

  async manifest(id: string): Promise<SweepManifest> {
    const job = await Job.fromId(this.sweeps, id);
    if (!job) throw new SweepNotFound(id, await this.sweepIds().catch(() => []));
    return job.data as SweepManifest;
  }

  /** The ids of the sweeps in Redis, oldest first. */
  async sweepIds(): Promise<string[]> {
    return (await this.list()).map((m) => m.sweep);
  }

  /** The sweeps in Redis, oldest first. */
  async list(): Promise<SweepManifest[]> {
    // Every state a sweep's parent job can be in: waiting for its runs, then closed (a worker completes it).
    const jobs = await this.sweeps.getJobs(['waiting-children', 'waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
    return jobs
      .filter((job): job is Job => job !== undefined && job !== null && typeof job.data?.sweep === 'string')
      .map((job) => job.data as SweepManifest)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * The jobs of the sweep a worker trains now: active, and locked by it (a job whose worker died stays active, its
   * lock gone, until a worker's stall check sends it back).
   */
  async training(manifest: SweepManifest): Promise<string[]> {
    const active = (await this.activeJobsOf(manifest)).map((j) => j.id as string);
    const client = await this.runs.backend.client;
    const locked = await Promise.all(active.map((id) => client.runCommand('exists', [`${this.runs.toKey(id)}:lock`])));
    return active.filter((_, i) => locked[i] === 1);
  }

  /**
   * Removes the sweep and every job of its runs, results included (BullMQ removes a parent with its children). BullMQ
   * refuses while a worker holds a job's lock (it would find its job gone at its end): said as such.
   */
  async remove(manifest: SweepManifest): Promise<void> {
    const parent = await Job.fromId(this.sweeps, manifest.sweep);
    if (!parent) throw new SweepNotFound(manifest.sweep);
    try {
      await parent.remove({ removeChildren: true });
    } catch (error) {
      if (/locked/i.test(error instanceof Error ? error.message : String(error))) throw new SweepTraining(manifest.sweep, 1);
      throw error;
    }
  }

  /** The sweep's run jobs in BullMQ's active state (a job whose worker died included, until a stall check sends it back). */
  private async activeJobsOf(manifest: SweepManifest): Promise<Job[]> {
    const parentKey = `${this.sweeps.qualifiedName}:${manifest.sweep}`;
    return (await this.runs.getActive()).filter((j) => j.parentKey === parentKey);
  }

  /** Where the sweep stands: counts of runs, the jobs in progress, when it started. */
  async snapshot(manifest: SweepManifest): Promise<SweepSnapshot> {
    const parent = await Job.fromId(this.sweeps, manifest.sweep);
    if (!parent) throw new SweepNotFound(manifest.sweep);
    const jobs = [...manifestJobs(manifest)];
    // The active jobs first: a job that ends meanwhile is then among the ended below, not missing from both.
    const activeJobs = await this.activeJobsOf(manifest);
    // Four small replies a job (not the jobs: a finished job holds its whole result).
    const client = await this.runs.backend.client;
    const pipeline = client.pipeline();
    for (const [job] of jobs) {
      pipeline.runCommand('zscore', [this.runs.toKey('completed'), job]);
      pipeline.runCommand('zscore', [this.runs.toKey('failed'), job]);
      pipeline.runCommand('hget', [this.runs.toKey(job), 'processedOn']);
      pipeline.runCommand('hget', [this.runs.toKey(job), 'progress']);
    }
    const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => (error ? null : value));
    let [finished, failed] = [0, 0];
    const started: number[] = [];
    const endedJobs: string[] = [];
    jobs.forEach(([job, runs], j) => {
      const [completed, jobFailed, processedOn, progress] = replies.slice(4 * j, 4 * j + 4);
      const startedAt = Number(processedOn);
      if (Number.isFinite(startedAt) && startedAt > 0) started.push(startedAt);
      if (jobFailed !== null || completed !== null) endedJobs.push(job);
      if (jobFailed !== null) failed += runs.length;
      else if (completed !== null) {
        // A stack's runs that failed alone are named in its last progress.
        const alone = progressOf(progress)?.failed?.length ?? 0;
        failed += alone;
        finished += runs.length - alone;
      }
    });
    const sizeOf = new Map(jobs.map(([job, runs]) => [job, runs.length]));
    const endedSet = new Set(endedJobs);
    // Weighed by their planned work where the manifest has every run's.
    const weighed = manifest.runs.every((r) => typeof r.work === 'number' && r.work > 0);
    const workOf = new Map(jobs.map(([job, runs]) => [job, runs.reduce((sum, r) => sum + (r.work ?? 0), 0)]));
    const active = activeJobs
      .filter((j) => !endedSet.has(j.id as string))
      .map((j) => ({ job: j.id as string, fraction: progressFraction(progressOf(j.progress)), runs: sizeOf.get(j.id as string) ?? 1, ...(weighed ? { work: workOf.get(j.id as string) ?? 0 } : {}) }));
    const state = await parent.getState();
    const closed = state === 'completed' || state === 'failed';
    return {
      total: manifest.runs.length,
      finished,
      failed,
      active,
      startedAt: started.length > 0 ? Math.min(...started) : null,
      endedAt: closed ? (parent.finishedOn ?? null) : null,
      closed,
      endedJobs,
      ...(weighed ? { work: { total: [...workOf.values()].reduce((a, b) => a + b, 0), ended: endedJobs.reduce((sum, job) => sum + (workOf.get(job) ?? 0), 0) } } : {}),
    };
  }

  /** How each run of the sweep ended (or that it has not). */
  async outcomes(manifest: SweepManifest): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    for (const [id, runs] of manifestJobs(manifest)) {
      const job = await Job.fromId<unknown, RunJobResult | StackJobResult>(this.runs, id);
      const state = job ? await job.getState() : null;
      for (const { run, job: stack } of runs) {
        // A stack job's data holds each run's own job data (what a failed run's record is made from).
        const data = stack === undefined ? job?.data : (job?.data as StackJobData | undefined)?.runs.find((r) => r.run === run);
        if (!job) out.push({ run, state: 'missing' });
        else if (state === 'failed') out.push({ run, state: 'failed', reason: job.failedReason, data, startedAt: job.processedOn ?? null, endedAt: job.finishedOn ?? null });
        else if (state !== 'completed') out.push({ run, state: 'pending' });
        else if (stack === undefined) out.push({ run, state: 'finished', result: job.returnvalue as RunJobResult });
        else {
          const own = (job.returnvalue as StackJobResult).runs.find((r) => r.run === run);
          if (own?.state === 'finished') out.push({ run, state: 'finished', result: own.result });
          else out.push({ run, state: 'failed', reason: own?.reason ?? `its stack ${id} returned no result for it`, data, startedAt: own?.startedAt ?? null, endedAt: own?.endedAt ?? null });
        }
      }
    }
    // In the manifest's order.
    const byRun = new Map(out.map((o) => [o.run, o]));
    return manifest.runs.map((r) => byRun.get(r.run) as RunOutcome);
  }

  async close(): Promise<void> {
    await Promise.all([this.runs.close(), this.sweeps.close(), this.flows.close()]);
  }
}
