/**
 * Counts the reads of tensor data while a workload runs:
 * - `sync`: synchronous reads asked for by code (Tensor.dataSync/arraySync/bufferSync → engine.readSync). On
 *   WebGPU/WebGL each one stalls until the GPU has finished and copied the data back;
 * - `kernelSync`: synchronous reads that kernels make on the backend directly (backend.readSync outside the two
 *   above; on wasm and cpu that is only a view of memory, on the GPU backends a stall as well);
 * - `async`: data()/array() (backend.read). On wasm and cpu, read() is readSync() behind a promise: a readSync
 *   reached from inside read() counts here, because that is what the caller asked for.
 * And `asyncWaitMs`: the time during which a data()/array() call has not settled yet (overlapping reads count once) — on
 * a GPU backend at most the CPU's wait for the device to finish the work before the read (a step's readings) and copy
 * the data back (the CPU may encode other work meanwhile): the most that overlapping steps (encoding the next while the
 * device runs this one) could save.
 * The engine and the active backend instance get counting wrappers until restore().
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ReadbackCounts {
  sync: number;
  kernelSync: number;
  async: number;
  asyncWaitMs: number;
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
  const counts: ReadbackCounts = { sync: 0, kernelSync: 0, async: 0, asyncWaitMs: 0 };
  let inside = 0;
  // Reads may overlap: the wait is the time at least one is outstanding, not the sum of their durations.
  let outstanding = 0;
  let since = 0;
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
    wrap(backend, 'read', (original) => {
      const counted = nested(original, () => counts.async++);
      return function (this: unknown, ...args: unknown[]) {
        if (outstanding++ === 0) since = performance.now();
        const settled = () => {
          if (--outstanding === 0) counts.asyncWaitMs += performance.now() - since;
        };
        let result: unknown;
        try {
          result = counted.apply(this, args);
        } catch (error) {
          settled();
          throw error;
        }
        if (result instanceof Promise) result.then(settled, settled);
        else settled();
        return result;
      };
    }),
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
      counts.asyncWaitMs = 0;
      // A read outstanding across the reset counts from here.
      since = performance.now();
    },
    restore() {
      if (restored) return;
      restored = true;
      for (const u of undo.reverse()) u();
    },
  };
}
