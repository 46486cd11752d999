/**
 * The acceptance criteria on the teaching problems, with the default teaching settings:
 * - concave front (Fonseca–Fleming), 11 preference vectors: linear scalarization's solutions all lie within
 *   1e-2 of the two ends of the front; Chebyshev-AL's lie within 1e-2 of the exact front and of their own
 *   Chebyshev points, so they cover the front over its whole length;
 * - width phase transition (2 tasks): with q ≥ k the trained solutions of different preferences collapse to
 *   one point (diameter < 1e-3), with q < k they spread along the exact front;
 * - mirror descent keeps λ on the simplex at every step of a run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import type { MethodName } from '../../experiment/choices';
import { diameter, distanceToFront, distanceToNearest, frontCoverage, frontSpacing } from '../pareto';
import { DEFAULT_PROBLEMS, defaultTeachingConfig } from './config';
import { fonsecaFlemingChebyshevPoint, fonsecaFlemingFront, fonsecaFlemingFrontPoint } from './fonsecaFlemingFront';
import { TeachingTrainer } from './trainer';
import type { TeachingProblemSpec, WidthTransitionSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ELEVEN = Array.from({ length: 11 }, (_, i) => [i / 10, 1 - i / 10]);

async function solutions(problem: TeachingProblemSpec, method: MethodName, preferences: number[][]): Promise<{ points: number[][]; front: number[][] }> {
  const points: number[][] = [];
  let front: number[][] = [];
  for (const preference of preferences) {
    const trainer = new TeachingTrainer({ ...defaultTeachingConfig(problem, method), preference });
    await trainer.runToEnd();
    points.push((await trainer.finalResult()).objectives);
    front = trainer.exactFront();
    trainer.dispose();
  }
  return { points, front };
}

describe('concave front (Fonseca–Fleming), 11 preference vectors', () => {
  const problem = DEFAULT_PROBLEMS['fonseca-fleming'];
  const ends = [fonsecaFlemingFrontPoint(-1), fonsecaFlemingFrontPoint(1)];

  it('linear scalarization finds only the two ends of the front', async () => {
    const { points } = await solutions(problem, 'linear', ELEVEN);
    for (const p of points) expect(distanceToNearest(p, ends)).toBeLessThan(1e-2);
    // Both ends are reached, and the middle of the front is left uncovered.
    expect(points.some((p) => distanceToNearest(p, [ends[0]]) < 1e-2)).toBe(true);
    expect(points.some((p) => distanceToNearest(p, [ends[1]]) < 1e-2)).toBe(true);
    expect(frontCoverage(points, fonsecaFlemingFront()).max).toBeGreaterThan(0.6);
  }, 60_000);

  it('Chebyshev-AL reaches the exact front over its whole length', async () => {
    const { points, front } = await solutions(problem, 'chebyshev-al', ELEVEN);
    expect(distanceToFront(points, front).max).toBeLessThan(1e-2);
    points.forEach((p, i) => expect(distanceToNearest(p, [fonsecaFlemingChebyshevPoint(ELEVEN[i])]), `k = ${ELEVEN[i]}`).toBeLessThan(1e-2));
    // The 11 exact Chebyshev points are at most ~0.18 apart, so no stretch of the front is farther than ~0.09.
    expect(frontCoverage(points, front).max).toBeLessThan(0.1);
  }, 60_000);

  it("on the lab's sweep of 8 (k₁ = 1/16, 3/16, …), every Chebyshev-AL run is on the front as far as the lab's table can tell", async () => {
    // The lab calls a distance below half the exact front's sample spacing "on the front", and its tour says Chebyshev-AL's
    // points are; near the ends (k₁ = 1/16) they arrived 3.3e-3 away when the learning rate decayed × 0.7 an outer iteration.
    const eight = Array.from({ length: 8 }, (_, i) => [(i + 0.5) / 8, 1 - (i + 0.5) / 8]);
    const { points, front } = await solutions(problem, 'chebyshev-al', eight);
    expect(distanceToFront(points, front).max).toBeLessThan(frontSpacing(front) / 2);
  }, 60_000);
});

describe('width phase transition, 2 tasks', () => {
  const width = (q: number): WidthTransitionSpec => ({ ...(DEFAULT_PROBLEMS.width as WidthTransitionSpec), tasks: 2, width: q });
  // Interior preferences: with k_i = 0 a task's head is never trained (a weakly Pareto-optimal point).
  const preferences = [[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]];

  it('q ≥ k: the front is one point and the solutions of all preferences collapse onto it', async () => {
    const { points, front } = await solutions(width(2), 'chebyshev-al', preferences);
    expect(diameter(front)).toBeLessThan(1e-3);
    expect(diameter(points)).toBeLessThan(1e-3);
  }, 60_000);

  it('q < k: the front is a curve and the solutions spread along it', async () => {
    const { points, front } = await solutions(width(1), 'chebyshev-al', preferences);
    expect(diameter(front)).toBeGreaterThan(0.1);
    expect(diameter(points)).toBeGreaterThan(0.1);
    expect(distanceToFront(points, front).max).toBeLessThan(1e-2);
  }, 60_000);
});

describe('Chebyshev by online mirror descent', () => {
  it('keeps λ on the simplex at every step and returns a point on the front', async () => {
    const trainer = new TeachingTrainer({ ...defaultTeachingConfig('fonseca-fleming', 'chebyshev-md'), preference: [0.3, 0.7] });
    await trainer.runToEnd((r) => {
      if (r.step.method !== 'chebyshev-md') throw new Error(`a ${r.step.method} reading`);
      expect(r.step.duals.every((l) => l >= 0)).toBe(true);
      expect(Math.abs(r.step.duals[0] + r.step.duals[1] - 1)).toBeLessThan(1e-12);
    });
    const result = await trainer.finalResult();
    expect(distanceToFront([result.objectives], trainer.exactFront()).max).toBeLessThan(1e-2);
    trainer.dispose();
  }, 60_000);
});
