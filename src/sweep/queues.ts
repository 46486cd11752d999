/**
 * The two BullMQ queues a sweep uses and how every process connects to Redis. A sweep is one flow: a parent job
 * in `paretoscope-sweeps` (the sweep: its grid, its experiment) with one child job per run in `paretoscope-runs`.
 * The connection comes from one URL (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS), the same for
 * the submitter, the watchers and every worker on every machine. What is retried, and when, is decided here.
 */
import type { ConnectionOptions, JobsOptions, WorkerOptions } from 'bullmq';
import { UsageError } from '../experiment/cli';

export const RUNS_QUEUE = 'paretoscope-runs';
export const SWEEPS_QUEUE = 'paretoscope-sweeps';

/** Redis URL from the environment when --redis is not given (keeps a password out of the process list). */
export const REDIS_URL_ENV = 'PARETOSCOPE_REDIS_URL';

/**
 * How long a client (sweep, watch, collect) keeps trying to reach Redis: 8 tries over about 9 s, long enough for a
 * restart, short enough that a wrong URL or a stopped server is an error, not a hang. The count starts again after
 * each connection, so every outage gets its 8 tries.
 */
export const CLIENT_RECONNECT_TRIES = 8;
const clientRetryDelay = (times: number): number | null => (times > CLIENT_RECONNECT_TRIES ? null : Math.min(times * 250, 2000));

/**
 * ioredis options for a redis:// or rediss:// URL. A worker waits through a Redis restart (its commands are held
 * until Redis is back); a client gives up on a command after a few tries and on the connection after
 * CLIENT_RECONNECT_TRIES, so that a wrong URL is an error, not a hang.
 */
export function connectionOf(url: string, role: 'worker' | 'client' = 'worker'): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a URL like redis://host:6379 (rediss:// for TLS), got '${url}'`);
  }
  // `localhost:6379` parses as a URL of the scheme `localhost:`: the whole value is quoted, and the URL it likely meant.
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`--redis must start with redis:// or rediss://, got '${url}'${url.includes('://') ? '' : `: did you mean redis://${url}?`}`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new UsageError(`--redis: the database after the host must be a number, got '${db}'`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    // rediss://: TLS with Node's certificate checks (a private CA: NODE_EXTRA_CA_CERTS=ca.pem).
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    ...(role === 'client' ? { retryStrategy: clientRetryDelay } : {}),
  };
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether an error says Redis cannot be reached (a refused or broken connection, a command given up on while
 * reconnecting), as opposed to an error of a command Redis answered.
 */
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  return /Connection is closed|max retries per request|Stream isn't writeable|Socket closed unexpectedly|\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)\b/i.test(error.message);
}

/** A failure to reach Redis, said as what to do about it; any other error as it is. */
export function redisFailureMessage(error: unknown, url: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return isRedisUnreachable(error)
    ? `cannot reach Redis at ${shownUrl(url)} (${text}): start redis-server there, or give the right one with --redis URL or $${REDIS_URL_ENV}`
    : text;
}

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Tries of a run whose training threw (a worker that dies is not a try: it stalls, see below). */
export const RUN_ATTEMPTS = 3;

/**
 * A run's job: retried with exponential backoff when its training throws (a crashed trainer process, a dataset that
 * is missing on one machine), not when it cannot succeed (a malformed job, a diverged run: UnrecoverableError). Its
 * failure does not hold the sweep back (the parent goes on and lists it). Finished and failed jobs are kept: they
 * are the sweep's results.
 */
export function runJobOptions(jobId: string): JobsOptions {
  return {
    jobId,
    attempts: RUN_ATTEMPTS,
    backoff: { type: 'exponential', delay: 2000 },
    ignoreDependencyOnFailure: true,
    removeOnComplete: false,
    removeOnFail: false,
  };
}

export interface LockTiming {
  /** How long a worker's lock on a job lasts without renewal; a dead worker's job is taken back after it. */
  lockMs: number;
}

/** Default lock: a worker that dies gives its job back within about a minute. */
export const DEFAULT_LOCK_MS = 30_000;

/**
 * Stalled-job handling: a worker that stops renewing its lock (killed, its machine gone, cut off from Redis) loses
 * the job, which goes back to the queue for any worker, at most MAX_STALLS times before it fails. Training runs in
 * a child process, so the worker process itself keeps renewing its locks however long a step takes.
 */
export const MAX_STALLS = 3;

export function lockOptions({ lockMs }: LockTiming): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  return { lockDuration: lockMs, stalledInterval: Math.max(1000, Math.round(lockMs / 2)), maxStalledCount: MAX_STALLS };
}
