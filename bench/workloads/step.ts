/**
 * The training-step workload, one module for the Node benchmark (bench/run.ts) and the browser worker
 * (bench/browser/stepBench.worker.ts), so both time exactly the same code: the engine's own `Trainer.step()`
 * (forward, backward, Adam, the Chebyshev-AL readback and the GrOWL prox) of MDMTN or HPS for MultiMNIST on
 * synthetic MultiMNIST-shaped data (src/engine/testing/syntheticData.ts: no prepared data needed), PHR variant,
 * k = (0.001, 0.2, 0.799), seed 1.
 *
 * It runs `warmup` untimed steps, then `steps` timed ones (wall clock around each awaited step), then — when
 * asked — one more under tf.profile for the kernel breakdown ("where time goes") and the peak of tensor memory
 * within a step. The training set holds exactly enough batches that no epoch closes (no validation pass
 * slips into a timed step). Reads of tensor data are counted during the timed steps (readbacks.ts).
 *
 * The caller selects and initialises the TF.js backend first; nothing here is Node- or browser-specific.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../../src/experiment/config';
import type { OpSet } from '../../src/engine/models';
import { syntheticDataset } from '../../src/engine/testing/syntheticData';
import { WASM_KERNELS_FLAG } from '../../src/engine/wasmKernels/wasmKernels';
import { WEBGPU_KERNELS_FLAG } from '../../src/engine/webgpuKernels/webgpuKernels';
import { Trainer } from '../../src/engine/trainer';
import { imagesPerSecond, summarize, type Summary } from '../lib/format';
import { countDispatches } from './dispatches';
import { countReadbacks, type ReadbackCounts } from './readbacks';

export type NetName = 'mdmtn' | 'hps';
export const NETS: readonly NetName[] = ['mdmtn', 'hps'];

export interface StepWorkload {
  net: NetName;
  ops: OpSet;
  /**
   * Paretoscope's own kernels — the wasm SIMD kernels (src/engine/wasmKernels) on wasm, the WGSL kernels
   * (src/engine/webgpuKernels) on webgpu — default true; false keeps the TF.js compositions (the baseline rows).
   * The 'plain' op set never uses them.
   */
  kernels?: boolean;
  batch: number;
  warmup: number;
  steps: number;
  /** One extra, untimed step under tf.profile. */
  profile: boolean;
}

export interface KernelTime {
  name: string;
  calls: number;
  /** Σ of the kernel's times in the profiled step (0 where the backend has no kernel timer). */
  ms: number;
}

export interface StepProfile {
  /** Wall clock of the profiled step (slower than a timed one: profiling adds per-kernel timers). */
  wallMs: number;
  /** Σ of all kernel times. */
  kernelMs: number;
  kernelCalls: number;
  /** Per kernel name, the most time first. */
  kernels: KernelTime[];
  /** Tensor bytes at the step's high-water mark (tf.profile's peakBytes). */
  peakBytes: number;
}

export interface StepMeasurement {
  workload: StepWorkload;
  backend: string;
  /** Building the network and the synthetic data. */
  setupMs: number;
  /** Each warm-up step (the first includes kernel/shader compilation). */
  warmupMs: number[];
  timesMs: number[];
  summary: Summary;
  imagesPerSecond: number;
  /** tf.memory().numBytes after each timed step, the largest (the live model, optimiser state and caches). */
  tensorBytesAfterStep: number;
  /** Extra readings sampled after each timed step by the caller's probe, the largest of each. */
  probeMax: Record<string, number>;
  /** Reads of tensor data during the timed steps. */
  readbacks: ReadbackCounts;
  /** GPU programs dispatched per timed step (webgpu, webgl; dispatches.ts), absent on the other backends. */
  dispatchesPerStep?: number;
  profile?: StepProfile;
}

export interface StepHooks {
  /** Sampled after every timed step (e.g. GPU bytes); the maximum of each key is reported. */
  probe?: () => Record<string, number>;
  /** Progress: phase, index within it, milliseconds of that step. */
  onStep?: (phase: 'warmup' | 'timed' | 'profile', index: number, ms: number) => void;
  /** Right before the first and right after the last timed step. */
  onTimedStart?: () => void;
  onTimedEnd?: () => void;
}

/**
 * Backend memory beyond tf.memory().numBytes, for StepHooks.probe: the GPU bytes of webgl/webgpu (in use and,
 * on WebGPU, allocated including TF.js's pool of free buffers) and the size of the wasm heap (it only grows,
 * so its final size is the peak).
 */
export function backendMemoryProbe(): Record<string, number> {
  const out: Record<string, number> = {};
  const memory = tf.memory() as tf.MemoryInfo & Record<string, unknown>;
  for (const key of ['numBytesInGPU', 'numBytesAllocatedInGPU', 'numBytesInGPUAllocated', 'numBytesInGPUFree']) {
    const v = memory[key];
    if (typeof v === 'number') out[key] = v;
  }
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength;
  if (typeof heap === 'number') out.wasmHeapBytes = heap;
  return out;
}

