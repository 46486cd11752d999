import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { countReadbacks } from './readbacks';

describe('countReadbacks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('tells synchronous reads from asynchronous ones (cpu: read() is readSync() behind a promise)', async () => {
    const t = tf.tensor1d([1, 2, 3]);
    const counter = countReadbacks();
    try {
      await t.data();
      await t.array();
      t.dataSync();
      t.arraySync();
      tf.backend().readSync(t.dataId);
      expect(counter.counts).toMatchObject({ sync: 2, kernelSync: 1, async: 2 });
      counter.reset();
      expect(counter.counts).toEqual({ sync: 0, kernelSync: 0, async: 0, asyncWaitMs: 0 });
    } finally {
      counter.restore();
      t.dispose();
    }
  });

  it('sums the time asynchronous reads take to settle (a GPU read waits for the device)', async () => {
    // A backend whose read settles 20 ms later, as a GPU's would once the device has finished.
    const backend = { read: () => new Promise((resolve) => setTimeout(() => resolve(new Float32Array(1)), 20)), readSync: () => new Float32Array(1) };
    const counter = countReadbacks(backend as unknown as tf.KernelBackend, { readSync: () => null });
    const read = backend.read as () => Promise<unknown>;
    try {
      await read();
      await read();
      expect(counter.counts.async).toBe(2);
      // Lower bounds only (a timer fires no earlier than asked, give or take a millisecond's rounding).
      expect(counter.counts.asyncWaitMs).toBeGreaterThan(35);
      // Two reads at once count their common wait once.
      counter.reset();
      await Promise.all([read(), read()]);
      expect(counter.counts.asyncWaitMs).toBeGreaterThan(17);
      expect(counter.counts.asyncWaitMs).toBeLessThan(38);
    } finally {
      counter.restore();
    }
  });

  it('puts the original methods back', () => {
    const backend = tf.backend();
    const engine = tf.engine();
    const before = [backend.readSync, backend.read, engine.readSync];
    countReadbacks().restore();
    expect([backend.readSync, backend.read, engine.readSync]).toEqual(before);
    expect(Object.prototype.hasOwnProperty.call(backend, 'readSync')).toBe(false);
  });
});
