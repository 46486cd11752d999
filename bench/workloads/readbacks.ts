/**
 * Counts the reads of tensor data while a workload runs:
 * - `sync`: synchronous reads asked for by code (Tensor.dataSync/arraySync/bufferSync → engine.readSync). On
 *   WebGPU/WebGL each one stalls until the GPU has finished and copied the data back;
 * - `kernelSync`: synchronous reads that kernels make on the backend directly (backend.readSync outside the two
 *   above; on wasm and cpu that is only a view of memory, on the GPU backends a stall as well);
 * - `async`: data()/array() (backend.read). On wasm and cpu, read() is readSync() behind a promise: a readSync
 *   reached from inside read() counts here, because that is what the caller asked for.
 * The engine and the active backend instance get counting wrappers until restore().
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ReadbackCounts {
  sync: number;
  kernelSync: number;
  async: number;
}

export interface ReadbackCounter {
  readonly counts: ReadbackCounts;
  /** Zeroes the counts (e.g. after warm-up). */
  reset(): void;
  /** Puts the original methods back. */
  restore(): void;
}

type Fn = (...args: unknown[]) => unknown;

/** Replaces obj[name] by an own-property wrapper; the returned function undoes it. */
export function wrap(obj: object, name: string, make: (original: Fn) => Fn): () => void {
  const target = obj as Record<string, Fn>;
  const own = Object.prototype.hasOwnProperty.call(target, name);
  const original = target[name];
  target[name] = make(original);
  return () => {
    if (own) target[name] = original;
    else delete target[name];
  };
}

export function countReadbacks(backend: tf.KernelBackend = tf.backend(), engine: object = tf.engine()): ReadbackCounter {
  const counts: ReadbackCounts = { sync: 0, kernelSync: 0, async: 0 };
  let inside = 0;
  // Runs fn with `inside` raised: the backend.readSync calls it makes belong to the outer read.
  const nested =
    (original: Fn, count: () => void): Fn =>
    function (this: unknown, ...args: unknown[]) {
      count();
      inside++;
      try {
        return original.apply(this, args);
      } finally {
        inside--;
      }
    };
  const undo = [
    wrap(engine, 'readSync', (original) => nested(original, () => counts.sync++)),
    wrap(backend, 'read', (original) => nested(original, () => counts.async++)),
    wrap(
      backend,
      'readSync',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          if (inside === 0) counts.kernelSync++;
          return original.apply(this, args);
        },
    ),
  ];
  let restored = false;
  return {
    counts,
    reset() {
      counts.sync = 0;
      counts.kernelSync = 0;
      counts.async = 0;
    },
    restore() {
      if (restored) return;
      restored = true;
      for (const u of undo.reverse()) u();
    },
  };
}
