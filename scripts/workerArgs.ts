/** Command-line arguments of `npm run worker` (kept apart from its I/O so the rules are unit-tested). */
import { numberOfText } from '../src/experiment/link/fields';
import { line, UsageError } from '../src/experiment/cli';
import { NODE_BACKEND_NAMES, type NodeBackendName } from '../src/experiment/choices';
import { connectionOf, DEFAULT_LOCK_MS, REDIS_URL_ENV } from '../src/sweep/queues';
import { SYNTHETIC_DATA } from '../src/sweep/workerEnv';
import { DEFAULT_REDIS_URL } from './sweepArgs';
import { parseFlags } from './flags';
import { dataDirOfFlag } from './dataDir';

export { UsageError } from '../src/experiment/cli';

export const WORKER_USAGE = `Usage: npm run worker -- [--redis URL] [--concurrency N] [--backend ${NODE_BACKEND_NAMES.join('|')}] [--data DIR] [--lock-seconds S]

Trains the runs of sweeps (npm run sweep) from Redis until stopped (Ctrl-C: finish the runs in progress; twice: at
once). Each of the N runs at a time trains in a child process of its own, on its own TF.js backend.

The data folder is checked first: one that can serve no run is refused (exit code 2). A run whose data this worker
cannot read goes back to the queue untried, and the worker stops (exit code 1) for another worker to train it.

${line('--redis URL', `redis://[user:password@]host:port[/db], rediss:// for TLS (default $${REDIS_URL_ENV}, else ${DEFAULT_REDIS_URL})`)}
${line('--concurrency N', 'runs trained at once, one child process each (default 1; at most one per core is useful)')}
${line(`--backend ${NODE_BACKEND_NAMES.join('|')}`, `TF.js backend in Node (default ${NODE_BACKEND_NAMES[0]})`)}
${line('--data DIR', `prepared data folder (default public/data, or the folder PARETOSCOPE_DATA_DIR names); '${SYNTHETIC_DATA}': the synthetic stand-in for MultiMNIST (tests, benchmark)`)}
${line('--lock-seconds S', `a run's lock: a worker that dies gives its runs back after about this long (default ${DEFAULT_LOCK_MS / 1000})`)}
${line('--help', 'this text')}
`;

export interface WorkerOptions {
  help: boolean;
  url: string;
  concurrency: number;
  backend: NodeBackendName;
  data: string;
  lockMs: number;
}

export function parseWorkerArgs(argv: string[], env: Record<string, string | undefined> = process.env): WorkerOptions {
  const values = parseFlags(argv, {
    redis: { type: 'string' },
    concurrency: { type: 'string' },
    backend: { type: 'string' },
    data: { type: 'string' },
    'lock-seconds': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, {}, env);
  const concurrency = values.concurrency === undefined ? 1 : numberOfText(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${values.concurrency}'`);
  const backend = values.backend ?? NODE_BACKEND_NAMES[0];
  if (!(NODE_BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${NODE_BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const lockSeconds = values['lock-seconds'] === undefined ? DEFAULT_LOCK_MS / 1000 : numberOfText(values['lock-seconds']);
  if (!(lockSeconds >= 1 && lockSeconds <= 3600)) throw new UsageError(`--lock-seconds must be a number from 1 to 3600, got '${values['lock-seconds']}'`);
  const url = values.redis ?? env[REDIS_URL_ENV] ?? DEFAULT_REDIS_URL;
  // A malformed URL is a usage error here, before the worker starts.
  connectionOf(url);
  return {
    help: values.help ?? false,
    url,
    concurrency,
    backend: backend as NodeBackendName,
    data: dataDirOfFlag(values.data, env),
    lockMs: Math.round(lockSeconds * 1000),
  };
}
