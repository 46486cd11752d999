/**
 * A property of the whole schema range: random configs — every shared parameter at random values, its edges (0,
 * the minimum, the maximum) and beyond them — are either refused with messages that name the field, or train on
 * the tiny budget to the end in exactly the steps the Trainer announced, or fail earlier as diverged (no run that never
 * ends).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { PER_PREFERENCE_METHOD_NAMES, RECIPE_NAMES, VARIANT_NAMES } from '../experiment/choices';
import { ALL_PARAMETERS, configProblems, defaultSettings, resolveConfig, type ParameterOverrides } from '../experiment/config';
import { SHARED_PARAMETERS } from '../experiment/link/experiment';
import type { ParameterSpec } from '../experiment/parameter';
import { Rng } from './random';
import { syntheticDataset } from './testing/syntheticData';
import { DivergenceError } from './divergence';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pick = <T>(rng: Rng, values: readonly T[]): T => values[rng.int(values.length)];

/** A value at an edge, inside, or outside the declared range. */
function randomValue(rng: Rng, spec: ParameterSpec): unknown {
  switch (spec.kind) {
    case 'number': {
      const r = rng.next();
      if (r < 0.15) return spec.min;
      if (r < 0.25) return spec.max;
      if (r < 0.3) return spec.min - 1;
      if (r < 0.35) return spec.max * 10;
      if (r < 0.38) return Number.NaN;
      if (r < 0.45 && spec.nullable) return null;
      // Mostly small values, so that many configs are short enough to train here.
      const v = spec.min + (Math.min(spec.max, spec.min + 4) - spec.min) * rng.next();
      return spec.integer ? Math.round(v) : v;
    }
    case 'enum':
      return rng.next() < 0.1 ? 'bogus' : pick(rng, spec.values);
    case 'flag':
      return rng.next() < 0.5;
    case 'vector':
      return undefined;
  }
}

const KEYS = ALL_PARAMETERS.map((p) => p.key as string);
const names = (problem: string) => KEYS.some((k) => problem.startsWith(`${k} `)) || /^(preference|method|problem|network) /.test(problem);

describe('configs from the whole schema range', () => {
  it('are refused naming the field, or finish in the announced steps', async () => {
    const rng = new Rng(2026_12_04);
    const data = syntheticDataset({ train: 24, val: 8, test: 8 });
    let refused = 0;
    let trained = 0;
    let constructed = 0;
    let diverged = 0;
    for (let i = 0; i < 80; i++) {
      const overrides: Record<string, unknown> = {};
      for (const spec of SHARED_PARAMETERS) if (rng.next() < 0.35) overrides[spec.key] = randomValue(rng, spec);
      const k0 = pick(rng, [0, 0.001, 0.3, 1]);
      const settings = { ...defaultSettings('tiny'), method: pick(rng, PER_PREFERENCE_METHOD_NAMES), variant: pick(rng, VARIANT_NAMES), recipe: pick(rng, RECIPE_NAMES), overrides: overrides as ParameterOverrides };
      const config = { ...resolveConfig(settings, [k0, (1 - k0) / 2, (1 - k0) / 2]), evalBatchSize: 8 };
      const problems = configProblems(config);
      if (problems.length > 0) {
        refused++;
        for (const p of problems) expect(names(p), p).toBe(true);
        expect(() => new Trainer(config, data)).toThrow(/invalid trainer config/);
        continue;
      }
      const trainer = new Trainer(config, data);
      expect(Number.isInteger(trainer.totalSteps) && trainer.totalSteps > 0).toBe(true);
      constructed++;
      if (trainer.totalSteps <= 40) {
        let steps = 0;
        const failure = await (async () => {
          while (!trainer.done && steps <= trainer.totalSteps) {
            await trainer.step();
            steps++;
          }
        })().catch((error: unknown) => error);
        if (failure instanceof DivergenceError) {
          expect(steps).toBeLessThan(trainer.totalSteps);
          diverged++;
        } else {
          expect(failure).toBeUndefined();
          expect(trainer.done).toBe(true);
          expect(steps).toBe(trainer.totalSteps);
          trained++;
        }
      }
      trainer.dispose();
    }
    console.log(
      `config property: 80 configs, ${refused} refused naming the field, ${trained} trained to the end in the announced steps, ${diverged} diverged before, ` +
        `${constructed - trained - diverged} built with a bounded step count (too long to train here)`,
    );
    // The generator reaches every outcome.
    expect(refused).toBeGreaterThan(10);
    expect(trained).toBeGreaterThan(5);
    expect(constructed).toBeGreaterThan(trained + diverged);
  }, 120_000);
});
