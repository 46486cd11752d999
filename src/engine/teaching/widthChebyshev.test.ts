import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { teachingChebyshevPoint } from './chebyshevPoint';
import { DEFAULT_PROBLEMS } from './config';
import { fonsecaFlemingChebyshevPoint } from './fonsecaFlemingFront';
import type { WidthTransitionSpec } from './types';
import { modelMinimiser, widthChebyshevPoint } from './widthChebyshev';
import { taskGram, widthData } from './widthData';
import { widthFront } from './widthFront';

/** max_i k_i [(f_i − a_i) + ε Σ_j (f_j − a_j)] (SPEC §1.1). */
const scalarized = (f: readonly number[], k: readonly number[], a: readonly number[], epsilon: number) => {
  const sum = f.reduce((s, v, i) => s + v - a[i], 0);
  return Math.max(...f.map((v, i) => k[i] * (v - a[i] + epsilon * sum)));
};

describe('widthChebyshevPoint', () => {
  it('meets the closed form where all three terms are equal (q = 2, orthogonal tasks): f_i = t / k_i, t = 1 / Σ 1/(k_i g_i)', () => {
    // z_i = √g_i e_i, S = u^⊥: f_i = g_i u_i², and max k_i g_i u_i² on the sphere is least with every term equal.
    const g = [1, 2, 3];
    const k = [0.2, 0.3, 0.5];
    const t = 1 / g.reduce((s, gi, i) => s + 1 / (k[i] * gi), 0);
    const point = widthChebyshevPoint({ gram: [[1, 0, 0], [0, 2, 0], [0, 0, 3]], width: 2 }, k, [0, 0, 0], 0);
    point.forEach((f, i) => expect(f).toBeCloseTo(t / k[i], 10));
  });

  it('meets the closed form where two terms are equal and the third lies below (q = 1, orthogonal tasks)', () => {
    // f_i = g_i (1 − u_i²), k = ⅓ each. All three equal would need u_1² < 0; with u_1 = 0 task 1 leaves g_1 = 1, and
    // tasks 2 and 3 share the rest at k_i g_i (1 − u_i²) = t: u_2² + u_3² = 2 − t (3/2 + 1) = 1, t = 0.4 (f = 1.2).
    const k = [1 / 3, 1 / 3, 1 / 3];
    const point = widthChebyshevPoint({ gram: [[1, 0, 0], [0, 2, 0], [0, 0, 3]], width: 1 }, k, [0, 0, 0], 0);
    expect(point[0]).toBeCloseTo(1, 9);
    expect(point[1]).toBeCloseTo(1.2, 9);
    expect(point[2]).toBeCloseTo(1.2, 9);
  });

  it('is the single point 0 where the width fits every task (q ≥ rank G)', () => {
    expect(widthChebyshevPoint({ gram: [[1, 0.5], [0.5, 1]], width: 2 }, [0.5, 0.5], [0, 0], 1e-4)).toEqual([0, 0]);
    expect(widthChebyshevPoint({ gram: [[4, 2, 2], [2, 2, 1], [2, 1, 1]], width: 2 }, [0.3, 0.3, 0.4], [0, 0, 0], 1e-4)).toEqual([0, 0, 0]);
  });

  it('scalarizes lower than every sample of a dense front, on random three-task problems of both widths', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 6; trial++) {
      const B = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => rng.normal()));
      const rho = rng.next();
      // ρG + (1 − ρ) diag G: positive semi-definite, tasks more or less alike.
      const gram = [0, 1, 2].map((i) => [0, 1, 2].map((j) => B[i].reduce((s, v, r) => s + v * B[j][r], 0) * (i === j ? 1 : rho)));
      const width = 1 + (trial % 2);
      const front = widthFront({ gram, width, samples: 40000 });
      const raw = [rng.next(), rng.next(), rng.next()].map((v) => v + 0.05);
      const k = raw.map((v) => v / (raw[0] + raw[1] + raw[2]));
      const a = [0.01, 0, 0.02];
      const point = widthChebyshevPoint({ gram, width }, k, a, 1e-4);
      const sampled = Math.min(...front.map((f) => scalarized(f, k, a, 1e-4)));
      expect(scalarized(point, k, a, 1e-4), `trial ${trial}`).toBeLessThanOrEqual(sampled + 1e-12);
      // Pareto-optimal: no sample is better in every objective.
      expect(front.some((f) => f.every((v, i) => v < point[i] - 1e-9))).toBe(false);
    }
  });

  it('finds the two-task default front point with f₁ = f₂ for equal weights (checked by bisection in fronts.test.ts)', () => {
    const spec = DEFAULT_PROBLEMS.width as WidthTransitionSpec;
    const point = widthChebyshevPoint({ gram: taskGram(spec, widthData(spec, 1)), width: 1 }, [0.5, 0.5], [0, 0], 1e-4);
    point.forEach((v) => expect(v).toBeCloseTo(0.2724468, 7));
  });
});

