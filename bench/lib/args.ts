/**
 * Command-line options of `npm run bench` (bench/run.ts), parsed and checked without side effects so that
 * they can be unit-tested. Bad options throw UsageError with a message that names the option.
 */
import { NODE_BACKEND_NAMES, type NodeBackendName } from '../../src/experiment/choices';
import { UsageError } from '../../src/experiment/cli';
import { writableOutputPath } from '../../scripts/flags';
import { benchUsage, parseBenchFlags, type BenchCommand, type BenchFlags } from './commandLine';
import { numberOfText } from '../../src/experiment/link/fields';

export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BrowserBackend = (typeof BROWSER_BACKENDS)[number];
/** The Node backends are the CLI's (src/experiment/choices.ts); webgpu runs on Dawn (npm run setup:webgpu). */
export const NODE_BACKENDS = NODE_BACKEND_NAMES;
export type { NodeBackendName };
export const NET_NAMES = ['mdmtn', 'hps'] as const;
export type Net = (typeof NET_NAMES)[number];
/** The issue asks for at least this many timed steps per row. */
export const MIN_STEPS = 20;

export { UsageError };

export interface BenchOptions {
  /** Browser backends, in order. */
  backends: BrowserBackend[];
  nodeBackends: NodeBackendName[];
  nets: Net[];
  batch: number;
  steps: number;
  warmup: number;
  /** webgpu and webgl, in Chromium and in Node (GPU backends, emulated by SwiftShader here). */
  gpuBatch: number;
  gpuSteps: number;
  gpuWarmup: number;
  /** Backends on which the app itself is driven (time to the front, main-thread long tasks). */
  appBackends: BrowserBackend[];
  appBudget: 'tiny' | 'quick';
  appLimitMinutes: number;
  skipBrowser: boolean;
  skipNode: boolean;
  skipApp: boolean;
  skipTeaching: boolean;
  /** One extra profiled step per row (kernel breakdown, peak tensor memory). */
  profile: boolean;
  allowFewSteps: boolean;
  browserTimeoutMinutes: number;
  json?: string;
}

export const BENCH_COMMAND = {
  script: 'bench',
  summary: 'Training throughput, memory and responsiveness: Node step rows (tuned against plain ops), a headless-Chromium worker, the teaching run and the app itself.',
  // npm run train's name of the network flag (and the other benches' former one): "did you mean --nets?".
  hints: { network: 'nets' },
} satisfies BenchCommand;

/** The flags of npm run bench, each with what it sets (--help lists them; bench/lib/commandLine.ts). */
export const BENCH_FLAGS = {
  backends: { type: 'string', default: 'wasm,webgpu', value: 'B,B,…', help: `browser backends (${BROWSER_BACKENDS.join(', ')}), in a headless-Chromium worker` },
  'node-backends': { type: 'string', default: 'wasm,cpu', value: 'B,B,…', help: `Node backends (${NODE_BACKENDS.join(', ')}): tuned and plain ops, the plain row the baseline; webgpu on Dawn (npm run setup:webgpu) with the GPU schedule` },
  nets: { type: 'string', default: 'mdmtn,hps', value: 'N,N,…', help: `networks (${NET_NAMES.join(', ')}), for every backend` },
  batch: { type: 'string', default: '256', value: 'N', help: 'images per training step on wasm and cpu (Node and browser)' },
  steps: { type: 'string', default: String(MIN_STEPS), value: 'N', help: `timed steps per row (at least ${MIN_STEPS} unless --allow-few-steps); Node cpu runs a third of them (at least 3)` },
  warmup: { type: 'string', default: '3', value: 'N', help: 'untimed steps before them' },
  'gpu-batch': { type: 'string', default: '32', value: 'N', help: 'images per step on webgpu and webgl (browser and Node): without a GPU they run on SwiftShader, a CPU emulation' },
  'gpu-steps': { type: 'string', default: '3', value: 'N', help: 'timed steps per row on webgpu and webgl' },
  'gpu-warmup': { type: 'string', default: '2', value: 'N', help: 'untimed steps before them on webgpu and webgl' },
  'app-backends': { type: 'string', default: 'wasm', value: 'B,B,…', help: 'backends on which the app itself trains 5 queued runs (as npm run bench:front): time to the first front point, longest main-thread task' },
  'app-budget': { type: 'string', default: 'tiny', value: 'tiny|quick', help: "the app's budget of those runs" },
  'app-limit': { type: 'string', default: '3', value: 'M', help: 'minutes per app backend' },
  'skip-app': { type: 'boolean', default: false, help: 'no app rows' },
  'allow-few-steps': { type: 'boolean', default: false, help: `accept --steps below ${MIN_STEPS}` },
  'skip-browser': { type: 'boolean', default: false, help: 'no Chromium worker rows' },
  'skip-node': { type: 'boolean', default: false, help: 'no Node rows' },
  'skip-teaching': { type: 'boolean', default: false, help: 'no teaching-run rows' },
  'skip-profile': { type: 'boolean', default: false, help: 'no profiled step per row (where the time goes, peak tensor memory)' },
  'browser-timeout': { type: 'string', default: '20', value: 'M', help: 'minutes per browser backend' },
  json: { type: 'string', value: 'FILE', help: 'also write every measurement as JSON' },
} as const satisfies BenchFlags;

