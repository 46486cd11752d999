/**
 * K teaching runs at once give each run what it gets alone: three preferences of every method that stacks, on both
 * problems, against the same runs trained one at a time — every step's reading (f, the method's readout, the
 * multipliers), the outer iterations' events and the final result (f, θ, mirror descent's averaged iterates), up to
 * float32 rounding. A re-targeted run and a run that diverges; no tensor left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultTeachingConfig, type TeachingConfig } from '../teaching/config';
import { TeachingTrainer, type TeachingResult, type TeachingStepResult } from '../teaching/trainer';
import type { TeachingProblemKind, TeachingProblemSpec } from '../teaching/types';
import type { MethodName } from '../../experiment/choices';
import { prepareWasmKernels } from '../wasmKernels/wasmKernels';
import { StackedTeachingTrainer } from './stackedTeachingTrainer';
import { StackedRunError, teachingStackingProblems } from './stacking';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Record {
  steps: unknown[];
  events: string[][];
  result: TeachingResult;
}

/** The reading without its timing (samples/s). */
const withoutTiming = (r: TeachingStepResult) => {
  const { samplesPerSecond: _seconds, ...step } = r.step;
  return { ...step, outerEnded: r.outerEnded };
};

function configs(problem: TeachingProblemKind | TeachingProblemSpec, method: MethodName, preferences: number[][], schedule = { outerIterations: 3, stepsPerOuter: 25 }): TeachingConfig[] {
  return preferences.map((preference) => ({ ...defaultTeachingConfig(problem, method), ...schedule, preference }));
}

const TWO = [
  [0.1, 0.9],
  [0.5, 0.5],
  [0.8, 0.2],
];

async function alone(config: TeachingConfig, retarget?: { atStep: number; preference: number[] }): Promise<Record> {
  const trainer = new TeachingTrainer(config);
  const record: Record = { steps: [], events: [], result: null as unknown as TeachingResult };
  while (!trainer.done) {
    if (retarget && trainer.position.globalStep === retarget.atStep) trainer.setPreference(retarget.preference);
    const r = await trainer.step();
    record.steps.push(withoutTiming(r));
    record.events.push(r.events);
  }
  record.result = await trainer.finalResult();
  trainer.dispose();
  return record;
}

async function together(configs: TeachingConfig[], retarget?: { run: number; atStep: number; preference: number[] }): Promise<Record[]> {
  const stack = new StackedTeachingTrainer(configs);
  const records: Record[] = configs.map(() => ({ steps: [], events: [], result: null as unknown as TeachingResult }));
  let step = 0;
  while (!stack.done) {
    if (retarget && step === retarget.atStep) stack.setPreference(retarget.run, retarget.preference);
    const results = await stack.step();
    results.forEach((r, k) => {
      records[k].steps.push(withoutTiming(r));
      records[k].events.push(r.events);
    });
    step++;
  }
  const results = await stack.finalResults();
  results.forEach((result, k) => {
    expect(result.runsAtOnce).toBe(configs.length);
    const { runsAtOnce: _k, ...own } = result;
    records[k].result = own;
  });
  stack.dispose();
  return records;
}

/** Numbers anywhere in a and b agree within `tolerance` (relative to their size past 1); everything else is equal. */
function expectClose(a: unknown, b: unknown, tolerance: number, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > tolerance * Math.max(1, Math.abs(b))) expect.fail(`${path}: ${a} ≠ ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((v, i) => expectClose(v, b[i], tolerance, `${path}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
    for (const key of Object.keys(a)) expectClose((a as { [k: string]: unknown })[key], (b as { [k: string]: unknown })[key], tolerance, `${path}.${key}`);
    return;
  }
  expect(a, path).toEqual(b);
}

function expectSameRuns(stacked: Record[], own: Record[], tolerance: number): void {
  stacked.forEach((record, k) => {
    const { trainingSeconds: _a, ...result } = record.result;
    const { trainingSeconds: _b, ...ownResult } = own[k].result;
    expectClose(record.steps, own[k].steps, tolerance, `run ${k + 1} steps`);
    expect(record.events).toEqual(own[k].events);
    expectClose(result, ownResult, tolerance, `run ${k + 1} result`);
  });
}

