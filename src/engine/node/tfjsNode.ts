/**
 * TF.js set-up for Node (CLI, tests, benchmarks).
 *
 * tfjs-core registers no gradients by itself. In the browser the worker imports
 * '@tensorflow/tfjs-core/dist/register_all_gradients' (ESM); in Node that ESM file cannot be loaded next to
 * tfjs-core's CommonJS main, so Node loads the union package, whose CommonJS bundle registers every gradient
 * in tfjs-core's global registry. Backends register themselves on import; webgpu only on demand, on Dawn
 * (webgpuNode.ts), since it needs Dawn's GPU object first.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { NodeBackendName } from '../../experiment/choices';
import { prepareWasmKernels } from '../wasmKernels/wasmKernels';
import { dawnAdapterDescription, registerDawnWebgpu } from './webgpuNode';

export type NodeBackend = NodeBackendName;

/**
 * Selects and initialises a backend; throws with a clear message when it cannot (on webgpu a one-line
 * WebGpuUnavailableError when Dawn or an adapter is missing). On wasm it also links Paretoscope's SIMD kernels
 * (wasmKernels/), which ops.ts then uses.
 */
export async function useNodeBackend(name: NodeBackend): Promise<string> {
  if (name === 'webgpu') await registerDawnWebgpu();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TF.js backend '${name}' failed to initialise (TF.js logged the cause above)`);
  await tf.ready();
  // The cpu backend's first write suggests installing tfjs-node: native binaries at install time, which this project
  // does not take (wasm with its SIMD kernels is the fast CPU path). The advice would mislead; it is not printed.
  if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  if (name === 'wasm' && !(await prepareWasmKernels())) throw new Error('Paretoscope wasm kernels failed to link to the wasm backend');
  return tf.getBackend();
}

/** The device behind the current backend, for output: the WebGPU adapter on webgpu, null elsewhere. */
export function nodeBackendDevice(): string | null {
  return tf.getBackend() === 'webgpu' ? dawnAdapterDescription() : null;
}
