/**
 * The trainer worker: owns TF.js and the training loop (runController.ts), so the UI thread never blocks on math.
 * Created by the UI with
 *   new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module' })
 * and driven through Comlink with the `TrainerWorkerApi` from protocol.ts.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself (the Node code imports them through engine/node/tfjsNode.ts).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { TrainerConfig } from '../experiment/config';
import { DatasetMissingError, loadDataset } from '../engine/data/dataset';
import { Trainer } from '../engine/trainer';
import { StackedTrainer } from '../engine/stacked/stackedTrainer';
import { selectBackend } from './backend';
import { DatasetCache } from './datasetCache';
import { MessageBatcher } from './messageBatcher';
import type { BackendReport, InitOptions, NetworkModelQuery, NetworkModelReading, ParetoSetQuery, RunRequest, SelfTestResult, TrainerWorkerApi, WorkerMessage } from './protocol';
import { evaluateSavedModel } from '../engine/psl/teachingPslTrainer';
import { RunController } from './runController';
import { TEACHING_RUNS_AT_ONCE, type StackHandle, type TrainerHandle } from './runHandles';
import { createTeachingHandle, createTeachingStack } from './teachingHandle';
import { NetworkPslHandle } from './networkPslHandle';
import { coalesceSteps } from './stepPacking';
import { exactFront, thinFront } from '../engine/teaching/exactFront';
import type { TeachingProblemSpec } from '../engine/teaching/types';
import { fetchBytesOrStall } from './stallingFetch';

/** A dataset download with no byte for this long has stalled (the largest file, 118 MB, comes in chunks). */
const DOWNLOAD_STALL_MS = 30_000;

let report: BackendReport | null = null;
let initialising: Promise<BackendReport> | null = null;
/** The page's runs at once (the link's atOnce), for teaching runs too; null: each kind's own default. */
let requestedAtOnce: number | null = null;

function requireBackend(): BackendReport {
  if (!report) throw new Error('The trainer worker is not initialised: call init() first');
  return report;
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const url = `${import.meta.env.BASE_URL}data/${path}`;
  // Revalidate: the data may have been prepared (or rebuilt) since the page loaded.
  const { status, bytes } = await fetchBytesOrStall(url, { stallMs: DOWNLOAD_STALL_MS, init: { cache: 'no-cache' } });
  if (status === 404) throw new DatasetMissingError(`${url} was not found`);
  if (!bytes) throw new Error(`could not fetch ${url}: HTTP ${status}`);
  return bytes;
}

/** The dataset of each problem, loaded on first use (a failed load is retried on the next run). */
const datasets = new DatasetCache((problem) => loadDataset(problem, fetchBytes));

async function createTrainer(config: TrainerConfig, onWork?: (work: string | null) => void): Promise<TrainerHandle> {
  requireBackend();
  const dataset = await datasets.get(config.problem);
  return config.method.name === 'psl' ? new NetworkPslHandle(config, dataset) : new Trainer(config, dataset, { yieldToEvents, onWork });
}

async function createStack(configs: TrainerConfig[], onWork?: (index: number, work: string | null) => void): Promise<StackHandle> {
  requireBackend();
  const stack = new StackedTrainer(configs, await datasets.get(configs[0].problem), { yieldToEvents, onWork });
  return {
    get done() {
      return stack.done;
    },
    totalSteps: stack.totalSteps,
    sparse: stack.runs[0].sparse,
    step: () => stack.step(),
    setPreference: (index, k) => stack.setPreference(index, k),
    interrupt: () => stack.interrupt(),
    finalResults: (backend) => stack.finalResults(backend),
    kernelValues: (index) => stack.runs[index].kernelValues(),
    dispose: () => stack.dispose(),
  };
}

let port: MessagePort | null = null;

function transferables(batch: WorkerMessage[]): Transferable[] {
  return batch.flatMap((m) => {
    if (m.kind === 'steps') return [m.data.buffer as ArrayBuffer];
    if (m.kind === 'run-finished') return [...(m.kernels ?? []), ...(m.model ?? [])].map((k) => k.values.buffer as ArrayBuffer);
    return [];
  });
}

const batcher = new MessageBatcher<WorkerMessage>({
  intervalMs: 100,
  send: (batch) => port?.postMessage(batch, transferables(batch)),
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  merge: coalesceSteps,
});

// A macrotask yield that is not clamped to 4 ms like nested setTimeout(0).
const yieldChannel = new MessageChannel();
const yieldWaiters: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

