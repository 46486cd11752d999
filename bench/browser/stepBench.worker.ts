/**
 * The benchmark worker: selects the backend asked for with the app's own selection (src/workers/backend.ts,
 * forced), then runs what the page asks: the teaching run (time to the first point) and the shared step
 * workload (bench/workloads/step.ts). On WebGPU it also counts GPU buffer creations during the timed steps.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself (as in src/workers/trainer.worker.ts).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { selectBackend } from '../../src/workers/backend';
import { backendMemoryProbe, measureSteps } from '../workloads/step';
import { timeTeachingRun } from '../workloads/teaching';
import type { FromWorker, GpuBuffers, ToWorker, WorkerEnvironment } from './protocol';

const post = (message: FromWorker) => self.postMessage(message);

interface WebGpuBackendLike {
  device: GPUDeviceLike;
  supportTimestampQuery?: boolean;
  bufferManager?: { getNumUsedBuffers(): number; getNumFreeBuffers(): number };
}
interface GPUDeviceLike {
  createBuffer: (...args: unknown[]) => unknown;
}

async function environment(): Promise<WorkerEnvironment> {
  const env: WorkerEnvironment = { crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency };
  if (tf.getBackend() === 'wasm') {
    env.wasmMultithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
    env.wasmSimd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  }
  if (tf.getBackend() === 'webgpu') env.timestampQuery = (tf.backend() as unknown as WebGpuBackendLike).supportTimestampQuery === true;
  return env;
}

// GPUBufferUsage flags (the constants themselves exist only where WebGPU does).
const MAP_READ = 0x1;
const MAP_WRITE = 0x2;
const UNIFORM = 0x40;

function bufferKind(usage: number): string {
  if (usage & MAP_WRITE) return 'upload staging';
  if (usage & MAP_READ) return 'readback staging';
  if (usage & UNIFORM) return 'uniform';
  return 'storage';
}

/** Counts device.createBuffer calls between start() and stop(), per step() mark (WebGPU only). */
function gpuBufferCounter(): { start(): void; step(): void; stop(): GpuBuffers } | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const device = backend.device;
  const original = device.createBuffer;
  let created = 0;
  let counting = false;
  let marked = 0;
  const perStep: number[] = [];
  const byKind: Record<string, number> = {};
  device.createBuffer = function (this: unknown, ...args: unknown[]) {
    if (counting) {
      created++;
      const { size, usage } = args[0] as { size: number; usage: number };
      const kind = bufferKind(usage);
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      if (kind === 'upload staging' && size <= 16) byKind['upload staging ≤ 16 B'] = (byKind['upload staging ≤ 16 B'] ?? 0) + 1;
    }
    return original.apply(this, args);
  };
  return {
    start() {
      created = 0;
      marked = 0;
      for (const key of Object.keys(byKind)) delete byKind[key];
      counting = true;
    },
    step() {
      perStep.push(created - marked);
      marked = created;
    },
    stop() {
      counting = false;
      device.createBuffer = original;
      return { createdDuringTimedSteps: created, createdPerStep: perStep, createdByKind: { ...byKind }, used: backend.bufferManager?.getNumUsedBuffers() ?? -1, free: backend.bufferManager?.getNumFreeBuffers() ?? -1 };
    },
  };
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      const started = performance.now();
      const report = await selectBackend(message.backend);
      if (report.name !== message.backend) {
        const why = report.passedOver.find((p) => p.name === message.backend)?.reason ?? 'unknown reason';
        throw new Error(`${message.backend} did not start (${why}); the app would fall back to ${report.name}`);
      }
      post({ type: 'ready', report, initMs: performance.now() - started, environment: await environment() });
      return;
    }
    case 'teach':
      post({ type: 'teaching', result: await timeTeachingRun() });
      return;
    case 'steps': {
      const counter = gpuBufferCounter();
      let gpuBuffers: GpuBuffers | undefined;
      const w = message.workload;
      const result = await measureSteps(w, {
        probe: backendMemoryProbe,
        onTimedStart: () => counter?.start(),
        onTimedEnd: () => (gpuBuffers = counter?.stop()),
        onStep: (phase, i, ms) => {
          if (phase === 'timed') counter?.step();
          post({ type: 'progress', text: `${tf.getBackend()} ${w.net} ${w.ops} batch ${w.batch}: ${phase} step ${i + 1} ${ms.toFixed(0)} ms` });
        },
      });
      post({ type: 'steps', result, ...(gpuBuffers ? { gpuBuffers } : {}) });
      return;
    }
  }
}

let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() =>
    handle(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? `${error.message}` : String(error) })),
  );
};
