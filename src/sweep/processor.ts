/**
 * The run processor BullMQ starts in a child process of a worker (a sandboxed processor): TF.js keeps one backend
 * per process, so each child trains one job at a time on its own backend — one run, or a stack of runs at once — and
 * the worker's --concurrency N is N such children. A child keeps its backend and its datasets between jobs. The worker passes the backend and the
 * data folder in the environment (worker.ts). A malformed job fails at once, without retries.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { loadDataset, type Dataset } from '../engine/data/dataset';
import { nodeFetchBytes } from '../engine/data/nodeFetch';
import { useNodeBackend } from '../engine/node/tfjsNode';
import { syntheticDataset } from '../engine/testing/syntheticData';
import type { NodeBackendName } from '../experiment/choices';
import { isStackJobData, parseRunJob, parseStackJob, type RunJobResult, type StackJobResult } from './job';
import { trainRun, type TrainDeps } from './trainRun';
import { trainStack } from './trainStack';
import { BACKEND_ENV, CODE_ENV, DATA_ENV, SYNTHETIC_DATA } from './workerEnv';



let backend: Promise<string> | null = null;
const datasets = new Map<string, Promise<Dataset>>();

function datasetOf(problem: string): { dataset: Promise<Dataset>; cached: boolean } {
  const cached = datasets.has(problem);
  if (!cached) {
    // Set by the worker that forks this processor (worker.ts, from npm run worker's --data): no default of its own.
    const dir = process.env[DATA_ENV];
    if (!dir) throw new Error(`${DATA_ENV} is not set: this processor runs forked by the sweep worker (npm run worker), which names the data folder`);
    // The synthetic set has MultiMNIST's shapes: 256 training images are more than the tiny budget's 128.
    const load = dir === SYNTHETIC_DATA ? Promise.resolve(syntheticDataset({ train: 256, val: 64, test: 64 })) : loadDataset(problem, nodeFetchBytes(dir));
    // A failed load is not kept: the next job tries again.
    datasets.set(problem, load.catch((error: unknown) => (datasets.delete(problem), Promise.reject(error))));
  }
  return { dataset: datasets.get(problem) as Promise<Dataset>, cached };
}

export default async function processRun(job: SandboxedJob): Promise<RunJobResult | StackJobResult> {
  const parsed = isStackJobData(job.data) ? parseStackJob(job.data) : parseRunJob(job.data);
  if (!parsed.ok) throw new UnrecoverableError(`malformed job ${job.id}: ${parsed.problems.join('; ')}`);
  backend ??= useNodeBackend((process.env[BACKEND_ENV] ?? 'wasm') as NodeBackendName);
  const backendName = await backend;
  const deps: TrainDeps = {
    backend: backendName,
    // Always set by the worker (empty: unknown), so that none is inherited from an environment of its own.
    code: process.env[CODE_ENV] || null,
    // Every start counts, a worker's death (a stall) too.
    attempt: Math.max(1, job.attemptsStarted),
    synthetic: process.env[DATA_ENV] === SYNTHETIC_DATA,
    dataset: async (problem) => {
      const started = performance.now();
      const { dataset, cached } = datasetOf(problem);
      const loaded = await dataset;
      return { dataset: loaded, seconds: cached ? 0 : (performance.now() - started) / 1000 };
    },
    progress: (p) => job.updateProgress({ ...p }),
  };
  return 'stack' in parsed.job ? trainStack(parsed.job, deps) : trainRun(parsed.job, deps);
}