describe('K teaching runs at once', () => {
  const cases: [string, TeachingConfig[]][] = [
    ['Chebyshev-AL (PHR) on Fonseca–Fleming', configs('fonseca-fleming', 'chebyshev-al', TWO)],
    ["Chebyshev-AL, the authors' variant, on the width problem with three tasks", configs({ kind: 'width', tasks: 3, width: 1, similarity: 0.5, inputDimension: 8, samples: 64 }, 'chebyshev-al', [
      [0.2, 0.3, 0.5],
      [1 / 3, 1 / 3, 1 / 3],
      [0.6, 0.3, 0.1],
    ]).map((c) => ({ ...c, method: { ...c.method, variant: 'reference' } }) as TeachingConfig)],
    ['linear scalarization on the width problem', configs('width', 'linear', TWO)],
    ['smooth Tchebycheff on Fonseca–Fleming', configs('fonseca-fleming', 'smooth-tchebycheff', TWO)],
    ['random weighting (each run its own seeded weights)', configs('fonseca-fleming', 'random-weighting', TWO)],
    ["Chebyshev mirror descent (SGD; each run's averaged iterates)", configs('fonseca-fleming', 'chebyshev-md', TWO)],
  ];
  for (const [name, stackable] of cases) {
    it(`${name}: each run as alone, and no tensor left behind`, async () => {
      expect(teachingStackingProblems(stackable)).toEqual([]);
      const own: Record[] = [];
      for (const config of stackable) own.push(await alone(config));
      const before = tf.memory().numTensors;
      const stacked = await together(stackable);
      expect(tf.memory().numTensors).toBe(before);
      expectSameRuns(stacked, own, 1e-5);
      if (stackable[0].method.name === 'chebyshev-md') stacked.forEach((r) => expect(r.result.averagedIterates).toBeGreaterThan(0));
    });
  }

  it("the lab's whole default schedule (8 × 100 steps) on wasm with the SIMD kernels, the browser's backend: each run as alone", async () => {
    await tf.setBackend('wasm');
    expect(await prepareWasmKernels()).toBe(true);
    try {
      const stackable = configs('fonseca-fleming', 'chebyshev-al', TWO, { outerIterations: 8, stepsPerOuter: 100 });
      const own: Record[] = [];
      for (const config of stackable) own.push(await alone(config));
      expectSameRuns(await together(stackable), own, 1e-4);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('a run re-targeted in the middle of the stack takes the steps it takes re-targeted alone; the others are untouched', async () => {
    const stackable = configs('fonseca-fleming', 'chebyshev-al', TWO);
    const retarget = { atStep: 30, preference: [0.3, 0.7] };
    const own = [await alone(stackable[0]), await alone(stackable[1], retarget), await alone(stackable[2])];
    expectSameRuns(await together(stackable, { run: 1, ...retarget }), own, 1e-5);
  });

  it('a run that diverges says which, with its own message; the stack leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const stack = new StackedTeachingTrainer(configs('fonseca-fleming', 'linear', TWO));
    await stack.step();
    // Run 2's parameters turn to NaN: its objectives do, and only its own.
    const theta = (stack as unknown as { theta: tf.Variable }).theta;
    tf.tidy(() => theta.assign(tf.mul(theta, tf.tensor2d([1, 1, NaN, NaN, 1, 1], [3, 2]))));
    const failure = await stack.step().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StackedRunError);
    expect((failure as StackedRunError).runIndex).toBe(1);
    expect((failure as StackedRunError).runMessage).toMatch(/diverged at step 1/);
    expect((failure as StackedRunError).message).toMatch(/^run 2 of 3 \(k = \(0\.5, 0\.5\)\)/);
    stack.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses runs that differ in more than their preference, and methods that do not stack, saying why', () => {
    const [a, b] = configs('fonseca-fleming', 'chebyshev-al', TWO);
    expect(teachingStackingProblems([a, { ...b, seed: 2 }])).toEqual(['run 2 differs from run 1 in more than its preference']);
    expect(teachingStackingProblems(configs('fonseca-fleming', 'mgda', TWO))).toEqual(['MGDA takes one gradient per objective: train its runs one at a time']);
    expect(teachingStackingProblems(configs('fonseca-fleming', 'psl', TWO))).toEqual(['a Pareto set model is one run for every preference already']);
    expect(() => new StackedTeachingTrainer([a, { ...b, learningRate: 0.1 }])).toThrow(/cannot train these runs at once: run 2 differs/);
  });
});
