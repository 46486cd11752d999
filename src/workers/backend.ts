/**
 * Chooses and initialises the TF.js backend inside the worker.
 *
 * Gathers facts (WebGPU adapter, WebGL renderer), asks the pure planner in backendChoice.ts for an order,
 * then initialises backends in that order with tf.setBackend + tf.ready until one works. Backends are
 * side-effect modules (importing one registers it with tfjs-core); they are imported on demand so a run
 * only downloads the backend it uses.
 */
import * as tf from '@tensorflow/tfjs-core';
// Vite resolves these to hashed asset URLs, so the binaries are served by `vite build && vite preview` too.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  planBackends,
  runPlan,
  runsAtOnceOn,
  type EnvironmentFacts,
  type WebGlFacts,
  type WebGpuFacts,
} from './backendChoice';
import type { BackendReport } from './protocol';
import { errorMessage } from './runMessages';
import type { BackendName } from '../experiment/choices';
import { prepareWasmKernels, wasmKernelsReady } from '../engine/wasmKernels/wasmKernels';
import { guardWebgpuDispatchLimits } from '../engine/webgpu/dispatchLimits';
import { prepareWebgpuKernels } from '../engine/webgpuKernels/webgpuKernels';
import { adapterFacts, describeAdapterFacts, type GpuAdapterInfoLike } from '../engine/webgpu/adapterInfo';

/** The parts of the WebGPU API we read (kept local so no global @webgpu/types are needed). */
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  /** Older Chromium (before adapter.info.isFallbackAdapter). */
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

export async function probeWebGpu(): Promise<WebGpuFacts> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) {
    const secure = globalThis.isSecureContext;
    return {
      status: 'missing',
      reason: secure
        ? 'navigator.gpu is not available (this browser has no WebGPU)'
        : 'navigator.gpu is not available (WebGPU needs a secure context: https or localhost)',
    };
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { status: 'no-adapter', reason: `navigator.gpu.requestAdapter() failed: ${errorMessage(err)}` };
  }
  if (!adapter) return { status: 'no-adapter', reason: 'navigator.gpu.requestAdapter() returned no adapter' };

  let info: GpuAdapterInfoLike = adapter.info ?? {};
  if (!adapter.info && typeof adapter.requestAdapterInfo === 'function') {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = {};
    }
  }
  return { status: 'adapter', ...adapterFacts(info, adapter.isFallbackAdapter === true) };
}

export function probeWebGl(): WebGlFacts {
  if (typeof OffscreenCanvas === 'undefined') {
    return { status: 'missing', reason: 'OffscreenCanvas is not available in this worker, so WebGL cannot run here' };
  }
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  } catch (err) {
    return { status: 'missing', reason: `creating a WebGL2 context failed: ${errorMessage(err)}` };
  }
  if (!gl) return { status: 'missing', reason: 'no WebGL2 context (WebGL is disabled or unsupported here)' };
  let renderer: string | null = null;
  try {
    const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
    const value: unknown = debugInfo
      ? gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL)
      : gl.getParameter(gl.RENDERER);
    renderer = typeof value === 'string' && value.length > 0 ? value : null;
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return { status: 'context', renderer };
}

export async function gatherFacts(): Promise<EnvironmentFacts> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl() };
}

let wasmPathsSet = false;

/** Imports the backend's module, which registers it with tfjs-core. */
async function loadBackendModule(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (!wasmPathsSet) {
        wasm.setWasmPaths({
          'tfjs-backend-wasm.wasm': wasmUrl,
          'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
          'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
        });
        wasmPathsSet = true;
      }
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/**
 * tf.setBackend resolves to false on failure and only logs the cause with console.warn; capture those lines
 * while it runs so the reason can be shown to the user.
 */
async function initBackend(name: BackendName): Promise<string | null> {
  try {
    await loadBackendModule(name);
  } catch (err) {
    return `could not load @tensorflow/tfjs-backend-${name}: ${errorMessage(err)}`;
  }
  if (tf.findBackendFactory(name) === null) {
    return name === 'webgpu'
      ? 'the WebGPU backend did not register (navigator.gpu missing in this worker)'
      : `the ${name} backend did not register in this environment`;
  }
  const warnings: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map((a) => (typeof a === 'string' ? a : errorMessage(a))).join(' '));
    originalWarn.apply(console, args);
  };
  try {
    const ok = await tf.setBackend(name);
    if (!ok) {
      const cause = warnings.filter((w) => !/^Initialization of backend .* failed$/.test(w));
      return cause.length > 0 ? (cause[0].split('\n')[0] ?? 'unknown error') : 'unknown error (see console)';
    }
    await tf.ready();
    if (tf.getBackend() !== name) return `tf.getBackend() is ${tf.getBackend()} after setBackend('${name}')`;
    // Paretoscope's SIMD kernels; if they cannot link, the TF.js compositions run instead (describeDevice says which).
    if (name === 'wasm') await prepareWasmKernels();
    // TF.js's Transpose and BatchMatMul within WebGPU's dispatch limits at every batch size; Paretoscope's WGSL kernels.
    if (name === 'webgpu') {
      guardWebgpuDispatchLimits();
      prepareWebgpuKernels();
    }
    return null;
  } catch (err) {
    return errorMessage(err);
  } finally {
    console.warn = originalWarn;
  }
}

async function describeDevice(name: BackendName, facts: EnvironmentFacts): Promise<Pick<BackendReport, 'threads' | 'device'>> {
  switch (name) {
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return {
        threads: wasm.getThreadsCount(),
        // The threaded binary is used only with SIMD and cross-origin isolation (SharedArrayBuffer). XNNPACK then
        // sizes its pool from navigator.hardwareConcurrency / 2 (1 to 4), so 2 logical cores give 1 thread.
        device: `${simd ? (threaded ? 'WebAssembly SIMD, threaded build' : 'WebAssembly SIMD') : 'WebAssembly'}${wasmKernelsReady() ? ' + Paretoscope kernels' : ''}`,
      };
    }
    case 'webgpu':
      return facts.webgpu.status === 'adapter'
        ? { device: describeAdapterFacts(facts.webgpu) }
        : {};
    case 'webgl':
      return facts.webgl.status === 'context' && facts.webgl.renderer ? { device: facts.webgl.renderer } : {};
    case 'cpu':
      return { device: 'plain JavaScript' };
  }
}

/**
 * Picks and initialises the backend: WebGPU on a hardware adapter; wasm when the only WebGPU adapter is a
 * software fallback; otherwise WebGL, wasm, cpu. A forced backend is used if it initialises.
 */
export async function selectBackend(forced?: BackendName): Promise<BackendReport> {
  const facts = await gatherFacts();
  const outcome = await runPlan(planBackends(facts, forced), initBackend);
  return {
    name: outcome.name,
    forced: forced !== undefined && outcome.name === forced,
    passedOver: outcome.passedOver,
    runsAtOnce: runsAtOnceOn(outcome.name, facts.webgpu),
    ...(await describeDevice(outcome.name, facts)),
  };
}