describe('teachingChebyshevPoint', () => {
  it("is Fonseca–Fleming's closed form, and the width problem's point of its seeded data", () => {
    const ff = teachingChebyshevPoint({ kind: 'fonseca-fleming', dimension: 3 }, 1, [0.3, 0.7], [0, 0], 1e-4);
    expect(ff).toEqual(fonsecaFlemingChebyshevPoint([0.3, 0.7], [0, 0], 1e-4));
    const spec: WidthTransitionSpec = { ...(DEFAULT_PROBLEMS.width as WidthTransitionSpec), tasks: 3, width: 1 };
    const k = [0.2, 0.3, 0.5];
    const width = teachingChebyshevPoint(spec, 2, k, [0, 0, 0], 1e-4);
    expect(width).toEqual(widthChebyshevPoint({ gram: taskGram(spec, widthData(spec, 2)), width: 1 }, k, [0, 0, 0], 1e-4));
    // Another seed, other data: another point.
    expect(teachingChebyshevPoint(spec, 3, k, [0, 0, 0], 1e-4)).not.toEqual(width);
  });
});

describe('modelMinimiser', () => {
  it('takes the crossing of two lines inside the interval, else the better end', () => {
    // max(1 + d, 2 − d) is least at d = 0.5.
    expect(modelMinimiser([1, 2], [[1], [-1]], 1)[0]).toBeCloseTo(0.5, 15);
    // Out of reach: the end nearer to it.
    expect(modelMinimiser([1, 2], [[1], [-1]], 0.25)[0]).toBe(0.25);
  });

  it('takes the point where three planes are equal, a crossing on an edge, or a corner', () => {
    // max(d₁, d₂, −d₁ − d₂) is least (0) at the origin, where all three meet: no step.
    expect(modelMinimiser([0, 0, 0], [[1, 0], [0, 1], [-1, -1]], 1)).toEqual([0, 0]);
    // Shifted: max(1 + d₁, 1 + d₂, −1 − d₁ − d₂) meets at d₁ = d₂ = −2/3.
    const [x, y] = modelMinimiser([1, 1, -1], [[1, 0], [0, 1], [-1, -1]], 1);
    expect(x).toBeCloseTo(-2 / 3, 12);
    expect(y).toBeCloseTo(-2 / 3, 12);
    // With radius ½ the meeting point is out of reach: the corner (−½, −½), where the first two are equal.
    expect(modelMinimiser([1, 1, -1], [[1, 0], [0, 1], [-1, -1]], 0.5)).toEqual([-0.5, -0.5]);
    // max(d₁ + d₂, 0.4 − d₁ + d₂): equal along d₁ = 0.2, both falling in d₂, so least where that line meets d₂ = −1.
    const [p, q] = modelMinimiser([0, 0.4], [[1, 1], [-1, 1]], 1);
    expect(p).toBeCloseTo(0.2, 12);
    expect(q).toBe(-1);
  });
});
