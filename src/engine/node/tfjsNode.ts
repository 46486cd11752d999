/**
 * TF.js set-up for Node (CLI, tests, benchmarks).
 *
 * tfjs-core registers no gradients by itself. In the browser the worker imports
 * '@tensorflow/tfjs-core/dist/register_all_gradients' (ESM); in Node that ESM file cannot be loaded next to
 * tfjs-core's CommonJS main, so Node loads the union package, whose CommonJS bundle registers every gradient
 * in tfjs-core's global registry. Backends register themselves on import.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { prepareWasmKernels } from '../wasmKernels/wasmKernels';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Selects and initialises a backend; throws with a clear message when it cannot. On wasm it also links
 * Paretoscope's SIMD kernels (wasmKernels/), which ops.ts then uses.
 */
export async function useNodeBackend(name: NodeBackend): Promise<string> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TF.js backend '${name}' failed to initialise`);
  await tf.ready();
  if (name === 'wasm' && !(await prepareWasmKernels())) throw new Error('Paretoscope wasm kernels failed to link to the wasm backend');
  return tf.getBackend();
}
