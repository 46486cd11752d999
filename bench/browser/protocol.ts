/**
 * Messages between the benchmark page (main.ts), its worker (stepBench.worker.ts) and the Node driver
 * (driver.ts, through `window.runBench`). Types only: the page bundle stays free of TF.js.
 */
import type { BackendReport } from '../../src/workers/protocol';
import type { BackendName } from '../../src/experiment/choices';
import type { StepMeasurement, StepWorkload } from '../workloads/step';
import type { TeachingMeasurement } from '../workloads/teaching';

export type { BackendName };

export type ToWorker = { type: 'init'; backend: BackendName } | { type: 'teach' } | { type: 'steps'; workload: StepWorkload };

export interface WorkerEnvironment {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** WASM_HAS_MULTITHREAD_SUPPORT / WASM_HAS_SIMD_SUPPORT (wasm only). */
  wasmMultithread?: boolean;
  wasmSimd?: boolean;
  /** WebGPU: the device has the timestamp-query feature (kernel times in the profile). */
  timestampQuery?: boolean;
}

/** WebGPU buffer use over the timed steps. */
export interface GpuBuffers {
  /** device.createBuffer calls during the timed steps (0: every buffer came from TF.js's pool). */
  createdDuringTimedSteps: number;
  /** The same per timed step. */
  createdPerStep: number[];
  /**
   * By purpose (GPUBufferUsage): 'upload staging' (MAP_WRITE: TF.js makes one per CPU→GPU upload of tensor data
   * and never pools them), 'readback staging' (MAP_READ), 'uniform', 'storage' (tensor buffers: a warm pool
   * creates none). Upload staging also counts how many were at most 16 bytes (scalars and tiny vectors).
   */
  createdByKind: Record<string, number>;
  /** BufferManager pool at the end: buffers in use, free for reuse. */
  used: number;
  free: number;
}

export type FromWorker =
  | { type: 'ready'; report: BackendReport; initMs: number; environment: WorkerEnvironment }
  | { type: 'teaching'; result: TeachingMeasurement }
  | { type: 'steps'; result: StepMeasurement; gpuBuffers?: GpuBuffers }
  | { type: 'progress'; text: string }
  | { type: 'error'; message: string };

export interface BrowserRequest {
  backend: BackendName;
  teaching: boolean;
  workloads: StepWorkload[];
}

export interface MainThreadReading {
  /** PerformanceObserver 'longtask' entries (≥ 50 ms) on the page while the worker trained. */
  longTasks: number;
  longestTaskMs: number;
  /** The largest delay of a 50 ms setInterval on the page while the worker trained. */
  maxTimerLagMs: number;
}

export interface BrowserResult {
  backend: BackendName;
  pageCrossOriginIsolated: boolean;
  report?: BackendReport;
  environment?: WorkerEnvironment;
  /** new Worker → backend initialised (module load, wasm/shader set-up). */
  setupMs?: number;
  /** Page posts "teach" → the page has the finished run's point (worker already on its backend). */
  teachingRoundTripMs?: number;
  teaching?: TeachingMeasurement;
  /** The page's main thread during the teaching run. */
  teachingMainThread?: MainThreadReading;
  /** Per workload, with the page's main thread during it. */
  steps: { result: StepMeasurement; gpuBuffers?: GpuBuffers; mainThread: MainThreadReading }[];
  /** performance.measureUserAgentSpecificMemory() after the steps (page + worker), when available. */
  userAgentMemoryBytes?: number;
  userAgentMemoryNote?: string;
  /** os.loadavg() when the backend was done (set by the Node driver). */
  loadAverage?: number[];
  error?: string;
}
