/**
 * Command-line arguments of `npm run sweep`: the grid (src/sweep/grid.ts, over the experiment's flags), the
 * connection, and what to do — submit a new sweep, or follow (--watch) and collect (--collect FILE) one. Kept apart
 * from the CLI's I/O so the rules are unit-tested.
 */
import { numberOfText } from '../src/experiment/link/fields';
import { MAX_RUNS_AT_ONCE } from '../src/experiment/choices';
import { experimentUsage, line, UsageError } from '../src/experiment/cli';
import { GRID_OPTIONS, gridFromFlags, PREFERENCE_SET_HELP, MAX_SWEEP_RUNS, type SweepGrid } from '../src/sweep/grid';
import { connectionOf, REDIS_URL_ENV } from '../src/sweep/queues';
import { experimentOfLinkFlag, LINK_OPTIONS, linkUsage } from '../src/experiment/link/linkFlag';
import { atOnceFlag, parseExperimentCommand, writableOutputPath } from './flags';

export { UsageError } from '../src/experiment/cli';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const SWEEP_USAGE = `Usage: npm run sweep -- [grid and experiment options] [--name ID] [--watch] [--collect FILE]
       npm run sweep -- --sweep ID[,ID…] [--watch] [--collect FILE]
       npm run sweep -- --list | --remove ID[,ID…]

Submits a sweep to Redis as one BullMQ flow (a parent job per sweep, a child job per run); workers
(npm run worker) train its runs. docs/sweeps.md says how to run it on several machines.

  Connection and actions:
${line('--redis URL', `redis://[user:password@]host:port[/db], rediss:// for TLS (default $${REDIS_URL_ENV}, else ${DEFAULT_REDIS_URL})`)}
${line('--name ID', 'the new sweep\'s id (letters, digits, . _ -, not digits only; default sweep-YYYYMMDD-HHMMSS)')}
${line('--sweep ID[,ID…]', 'follow or collect this sweep instead of submitting one; several: watched one after another, collected into one file')}
${line('--watch', 'show progress with ETA over the whole sweep until every run has ended; exit code 1 when a run failed')}
${line('--collect FILE', 'write the ended runs as an experiment file the explorer imports (after --watch, if given)')}
${line('--list', 'list the sweeps in Redis: id, runs ended of all, when submitted, what')}
${line('--remove ID[,ID…]', 'remove these sweeps and their runs from Redis (collect them first: their results go with them); refused while one of their runs trains')}
${line('--interval S', 'seconds between progress lines of --watch (default 5)')}
${line('--at-once K', `train up to K runs that differ only in their preference as one stacked computation, a job for each such stack (1 to ${MAX_RUNS_AT_ONCE}; default 1: a job per run)`)}
${line('--dry-run', 'print the grid\'s runs (and stacks) and submit nothing')}
${line('--help', 'this text')}

  The grid (runs = (preferences × methods, + 1 with psl) × seeds × recipes × networks, at most ${MAX_SWEEP_RUNS}):
${line('--preferences SET', `${PREFERENCE_SET_HELP} (default paper, or --k)`)}
${line('--k0 X', 'the sparsity weight of paper and grid')}
${line('--size N', 'points of grid and simplex (default 5)')}
${line('--methods KEYS', 'comma-separated: linear, chebyshev-al, chebyshev-al-reference, smooth-tchebycheff, chebyshev-md, mgda, random-weighting, psl (default --method)')}
${line('', 'psl: one Pareto set model per seed, recipe and network (not one per preference), measured at the set\'s mean preference and read at each of its preferences once trained')}
${line('--recipes LIST', 'comma-separated sparse recipes (default --recipe)')}
${line('--nets LIST', 'comma-separated networks (default --net)')}
${line('--seeds LIST', 'comma-separated seeds or a range 1-5 (default --seed)')}

  From the app:
${linkUsage("its experiment as every run's, its list of preferences as --preferences (its k where it has none)")}

  Every run (as npm run train -- --help describes them; list flags above replace their single flags):
${experimentUsage()}
`;

export type SweepCommand =
  | { kind: 'help' }
  | {
      kind: 'submit';
      url: string;
      urlFlag: boolean;
      name: string;
      grid: SweepGrid;
      atOnce: number;
      watch: boolean;
      collect: string | null;
      interval: number;
      dryRun: boolean;
      /** What of a --link the sweep does not take (said before it is submitted). */
      notes: string[];
    }
  | { kind: 'attach'; url: string; urlFlag: boolean; sweeps: string[]; watch: boolean; collect: string | null; interval: number }
  | { kind: 'list'; url: string; urlFlag: boolean }
  | { kind: 'remove'; url: string; urlFlag: boolean; sweeps: string[] };

const ID = /^[A-Za-z0-9_.-]{1,80}$/;

/** The sweep ids of a flag's value: comma-separated, each once. */
function sweepIds(flag: string, value: string): string[] {
  const sweeps = value.split(',').map((s) => s.trim());
  const bad = sweeps.filter((s) => !ID.test(s));
  if (bad.length > 0) throw new UsageError(`${flag} must be sweep ids (letters, digits, . _ -), comma-separated, got '${bad.join("', '")}'`);
  if (new Set(sweeps).size !== sweeps.length) throw new UsageError(`${flag} names a sweep twice: '${value}'`);
  return sweeps;
}

export function defaultSweepName(now: Date): string {
  const iso = now.toISOString();
  return `sweep-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** Flags of other commands a sweep's user may reach for: where they belong. */