const controller = new RunController({
  createTrainer,
  createStack,
  // Before init() nothing stacks: the run fails in createTrainer, saying why.
  runsAtOnce: () => report?.runsAtOnce ?? 1,
  createTeachingTrainer: (config) => {
    requireBackend();
    return createTeachingHandle(config);
  },
  createTeachingStack: (configs) => {
    requireBackend();
    return createTeachingStack(configs);
  },
  teachingRunsAtOnce: () => requestedAtOnce ?? TEACHING_RUNS_AT_ONCE,
  backend: () => tf.getBackend() ?? requireBackend().name,
  post: (message, urgent) => batcher.push(message, urgent),
  yieldToEvents,
});

const api: TrainerWorkerApi = {
  init(options: InitOptions): Promise<BackendReport> {
    // Backend selection is global TF.js state: do it once, and let a repeated call get the same answer.
    if (!initialising) {
      requestedAtOnce = options.runsAtOnce ?? null;
      initialising = selectBackend(options.backend).then((r) => (report = { ...r, runsAtOnce: options.runsAtOnce ?? r.runsAtOnce }));
    }
    return initialising;
  },

  async selfTest(): Promise<SelfTestResult> {
    const { name } = requireBackend();
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);
    const b = tf.tensor2d([9, 8, 7, 6, 5, 4, 3, 2, 1], [3, 3]);
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    const f = tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]);
    const product = tf.matMul(a, b);
    const conv = tf.conv2d(x, f, 1, 'valid');
    try {
      const [p, c] = await Promise.all([product.data(), conv.data()]);
      return { backend: tf.getBackend() ?? name, result: [...Array.from(p), ...Array.from(c)] };
    } finally {
      tf.dispose([a, b, x, f, product, conv]);
    }
  },

  connect(messagePort: MessagePort): void {
    port = messagePort;
  },
  holdLifeLock(name: string): Promise<boolean> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      // The callback's promise never settles: the lock is let go only when the worker's context goes away.
      locks.request(name, () => (resolve(true), new Promise<never>(() => {}))).catch(reject);
    });
  },
  async run(request: RunRequest) {
    controller.run(request);
  },
  async enqueue(requests: RunRequest[]) {
    controller.enqueue(requests);
  },
  async startQueue() {
    controller.startQueue();
  },
  async pause() {
    controller.pause();
  },
  async resume() {
    controller.resume();
  },
  async step() {
    controller.step();
  },
  async stop(runIds?: string[]) {
    controller.stop(runIds);
  },
  async setPreference(runId: string, k: number[]) {
    controller.setPreference(runId, k);
  },
  async paretoSetAnswers({ runId, config, model, preferences }: ParetoSetQuery) {
    requireBackend();
    const live = controller.answerer(runId);
    if (live) return live(preferences);
    // The run ended (or was stopped) while the question was on its way: there is nothing to answer with yet.
    if (!model) return null;
    return evaluateSavedModel(config, model, preferences);
  },
  async askNetworkModel({ runId, preference, reads }: NetworkModelQuery): Promise<NetworkModelReading[] | null> {
    requireBackend();
    const evaluate = controller.evaluator(runId);
    if (!evaluate) return null;
    const evaluations = await evaluate(preference, reads.map(({ split, examples }) => ({ split, examples: examples ?? undefined })));
    return evaluations.map((e, i) => ({
      preference: e.preference,
      accuracy: e.accuracy,
      nll: e.nll,
      rows: e.rows,
      growlPenalty: e.growlPenalty,
      parameterCount: e.parameterCount,
      examples: e.examples,
      split: reads[i].split,
      seconds: e.seconds,
    }));
  },
  async loadNetworkModel({ runId, config, model }) {
    requireBackend();
    if (config.method.name !== 'psl') throw new Error(`only a Pareto set learning run (method psl) has a model to load, not ${config.method.name}`);
    controller.keepModel(runId, new NetworkPslHandle(config, await datasets.get(config.problem), model));
    return true as const;
  },
  async forgetModels(runIds: string[]) {
    controller.release(runIds);
  },
  async exactFront(problem: TeachingProblemSpec, seed: number) {
    return thinFront(exactFront(problem, seed));
  },
};

// Errors thrown by API methods travel back to the caller through Comlink. A promise rejected outside any call
// (e.g. in a future training loop) would otherwise vanish: rethrow it so it reaches the Worker's `error`
// event, which the UI shows as a crash.
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  const reason: unknown = event.reason;
  setTimeout(() => {
    throw reason instanceof Error ? reason : new Error(String(reason));
  });
});

Comlink.expose(api);
