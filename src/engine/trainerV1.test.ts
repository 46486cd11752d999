/**
 * Configs of schema v1 (saved runs, exported files: ../experiment/fixtures/v1/README.md), migrated at the load
 * boundary, train to the numbers the v1 app's Trainer gave them: every step's readings, every epoch, the final
 * result, for every method, both AL variants, the held recipe, a plain run and a config older than the methods.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import runs from '../experiment/fixtures/v1/trainerRuns.json';
import { parseConfig } from '../experiment/configSchema';
import { syntheticDataset } from './testing/syntheticData';
import type { StepReading } from './readings';
import { Trainer } from './trainer';
import { prepareWasmKernels } from './wasmKernels/wasmKernels';
import { untimed } from './testing/untimed';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  expect(await prepareWasmKernels()).toBe(true);
});

/** JSON wrote ∞ as "Infinity" (and NaN as "NaN"). */
const revive = <T>(value: T): T => JSON.parse(JSON.stringify(value), (_k, v) => (v === 'Infinity' ? Number.POSITIVE_INFINITY : v === 'NaN' ? Number.NaN : v)) as T;

const data = syntheticDataset({ train: 64, val: 32, test: 32 });

/**
 * The v1 reading's λ, μ and t, which held every method's quantities in the AL's names (μ was 0 for methods without
 * one), from the quantities each method now reports under its own names.
 */
function v1Slots(r: StepReading): number[] {
  switch (r.method) {
    case 'chebyshev-al':
      return [...r.multipliers, r.penalty, r.epigraph];
    case 'smooth-tchebycheff':
      return [...r.softmax, r.smoothing, r.chebyshevValue];
    case 'chebyshev-md':
      return [...r.duals, 0, r.chebyshevValue];
    case 'linear':
    case 'mgda':
    case 'random-weighting':
    case 'psl':
      return [...r.weights, 0, r.chebyshevValue];
  }
}

describe('v1 configs train to the v1 numbers', () => {
  it.each(runs.map((r) => [r.name, r] as const))('%s', async (_name, fixture) => {
    const parsed = parseConfig(revive(fixture.config));
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const trainer = new Trainer(parsed.config, data);
    const steps: number[][] = [];
    const epochs: unknown[] = [];
    const events: string[] = [];
    while (!trainer.done) {
      const r = await trainer.step();
      steps.push([...r.step.objectives, ...r.step.constraints, ...v1Slots(r.step), r.step.value, r.step.proxEta, r.step.learningRate]);
      if (r.epoch) epochs.push({ phase: r.epoch.phase, outer: r.epoch.outer, val: r.epoch.val, rows: r.epoch.rows, growlPenalty: r.epoch.growlPenalty, best: r.epoch.best, trainObjectives: r.epoch.trainObjectives });
      events.push(...r.events);
    }
    // The result's kind tag is newer than the fixture (a network result, as every v1 result was).
    const { kind, ...result } = untimed(await trainer.finalResult());
    expect(kind).toBe('network');
    trainer.dispose();
    expect(steps).toEqual(revive(fixture.steps));
    expect(epochs).toEqual(revive(fixture.epochs));
    expect(events).toEqual(fixture.events);
    expect(result).toEqual(revive(fixture.result));
  }, 60_000);
});
