/**
 * The Trainer on webgpu (Dawn in Node; SwiftShader without a GPU: testing/webgpu.ts): a few steps of MDMTN and HPS
 * give the objectives of the same steps on cpu (float32 on another device, so within a tolerance), hold the
 * tensor count and the backend's buffers flat from step to step, and read nothing synchronously (in Node a
 * synchronous webgpu read would throw: TF.js's readSync needs OffscreenCanvas).
 */
import { describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../experiment/config';
import type { NetworkKind } from '../experiment/choices';
import { syntheticDataset } from './testing/syntheticData';
import { webgpuForTests, webgpuSuiteName } from './testing/webgpu';
import { Trainer } from './trainer';

const webgpu = await webgpuForTests();
const BATCH = 8;
const STEPS = 3;

async function objectivesOfSteps(backend: 'cpu' | 'webgpu', network: NetworkKind, memory: { tensors: number; buffers: number }[] = []): Promise<number[][]> {
  await tf.setBackend(backend);
  const data = syntheticDataset({ train: BATCH * (STEPS + 1), val: 8, test: 8 });
  const trainer = new Trainer({ ...defaultConfig({ network }), batchSize: BATCH }, data, { ops: 'tuned' });
  try {
    const objectives: number[][] = [];
    for (let i = 0; i < STEPS; i++) {
      objectives.push((await trainer.step()).step.objectives);
      memory.push({ tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() });
    }
    return objectives;
  } finally {
    trainer.dispose();
  }
}

describe.skipIf(!webgpu.ok)(webgpuSuiteName('Trainer on webgpu', webgpu), () => {
  for (const network of ['mdmtn', 'hps'] as const) {
    it(`${network}: ${STEPS} steps give cpu's objectives, with flat tensor and buffer counts`, async () => {
      const reference = await objectivesOfSteps('cpu', network);
      const memory: { tensors: number; buffers: number }[] = [];
      const objectives = await objectivesOfSteps('webgpu', network, memory);
      for (let s = 0; s < STEPS; s++) {
        for (let i = 0; i < reference[s].length; i++) expect(Math.abs(objectives[s][i] - reference[s][i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(reference[s][i])));
      }
      // The first step allocates the optimiser's moments and the device-side constants; then nothing grows.
      expect(memory.slice(1)).toEqual(memory.slice(1).map(() => memory[1]));
    });
  }
});
