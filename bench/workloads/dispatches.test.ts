import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { countDispatches } from './dispatches';

describe('countDispatches', () => {
  it('counts each call of the webgpu backend’s per-dispatch method, and puts it back', () => {
    const calls: number[] = [];
    class FakeWebGpu {
      recordAndSubmit(n: number) {
        calls.push(n);
        return n;
      }
    }
    const backend = new FakeWebGpu();
    const counter = countDispatches(backend as unknown as tf.KernelBackend, 'webgpu');
    expect(backend.recordAndSubmit(1)).toBe(1);
    backend.recordAndSubmit(2);
    expect(counter.count).toBe(2);
    counter.reset();
    backend.recordAndSubmit(3);
    expect(counter.count).toBe(1);
    counter.restore();
    backend.recordAndSubmit(4);
    expect(counter.count).toBe(1);
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(Object.prototype.hasOwnProperty.call(backend, 'recordAndSubmit')).toBe(false);
  });

  it('is null on a backend that dispatches no GPU programs', async () => {
    await tf.setBackend('cpu');
    const counter = countDispatches();
    tf.add(tf.scalar(1), tf.scalar(2)).dispose();
    expect(counter.count).toBeNull();
    counter.restore();
  });
});
