/**
 * Pareto set learning on the teaching problems: the batched objectives agree with the problems' own, the model's
 * gradient agrees with finite differences, the preference reaches the output, same seed gives the same run, no
 * tensor is left behind, a saved model answers as the live one did, and one run's model lies on Fonseca–Fleming's
 * exact front at every preference of the closed simplex.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultTeachingConfig, DEFAULT_PROBLEMS, type TeachingConfig } from '../teaching/config';
import { createTeachingProblem } from '../teaching/trainer';
import { fonsecaFlemingChebyshevPoint, fonsecaFlemingFront } from '../teaching/fonsecaFlemingFront';
import type { TeachingProblemSpec } from '../teaching/types';
import { aggregateRows } from './aggregation';
import { Hypernetwork } from './hypernetwork';
import { hypernetworkShapes } from './hypernetworkShape';
import { compareWithFiniteDifferences } from '../testing/gradientCheck';
import { preferenceLattice } from './preferences';
import { evaluateSavedModel, TeachingPslTrainer } from './teachingPslTrainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pslConfig = (problem: TeachingProblemSpec | 'fonseca-fleming' | 'width', changes: Partial<TeachingConfig> = {}): TeachingConfig => ({
  ...defaultTeachingConfig(problem, 'psl'),
  ...changes,
});
const width3: TeachingProblemSpec = { ...DEFAULT_PROBLEMS.width, kind: 'width', tasks: 3, width: 2 } as TeachingProblemSpec;

describe('the problems evaluated at a batch of parameter vectors', () => {
  for (const spec of [DEFAULT_PROBLEMS['fonseca-fleming'], DEFAULT_PROBLEMS.width, width3]) {
    it(`${spec.kind} (${JSON.stringify(spec)}): every row of objectivesAt equals f at the variables set to that row`, async () => {
      const problem = createTeachingProblem(spec, 7);
      const start = problem.startParameters();
      expect(start).toHaveLength(problem.parameterCount);
      const rows = [start, start.map((v, i) => v + 0.1 * Math.sin(i + 1)), start.map((v, i) => 0.5 * v - 0.2 * Math.cos(3 * i))];
      const batched = tf.tidy(() => problem.objectivesAt(tf.tensor2d(rows.flatMap((r) => [...r]), [rows.length, start.length])));
      const values = await batched.data();
      batched.dispose();
      const m = problem.objectives;
      for (const [b, row] of rows.entries()) {
        let offset = 0;
        for (const v of problem.variables) {
          const part = row.subarray(offset, offset + v.size);
          tf.tidy(() => v.assign(tf.tensor(part, v.shape)));
          offset += v.size;
        }
        const f = tf.tidy(() => problem.objectivesTensor());
        const own = await f.data();
        f.dispose();
        for (let i = 0; i < m; i++) expect(values[b * m + i], `row ${b}, objective ${i}`).toBeCloseTo(own[i], 5);
      }
      problem.dispose();
    });
  }
});

describe('the hypernetwork', () => {
  it("its gradient agrees with central finite differences of the batch's mean score", async () => {
    const problem = createTeachingProblem(DEFAULT_PROBLEMS.width, 3);
    const model = new Hypernetwork({ objectives: 2, hidden: 6, outputs: problem.parameterCount }, problem.startParameters(), 3);
    const k = tf.tensor2d([0.2, 0.8, 0.7, 0.3, 0.5, 0.5], [3, 2]);
    const settings = { aggregation: 'smooth' as const, smoothing: 0.5, referencePoint: [0, 0], epsilon: 1e-4 };
    const score = () => tf.mean(aggregateRows(problem.objectivesAt(model.parametersAt(k)), k, settings)) as tf.Scalar;
    // The model is one variable holding W₁ b₁ W₂ b₂ W₃ b₃: the first, middle and last entry of each of the six.
    const entries: number[] = [];
    let offset = 0;
    for (const s of hypernetworkShapes(model.shape)) {
      const n = s.reduce((a, b) => a * b, 1);
      entries.push(offset, offset + Math.floor(n / 2), offset + n - 1);
      offset += n;
    }
    const compared = compareWithFiniteDifferences(score, model.variables, 1e-2, () => entries);
    expect(compared).toHaveLength(18);
    for (const { entry, numeric, analytic } of compared) expect(Math.abs(numeric - analytic), `entry ${entry}: ${numeric} vs ${analytic}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
    k.dispose();
    model.dispose();
    problem.dispose();
  });
});

describe('TeachingPslTrainer', () => {
  it('is conditioned on the preference: after a few steps two preferences get different points', async () => {
    const trainer = new TeachingPslTrainer(pslConfig('fonseca-fleming', { outerIterations: 1, stepsPerOuter: 30 }));
    await trainer.runToEnd();
    const [a, b] = await trainer.evaluate([
      [0.9, 0.1],
      [0.1, 0.9],
    ]);
    // The end that weighs f₁ most has the smaller f₁.
    expect(a[0]).toBeLessThan(b[0] - 0.05);
    expect(a[1]).toBeGreaterThan(b[1] + 0.05);
    trainer.dispose();
  });

  it('the same seed gives the same run and model; another seed another', async () => {
    const run = async (seed: number) => {
      const trainer = new TeachingPslTrainer(pslConfig('width', { seed, outerIterations: 2, stepsPerOuter: 15 }));
      const readings: number[][] = [];
      await trainer.runToEnd((r) => readings.push(r.step.objectives));
      const values = await trainer.modelValues();
      trainer.dispose();
      return { readings, values: Array.from(values) };
    };
    const first = await run(4);
    expect(await run(4)).toEqual(first);
    expect((await run(5)).values).not.toEqual(first.values);
  });

  it('reads the handle as it moves without changing the training, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const trainer = new TeachingPslTrainer(pslConfig('fonseca-fleming', { outerIterations: 1, stepsPerOuter: 10 }));
    const moved = new TeachingPslTrainer(pslConfig('fonseca-fleming', { outerIterations: 1, stepsPerOuter: 10 }));
    for (let i = 0; i < 10; i++) {
      if (i === 5) moved.setPreference([0.9, 0.1]);
      await trainer.step();
      const reading = (await moved.step()).step;
      expect(reading.preference).toEqual(i < 5 ? [0.5, 0.5] : [0.9, 0.1]);
    }
    expect(Array.from(await moved.modelValues())).toEqual(Array.from(await trainer.modelValues()));
    const during = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await trainer.evaluate([[i / 50, 1 - i / 50]]);
    expect(tf.memory().numTensors).toBe(during);
    trainer.dispose();
    moved.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a saved model answers as the live one; a wrong-sized one is refused', async () => {
    const config = pslConfig(width3, { outerIterations: 1, stepsPerOuter: 20 });
    const trainer = new TeachingPslTrainer(config);
    await trainer.runToEnd();
    const preferences = preferenceLattice(3, 10);
    const live = await trainer.evaluate(preferences);
    const values = await trainer.modelValues();
    trainer.dispose();
    const before = tf.memory().numTensors;
    expect(await evaluateSavedModel(config, values, preferences)).toEqual(live);
    await expect(evaluateSavedModel(config, values.subarray(1), preferences)).rejects.toThrow(/values, not/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("one run's model lies on Fonseca–Fleming's exact front at 101 preferences, near each one's Chebyshev point", async () => {
    const config = pslConfig('fonseca-fleming');
    const trainer = new TeachingPslTrainer(config);
    await trainer.runToEnd();
    const result = await trainer.finalResult();
    trainer.dispose();
    expect(result.paretoSet.preferences).toHaveLength(101);
    const front = fonsecaFlemingFront(20001);
    const distance = (p: number[]) => Math.min(...front.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
    const toFront = Math.max(...result.paretoSet.objectives.map(distance));
    const toChebyshev = Math.max(
      ...result.paretoSet.objectives.map((p, i) => {
        const c = fonsecaFlemingChebyshevPoint(result.paretoSet.preferences[i], config.referencePoint, config.epsilon);
        return Math.hypot(p[0] - c[0], p[1] - c[1]);
      }),
    );
    expect(toFront).toBeLessThanOrEqual(2e-2);
    expect(toChebyshev).toBeLessThanOrEqual(5e-2);
    // The two ends of the front are reached: the model spans it.
    const f1 = result.paretoSet.objectives.map((p) => p[0]);
    expect(Math.min(...f1)).toBeLessThan(0.02);
    expect(Math.max(...f1)).toBeGreaterThan(0.95);
  });
});
