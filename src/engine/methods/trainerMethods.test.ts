/**
 * Every method drives the network Trainer: HPS through the whole two-phase schedule (search with prox,
 * clustering, retraining with tying) and MDMTN in a plain run, on the synthetic dataset, with finite readings
 * and a flat tensor count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, defaultMethodConfig, type TrainerConfig } from '../../experiment/config';
import { parseConfig } from '../../experiment/configSchema';
import { syntheticDataset } from '../testing/syntheticData';
import { Trainer } from '../trainer';
import { quantityValues } from './quantities';
import { PER_PREFERENCE_METHOD_NAMES } from '../../experiment/choices';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

const data = syntheticDataset({ train: 64, val: 32, test: 32 });

function tinyConfig(overrides: Partial<TrainerConfig>): TrainerConfig {
  return {
    ...defaultConfig({ network: 'hps' }),
    batchSize: 16,
    evalBatchSize: 32,
    searchIterations: 1,
    retrainIterations: 1,
    plainIterations: 1,
    innerEpochs: 3,
    retrainInnerEpochs: 3,
    minSparsity: 0,
    proxScale: 2e5,
    ...overrides,
  };
}

describe('every method through the Trainer', () => {
  // (Pareto set learning trains the teaching problems only, for now: engine/psl.)
  for (const method of PER_PREFERENCE_METHOD_NAMES) {
    it(`${method}: HPS two-phase run and MDMTN plain run, finite readings, numTensors flat`, async () => {
      const before = tf.memory().numTensors;
      const sparse = new Trainer(tinyConfig({ method: defaultMethodConfig(method, 'phr', 3) }), data);
      const counts: number[] = [];
      const events: string[] = [];
      let proxSteps = 0;
      while (!sparse.done) {
        const r = await sparse.step();
        expect(r.step.method).toBe(method);
        expect([...r.step.objectives, ...quantityValues(r.step), ...r.step.weights, r.step.value].every(Number.isFinite)).toBe(true);
        if (r.step.phase === 'search' && r.step.proxEta > 0) proxSteps++;
        events.push(...r.events);
        // Epoch ends that close a phase release optimizer moments and snapshots on purpose.
        if (r.epoch && r.events.length === 0) counts.push(tf.memory().numTensors);
      }
      expect(events.some((e) => e.startsWith('clustered rows'))).toBe(true);
      expect(proxSteps).toBe(12);
      expect(new Set(counts).size).toBe(1);
      const result = await sparse.finalResult();
      expect(result.method).toBe(method);
      if (method === 'chebyshev-md') expect(result.averagedIterates).toBeGreaterThan(0);
      expect(result.test.accuracy.every(Number.isFinite)).toBe(true);
      sparse.dispose();
      expect(tf.memory().numTensors).toBe(before);

      const plain = new Trainer(tinyConfig({ method: defaultMethodConfig(method, 'phr', 3), network: 'mdmtn', preference: [0, 0.5, 0.5], plainIterations: 1, innerEpochs: 3 }), data);
      const plainCounts: number[] = [];
      while (!plain.done) {
        const r = await plain.step();
        if (r.epoch && r.events.length === 0) plainCounts.push(tf.memory().numTensors);
      }
      expect(plainCounts).toHaveLength(2);
      expect(new Set(plainCounts).size).toBe(1);
      plain.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }, 60_000);
  }

  it('a config saved before methods existed (no method fields) runs Chebyshev-AL once migrated', async () => {
    const { method: _method, ...flat } = tinyConfig({});
    const legacy = { ...flat, variant: 'phr', lambda0: [1 / 3, 1 / 3, 1 / 3], mu0: 1, rho: 2, muMax: 1e4 };
    expect(() => new Trainer(legacy as unknown as TrainerConfig, data)).toThrow(/method must be one of/);
    const parsed = parseConfig(legacy);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const trainer = new Trainer(parsed.config, data);
    expect((await trainer.step()).step.method).toBe('chebyshev-al');
    trainer.dispose();
  });
});
