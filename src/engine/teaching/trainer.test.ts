/**
 * The teaching trainer's API: the same shape as the network Trainer, every method runs on both problems,
 * tensors are released, and mirror descent returns its averaged iterate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { METHOD_NAMES } from '../../experiment/choices';
import { defaultTeachingConfig, type TeachingConfig } from './config';
import { quantityValues } from '../methods/quantities';
import { TeachingTrainer } from './trainer';
import { createTeachingRunTrainer } from './runTrainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const short = (config: TeachingConfig): TeachingConfig => ({ ...config, outerIterations: 3, stepsPerOuter: 20 });

describe('TeachingTrainer', () => {
  it('walks outer iterations × steps with the expected positions and readings', async () => {
    const trainer = new TeachingTrainer(short(defaultTeachingConfig('fonseca-fleming')));
    expect(trainer.totalSteps).toBe(60);
    let outerEnds = 0;
    const events: string[] = [];
    let last;
    while (!trainer.done) {
      const r = await trainer.step();
      expect(r.step.objectives).toHaveLength(2);
      if (r.step.method !== 'chebyshev-al') throw new Error(`a ${r.step.method} reading`);
      expect(r.step.multipliers).toHaveLength(2);
      expect(r.step.batch).toBe(r.step.globalStep % 20);
      if (r.outerEnded) outerEnds++;
      events.push(...r.events);
      last = r.step;
    }
    expect(outerEnds).toBe(3);
    expect(events).toEqual(['run finished']);
    expect(last?.penalty).toBe(4); // μ doubled after the first two outer iterations
    expect(trainer.position.phase).toBe('done');
    await expect(trainer.step()).rejects.toThrow(/finished/);
    const result = await trainer.finalResult();
    expect(result.steps).toBe(60);
    expect(result.objectives).toHaveLength(2);
    expect(result.parameters).toHaveLength(2);
    trainer.dispose();
  });

  it('takes a new preference between steps and rejects an invalid one', async () => {
    const trainer = new TeachingTrainer(short(defaultTeachingConfig('width')));
    await trainer.step();
    trainer.setPreference([0.2, 0.8]);
    expect((await trainer.step()).step.preference).toEqual([0.2, 0.8]);
    expect(() => trainer.setPreference([0.2, 0.2])).toThrow(/sum to 1/);
    expect(() => trainer.setPreference([0.2, 0.3, 0.5])).toThrow(/2 entries/);
    trainer.dispose();
    expect(() => new TeachingTrainer({ ...defaultTeachingConfig('fonseca-fleming'), problem: { kind: 'fonseca-fleming', dimension: 1 } })).toThrow(/n ≥ 2/);
  });

  for (const method of METHOD_NAMES) {
    it(`${method}: runs on both problems, keeps numTensors flat, releases everything`, async () => {
      const before = tf.memory().numTensors;
      for (const problem of ['fonseca-fleming', 'width'] as const) {
        const trainer = createTeachingRunTrainer({ ...short(defaultTeachingConfig(problem, method)), preference: [0.3, 0.7] });
        const counts: number[] = [];
        while (!trainer.done) {
          const r = await trainer.step();
          expect([...r.step.objectives, ...quantityValues(r.step), r.step.value].every(Number.isFinite)).toBe(true);
          if (r.step.globalStep >= 1) counts.push(tf.memory().numTensors);
        }
        expect(new Set(counts).size).toBe(1);
        const result = await trainer.finalResult();
        expect(result.objectives.every(Number.isFinite)).toBe(true);
        if (method === 'chebyshev-md') expect(result.averagedIterates).toBeGreaterThan(0);
        expect(result.paretoSet === undefined).toBe(method !== 'psl');
        expect(result.paretoSet?.objectives.flat().every(Number.isFinite) ?? true).toBe(true);
        trainer.dispose();
        expect(tf.memory().numTensors).toBe(before);
      }
    });
  }
});
