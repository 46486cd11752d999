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
      expect(counter.counts).toEqual({ sync: 2, kernelSync: 1, async: 2 });
      counter.reset();
      expect(counter.counts).toEqual({ sync: 0, kernelSync: 0, async: 0 });
    } finally {
      counter.restore();
      t.dispose();
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
