/**
 * TF.js's webgpu backend in Node, on Dawn (dawn.ts). The backend module registers itself only if
 * globalThis.navigator.gpu exists when it is evaluated, so Dawn's GPU object (and its globals: GPUBufferUsage, …)
 * go in first and the module is imported after, on demand: a process that never asks for WebGPU never loads it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { guardWebgpuDispatchLimits } from '../webgpu/dispatchLimits';
import { prepareWebgpuKernels } from '../webgpuKernels/webgpuKernels';
import { startDawn, WebGpuUnavailableError, type DawnGpu } from './dawn';

let started: Promise<string> | null = null;
let adapterDescription: string | null = null;

/** Node ≥ 21 has a navigator of its own: Dawn's GPU joins it; Node 20 gets a navigator holding only the GPU. */
function exposeGpu(gpu: DawnGpu): void {
  const holder = globalThis as { navigator?: object };
  if (holder.navigator && typeof holder.navigator === 'object') Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

async function start(): Promise<string> {
  const dawn = await startDawn();
  Object.assign(globalThis, dawn.globals);
  exposeGpu(dawn.gpu);
  await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu') === null) {
    throw new WebGpuUnavailableError('WebGPU: @tensorflow/tfjs-backend-webgpu was loaded before Dawn, so it did not register (import it only through useNodeBackend)');
  }
  guardWebgpuDispatchLimits();
  prepareWebgpuKernels();
  adapterDescription = dawn.description;
  return dawn.description;
}

/**
 * Registers the webgpu backend on Dawn (once per process) and returns the adapter in words. Throws
 * WebGpuUnavailableError with a one-line message when Dawn or an adapter is missing.
 */
export function registerDawnWebgpu(): Promise<string> {
  started ??= start().catch((error: unknown) => {
    started = null;
    throw error;
  });
  return started;
}

/** The adapter the webgpu backend runs on, once registered. */
export function dawnAdapterDescription(): string | null {
  return adapterDescription;
}
