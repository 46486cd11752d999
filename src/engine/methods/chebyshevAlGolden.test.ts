/**
 * The Chebyshev-AL method must reproduce, number for number, the first 40 readings of the Trainer as it was
 * before the scalarization methods were factored out of it (fixture captured from commit 6826ddc's Trainer;
 * re-captured once when the PHR prox weight became the full ∂L/∂f_0 with a floor, which changes the PHR run's
 * prox steps and what follows them — the reference and plain runs were unchanged; and re-captured when the tuned
 * ops moved the bias of conv stages without batch norm after the pool, which changes float32 summation order only:
 * every field of all three runs moved by at most 8e-7 relative).
 * Three seeded runs cover the PHR search phase with per-step prox, the multiplier updates, clustering and the start
 * of retraining, the reference variant with its per-epoch prox, and a plain (k_0 = 0) run.
 *
 * Re-capture (only when a change of numbers is intended): CAPTURE_AL_READINGS=1 npx vitest run
 * src/engine/methods/chebyshevAlGolden.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type TrainerConfig } from '../../experiment/config';
import type { StepReading } from '../readings';
import { syntheticDataset } from '../testing/syntheticData';
import { Trainer } from '../trainer';

const FIXTURE = resolve(__dirname, '../testing/fixtures/chebyshevAlReadings.json');
const CAPTURE = process.env.CAPTURE_AL_READINGS === '1';
const READINGS = 40;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

const data = syntheticDataset({ train: 64, val: 32, test: 32 });

function tinyConfig(variant: 'phr' | 'reference', overrides: Partial<TrainerConfig>): TrainerConfig {
  return {
    ...defaultConfig({ variant, network: 'hps' }),
    batchSize: 16,
    evalBatchSize: 32,
    searchIterations: 2,
    retrainIterations: 2,
    plainIterations: 3,
    innerEpochs: 2,
    retrainInnerEpochs: 2,
    minSparsity: 0,
    proxScale: 2e5,
    // The fixture pins f_0 = Ω itself (the relative penalty has its own test in trainer.test.ts).
    penalty: 'raw',
    ...overrides,
  };
}

const RUNS: Record<string, TrainerConfig> = {
  phrSparseMdmtn: tinyConfig('phr', { seed: 3, network: 'mdmtn' }),
  referenceSparseHps: tinyConfig('reference', { seed: 5, preference: [0.2, 0.3, 0.5] }),
  phrPlainHps: tinyConfig('phr', { seed: 7, preference: [0, 0.4, 0.6] }),
};

type Reading = Record<string, unknown>;

/** A step reading under the fixture's names: the AL's λ, μ, t and its value were `lambda`, `mu`, `t`, `lagrangian`. */
function fixtureNames(step: StepReading): Reading {
  if (step.method !== 'chebyshev-al') throw new Error(`a ${step.method} reading in a Chebyshev-AL run`);
  const { multipliers, penalty, epigraph, value, ...rest } = step;
  return { ...rest, lambda: multipliers, mu: penalty, t: epigraph, lagrangian: value };
}

/** Step and epoch readings in order, with the wall-clock fields zeroed. */
async function firstReadings(config: TrainerConfig): Promise<Reading[]> {
  const trainer = new Trainer(config, data);
  const readings: Reading[] = [];
  while (readings.length < READINGS && !trainer.done) {
    const r = await trainer.step();
    readings.push({ ...fixtureNames(r.step), samplesPerSecond: 0 });
    if (r.epoch) readings.push({ ...r.epoch, seconds: 0 });
  }
  trainer.dispose();
  return readings;
}

/** Only the fields the fixture has: readings may gain fields, never change the old ones. */
function pickFields(actual: Reading, expected: Reading): Reading {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]));
}

describe('Chebyshev-AL reproduces the pre-refactor Trainer readings exactly', () => {
  if (CAPTURE) {
    it('captures the fixture', async () => {
      const out: Record<string, Reading[]> = {};
      for (const [name, config] of Object.entries(RUNS)) out[name] = await firstReadings(config);
      writeFileSync(FIXTURE, `${JSON.stringify(out)}\n`);
    });
    return;
  }
  const fixture = existsSync(FIXTURE) ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Reading[]>) : {};
  for (const [name, config] of Object.entries(RUNS)) {
    it(name, async () => {
      const expected = fixture[name];
      expect(expected, `fixture ${FIXTURE} lacks ${name}`).toBeDefined();
      const actual = await firstReadings(config);
      expect(actual).toHaveLength(expected.length);
      actual.forEach((reading, i) => expect(pickFields(reading, expected[i]), `reading ${i}`).toEqual(expected[i]));
    });
  }
});