export function stepTrainer(workload: Pick<StepWorkload, 'net' | 'ops' | 'batch'>, batches: number): Trainer {
  const data = syntheticDataset({ train: workload.batch * batches, val: 8, test: 8 });
  return new Trainer({ ...defaultConfig({ network: workload.net }), batchSize: workload.batch }, data, { ops: workload.ops });
}

export async function measureSteps(workload: StepWorkload, hooks: StepHooks = {}): Promise<StepMeasurement> {
  const { warmup, steps, batch } = workload;
  if (!(steps >= 1 && warmup >= 0 && batch >= 1)) throw new Error(`bad step workload: ${JSON.stringify(workload)}`);
  const flags = [WASM_KERNELS_FLAG, WEBGPU_KERNELS_FLAG];
  const before = flags.map((flag) => tf.env().getBool(flag));
  for (const flag of flags) tf.env().set(flag, workload.ops === 'tuned' && workload.kernels !== false);
  try {
    return await measureStepsWith(workload, hooks);
  } finally {
    flags.forEach((flag, i) => tf.env().set(flag, before[i]));
  }
}

async function measureStepsWith(workload: StepWorkload, hooks: StepHooks): Promise<StepMeasurement> {
  const { warmup, steps, batch } = workload;
  const started = performance.now();
  // One spare batch: the epoch (and with it a validation pass) closes only after the last batch.
  const trainer = stepTrainer(workload, warmup + steps + (workload.profile ? 1 : 0) + 1);
  const setupMs = performance.now() - started;
  const counter = countReadbacks();
  const dispatches = countDispatches();
  try {
    const warmupMs: number[] = [];
    for (let i = 0; i < warmup; i++) {
      const t = performance.now();
      await trainer.step();
      warmupMs.push(performance.now() - t);
      hooks.onStep?.('warmup', i, warmupMs[i]);
    }
    counter.reset();
    dispatches.reset();
    const timesMs: number[] = [];
    let tensorBytes = tf.memory().numBytes;
    const probeMax: Record<string, number> = {};
    const sample = () => {
      tensorBytes = Math.max(tensorBytes, tf.memory().numBytes);
      for (const [key, value] of Object.entries(hooks.probe?.() ?? {})) probeMax[key] = Math.max(probeMax[key] ?? -Infinity, value);
    };
    sample();
    hooks.onTimedStart?.();
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      await trainer.step();
      timesMs.push(performance.now() - t);
      sample();
      hooks.onStep?.('timed', i, timesMs[i]);
    }
    hooks.onTimedEnd?.();
    const readbacks = { ...counter.counts };
    counter.restore();
    const dispatched = dispatches.count;
    dispatches.restore();
    const summary = summarize(timesMs);
    const result: StepMeasurement = {
      workload,
      backend: tf.getBackend(),
      setupMs,
      warmupMs,
      timesMs,
      summary,
      imagesPerSecond: imagesPerSecond(batch, summary.median),
      tensorBytesAfterStep: tensorBytes,
      probeMax,
      readbacks,
      ...(dispatched !== null ? { dispatchesPerStep: dispatched / steps } : {}),
    };
    if (workload.profile) {
      result.profile = await profileStep(trainer);
      hooks.onStep?.('profile', 0, result.profile.wallMs);
    }
    return result;
  } finally {
    counter.restore();
    dispatches.restore();
    trainer.dispose();
  }
}

/**
 * One step under tf.profile, its kernels grouped by name. tf.profile also lists each custom-gradient op
 * (ops.ts) as one entry named after its scope ('forward'), whose time includes the registered kernels inside
 * it: those entries are left out so that no time is counted twice.
 */
export async function profileStep(trainer: Trainer): Promise<StepProfile> {
  const t = performance.now();
  const info = await tf.profile(async () => {
    await trainer.step();
  });
  const wallMs = performance.now() - t;
  const backend = tf.getBackend();
  const kernels = info.kernels.filter((k) => tf.getKernel(k.name, backend) != null);
  return { wallMs, ...groupKernels(kernels.map((k) => ({ name: k.name, ms: k.kernelTimeMs }))), peakBytes: info.peakBytes };
}

/** Groups kernel records by name; a kernel time that is not a number (a timer error) counts as 0 ms. */
export function groupKernels(records: readonly { name: string; ms: unknown }[]): Pick<StepProfile, 'kernels' | 'kernelMs' | 'kernelCalls'> {
  const byName = new Map<string, KernelTime>();
  let kernelMs = 0;
  for (const r of records) {
    const ms = typeof r.ms === 'number' && Number.isFinite(r.ms) ? r.ms : 0;
    const k = byName.get(r.name) ?? { name: r.name, calls: 0, ms: 0 };
    k.calls++;
    k.ms += ms;
    kernelMs += ms;
    byName.set(r.name, k);
  }
  const kernels = [...byName.values()].sort((a, b) => b.ms - a.ms || b.calls - a.calls || a.name.localeCompare(b.name));
  return { kernels, kernelMs, kernelCalls: records.length };
}
