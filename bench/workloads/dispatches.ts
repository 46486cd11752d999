/**
 * Counts the GPU programs a workload dispatches: on webgpu each compute dispatch (the backend's recordAndSubmit
 * records one dispatchWorkgroups per program), on webgl each program run (runWebGLProgram). A GPU step pays a
 * host-side cost per dispatch (issue 16: ≈ 760 per MDMTN step, most of its time on a fast GPU), so this is the
 * number that fused kernels must bring down. Other backends dispatch nothing: `count` is null there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wrap } from './readbacks';

/** The backend method that runs once per dispatched program. */
const DISPATCH_METHODS: Record<string, string> = { webgpu: 'recordAndSubmit', webgl: 'runWebGLProgram' };

export interface DispatchCounter {
  /** Dispatches since the start or the last reset; null on a backend without GPU programs. */
  readonly count: number | null;
  reset(): void;
  restore(): void;
}

export function countDispatches(backend: tf.KernelBackend = tf.backend(), backendName: string = tf.getBackend()): DispatchCounter {
  const method = DISPATCH_METHODS[backendName];
  if (!method || typeof (backend as unknown as Record<string, unknown>)[method] !== 'function') {
    return { count: null, reset() {}, restore() {} };
  }
  let count = 0;
  const undo = wrap(
    backend,
    method,
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        count++;
        return original.apply(this, args);
      },
  );
  let restored = false;
  return {
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    restore() {
      if (restored) return;
      restored = true;
      undo();
    },
  };
}