export const USAGE = benchUsage(BENCH_COMMAND, BENCH_FLAGS);

function list<T extends string>(option: string, raw: string, allowed: readonly T[]): T[] {
  const items = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  for (const item of items) if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`--${option}: unknown "${item}" (expected ${allowed.join(', ')})`);
  if (new Set(items).size !== items.length) throw new UsageError(`--${option}: "${raw}" names one twice`);
  return items as T[];
}

function count(option: string, raw: string, min: number): number {
  const n = numberOfText(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isInteger(n) || n < min) throw new UsageError(`--${option}: "${raw}" is not a whole number ≥ ${min}`);
  return n;
}

export function parseBenchArgs(argv: string[], env: Record<string, string | undefined> = process.env): BenchOptions {
  return benchOptions(parseBenchFlags(BENCH_COMMAND, BENCH_FLAGS, undefined, argv), env);
}

/** The options of the parsed flags, checked: a bad one is a UsageError that names it. */
export function benchOptions(values: ReturnType<typeof parseBenchFlags<typeof BENCH_FLAGS>>, env: Record<string, string | undefined> = process.env): BenchOptions {
  const steps = count('steps', values.steps, 1);
  const allowFewSteps = values['allow-few-steps'];
  if (steps < MIN_STEPS && !allowFewSteps) throw new UsageError(`--steps: ${steps} is below ${MIN_STEPS}; add --allow-few-steps to accept it`);
  const appBudget = values['app-budget'].trim().toLowerCase();
  if (appBudget !== 'tiny' && appBudget !== 'quick') throw new UsageError(`--app-budget: "${values['app-budget']}" (expected tiny, quick)`);
  const appLimit = numberOfText(values['app-limit']);
  if (!(Number.isFinite(appLimit) && appLimit > 0)) throw new UsageError(`--app-limit: "${values['app-limit']}" is not a positive number of minutes`);
  const timeout = numberOfText(values['browser-timeout']);
  if (!(Number.isFinite(timeout) && timeout > 0)) throw new UsageError(`--browser-timeout: "${values['browser-timeout']}" is not a positive number of minutes`);
  const options: BenchOptions = {
    backends: list('backends', values.backends, BROWSER_BACKENDS),
    nodeBackends: list('node-backends', values['node-backends'], NODE_BACKENDS),
    nets: list('nets', values.nets, NET_NAMES),
    batch: count('batch', values.batch, 1),
    steps,
    warmup: count('warmup', values.warmup, 0),
    gpuBatch: count('gpu-batch', values['gpu-batch'], 1),
    gpuSteps: count('gpu-steps', values['gpu-steps'], 1),
    gpuWarmup: count('gpu-warmup', values['gpu-warmup'], 0),
    appBackends: list('app-backends', values['app-backends'], BROWSER_BACKENDS),
    appBudget,
    appLimitMinutes: appLimit,
    skipBrowser: values['skip-browser'],
    skipNode: values['skip-node'],
    skipApp: values['skip-app'],
    skipTeaching: values['skip-teaching'],
    profile: !values['skip-profile'],
    allowFewSteps,
    browserTimeoutMinutes: timeout,
    // Refused now, not after every measurement ran (an ENOENT at the end lost them all).
    ...(values.json !== undefined ? { json: writableOutputPath('--json', values.json, env) } : {}),
  };
  if (options.skipNode && options.skipBrowser && options.skipApp) throw new UsageError('--skip-node, --skip-browser and --skip-app leave nothing to measure');
  if (options.nets.length === 0) throw new UsageError('--nets: empty');
  if (!options.skipNode && options.nodeBackends.length === 0) throw new UsageError('--node-backends: empty (use --skip-node)');
  if (!options.skipBrowser && options.backends.length === 0) throw new UsageError('--backends: empty (use --skip-browser)');
  if (!options.skipApp && options.appBackends.length === 0) throw new UsageError('--app-backends: empty (use --skip-app)');
  return options;
}

/** Steps, warm-up and batch of one browser backend: the GPU settings for webgpu and webgl. */
export function browserSchedule(options: BenchOptions, backend: BrowserBackend): { batch: number; steps: number; warmup: number; reduced: boolean } {
  const gpu = backend === 'webgpu' || backend === 'webgl';
  return gpu
    ? { batch: options.gpuBatch, steps: options.gpuSteps, warmup: options.gpuWarmup, reduced: true }
    : { batch: options.batch, steps: options.steps, warmup: options.warmup, reduced: false };
}

/** Steps, warm-up and batch of one Node backend: webgpu the GPU settings; cpu, being slow, a third of the steps (at least 3). */
export function nodeSchedule(options: BenchOptions, backend: NodeBackendName): { batch: number; steps: number; warmup: number; reduced: boolean } {
  if (backend === 'webgpu') return { batch: options.gpuBatch, steps: options.gpuSteps, warmup: options.gpuWarmup, reduced: true };
  const steps = backend === 'cpu' ? Math.max(3, Math.round(options.steps / 3)) : options.steps;
  return { batch: options.batch, steps, warmup: options.warmup, reduced: false };
}
