import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { minNormFrankWolfe, minNormSegment, minNormTwo, minNormWeights } from './minNorm';

/** Gram matrix of explicit vectors. */
function gramOf(vectors: number[][]): number[][] {
  return vectors.map((a) => vectors.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
}

function randomVectors(rng: Rng, n: number, dim: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => rng.normal()));
}

/** ‖Σ α_i g_i‖² = αᵀGα. */
function normSquared(gram: number[][], alpha: number[]): number {
  return alpha.reduce((s, a, i) => s + a * gram[i].reduce((t, g, j) => t + g * alpha[j], 0), 0);
}

describe('min-norm element of the convex hull of gradients (MGDA)', () => {
  it('two gradients: the closed form is the exact minimiser over the segment (dense scan)', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 30; trial++) {
      const gram = gramOf(randomVectors(rng, 2, 4));
      const [gamma] = minNormTwo(gram);
      let best = Number.POSITIVE_INFINITY;
      for (let s = 0; s <= 20000; s++) best = Math.min(best, normSquared(gram, [s / 20000, 1 - s / 20000]));
      expect(normSquared(gram, [gamma, 1 - gamma])).toBeLessThanOrEqual(best + 1e-12);
    }
  });

  it('two gradients: hand cases (orthogonal unit vectors → ½/½; a dominating shorter one → all weight)', () => {
    expect(minNormTwo([[1, 0], [0, 1]])).toEqual([0.5, 0.5]);
    // g1 = (1, 0), g2 = (2, 0): the min-norm point of the segment is g1 itself.
    expect(minNormTwo(gramOf([[1, 0], [2, 0]]))).toEqual([1, 0]);
    expect(minNormSegment(1, 1, 1)).toBe(0.5);
  });

  it('Frank–Wolfe from the uniform start matches the closed form on two gradients', () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 30; trial++) {
      const gram = gramOf(randomVectors(rng, 2, 5));
      const fw = minNormFrankWolfe(gram, { start: [0.5, 0.5] });
      const exact = minNormTwo(gram);
      expect(Math.abs(fw[0] - exact[0])).toBeLessThan(1e-9);
      expect(minNormWeights(gram)).toEqual(exact);
    }
  });

  it('Frank–Wolfe on three gradients: hand cases', () => {
    // Orthonormal gradients: the centroid, norm² 1/3.
    const third = minNormFrankWolfe(gramOf([[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    third.forEach((a) => expect(a).toBeCloseTo(1 / 3, 9));
    // g3 = g1 + g2 lies beyond the segment g1–g2, whose midpoint (½, ½) is the min-norm point.
    const pair = minNormFrankWolfe(gramOf([[1, 0], [0, 1], [1, 1]]), { start: [1 / 3, 1 / 3, 1 / 3] });
    expect(pair[0]).toBeCloseTo(0.5, 3);
    expect(pair[1]).toBeCloseTo(0.5, 3);
    expect(pair[2]).toBeCloseTo(0, 3);
    // A common descent direction does not exist when the gradients' hull holds 0: (1,0), (−1,1), (−1,−1).
    const stationary = minNormWeights(gramOf([[1, 0], [-1, 1], [-1, -1]]));
    expect(normSquared(gramOf([[1, 0], [-1, 1], [-1, -1]]), stationary)).toBeLessThan(1e-10);
    [0.5, 0.25, 0.25].forEach((a, i) => expect(stationary[i]).toBeCloseTo(a, 4));
  });

  it('Frank–Wolfe satisfies the optimality conditions on random three- and four-gradient problems', () => {
    const rng = new Rng(13);
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + (trial % 2);
      const gram = gramOf(randomVectors(rng, n, 6));
      const alpha = minNormWeights(gram);
      expect(alpha.every((a) => a >= 0)).toBe(true);
      expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // KKT on the simplex: (Gα)_i ≥ αᵀGα for every i (no vertex improves the norm to first order).
      const value = normSquared(gram, alpha);
      const g = gram.map((row) => row.reduce((s, v, j) => s + v * alpha[j], 0));
      for (const gi of g) expect(gi).toBeGreaterThanOrEqual(value - 1e-6 * Math.max(1, value));
    }
  });
});