const ELSEWHERE: Readonly<Record<string, string>> = {
  data: "a worker's flag: the runs train where the workers are (npm run worker -- --data DIR)",
  backend: "a worker's flag (npm run worker -- --backend wasm|cpu|webgpu)",
  concurrency: "a worker's flag (npm run worker -- --concurrency N)",
  out: 'npm run train\'s flag: a sweep writes its runs with --collect FILE',
};

export function parseSweepArgs(argv: string[], env: Record<string, string | undefined> = process.env, now = new Date()): SweepCommand {
  try {
    return parseSweep(argv, env, now);
  } catch (error) {
    const flag = error instanceof UsageError ? /^Unknown option '--([^']+)'/.exec(error.message)?.[1] : undefined;
    if (flag !== undefined && flag in ELSEWHERE) throw new UsageError(`Unknown option '--${flag}': ${ELSEWHERE[flag]}`);
    throw error;
  }
}

function parseSweep(argv: string[], env: Record<string, string | undefined>, now: Date): SweepCommand {
  const values = parseExperimentCommand(argv, {
    ...GRID_OPTIONS,
    ...LINK_OPTIONS,
    redis: { type: 'string' },
    name: { type: 'string' },
    sweep: { type: 'string' },
    list: { type: 'boolean' },
    remove: { type: 'string' },
    watch: { type: 'boolean' },
    collect: { type: 'string' },
    interval: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'at-once': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, env);
  if (values.help) return { kind: 'help' };
  const { redis, name, sweep, list, remove, watch, collect, interval, 'dry-run': dryRun, 'at-once': atOnceValue, link, help: _help, ...gridFlags } = values;
  const url = (redis as string | undefined) ?? env[REDIS_URL_ENV] ?? DEFAULT_REDIS_URL;
  // A malformed URL is a usage error here, before anything is submitted.
  connectionOf(url, 'client');
  if (list === true || remove !== undefined) {
    const action = list === true ? '--list' : '--remove';
    if (list === true && remove !== undefined) throw new UsageError('give --list or --remove, not both');
    const others = Object.entries({ ...gridFlags, link, name, sweep, watch, collect, interval, 'dry-run': dryRun, 'at-once': atOnceValue }).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
    if (others.length > 0) throw new UsageError(`${action} goes with --redis only: ${others.join(', ')} cannot go with it`);
    if (list === true) return { kind: 'list', url, urlFlag: redis !== undefined };
    return { kind: 'remove', url, urlFlag: redis !== undefined, sweeps: sweepIds('--remove', remove as string) };
  }
  const seconds = interval === undefined ? 5 : numberOfText(interval as string);
  if (!(seconds >= 0.1 && seconds <= 3600)) throw new UsageError(`--interval must be a number of seconds from 0.1 to 3600, got '${interval}'`);
  if (dryRun === true && (watch === true || collect !== undefined)) {
    throw new UsageError(`--dry-run submits nothing to watch or collect: ${[watch === true ? '--watch' : '', collect !== undefined ? '--collect' : ''].filter(Boolean).join(' and ')} cannot go with it`);
  }
  const collectPath = typeof collect === 'string' ? writableOutputPath('--collect', collect, env) : null;
  const common = { url, urlFlag: redis !== undefined, watch: watch === true, collect: collectPath, interval: seconds };
  if (sweep !== undefined) {
    const given = Object.entries({ ...gridFlags, link }).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
    const submitting = [...given, ...(name === undefined ? [] : ['--name']), ...(dryRun ? ['--dry-run'] : []), ...(atOnceValue === undefined ? [] : ['--at-once'])];
    if (submitting.length > 0) throw new UsageError(`--sweep follows a sweep that exists: ${submitting.join(', ')} cannot go with it`);
    const sweeps = sweepIds('--sweep', sweep as string);
    if (!common.watch && !common.collect) throw new UsageError('--sweep needs --watch or --collect FILE');
    return { kind: 'attach', sweeps, ...common };
  }
  const id = (name as string | undefined) ?? defaultSweepName(now);
  if (!ID.test(id)) throw new UsageError(`--name must be 1 to 80 letters, digits, '.', '_' or '-', got '${id}'`);
  // BullMQ refuses a job id that is a whole number (its ids of its own are).
  if (/^\d+$/.test(id)) throw new UsageError(`--name must not be digits only (BullMQ numbers its own jobs so), got '${id}'`);
  const atOnce = atOnceFlag(atOnceValue, 1);
  const linked = link === undefined ? undefined : experimentOfLinkFlag(link as string, 'sweep');
  return { kind: 'submit', name: id, grid: gridFromFlags(gridFlags, linked), atOnce, dryRun: dryRun === true, notes: linked?.notes ?? [], ...common };
}
