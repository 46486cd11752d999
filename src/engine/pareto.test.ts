import { describe, expect, it } from 'vitest';
import { Rng } from './random';
import {
  diameter,
  distanceToFront,
  dominates,
  frontCoverage,
  frontSampling,
  frontSpacing,
  hypervolume,
  hypervolume2d,
  hypervolume3d,
  nonDominated,
  nonDominatedIndices,
  pairwiseNonDominated,
} from './pareto';

describe('dominance', () => {
  it('needs no worse everywhere and better somewhere', () => {
    expect(dominates([1, 1], [2, 2])).toBe(true);
    expect(dominates([1, 2], [2, 2])).toBe(true);
    expect(dominates([2, 2], [2, 2])).toBe(false);
    expect(dominates([1, 3], [2, 2])).toBe(false);
    expect(dominates([1, 1, 5], [2, 2, 4])).toBe(false);
  });

  it('filters the non-dominated points, keeping duplicates and ignoring non-finite ones', () => {
    const pts = [
      [1, 5],
      [2, 2],
      [3, 3], // dominated by [2, 2]
      [5, 1],
      [2, 2], // duplicate: kept
      [6, 6], // dominated
      [Number.NaN, 0], // ignored
    ];
    expect(nonDominatedIndices(pts)).toEqual([0, 1, 3, 4]);
    expect(nonDominated([[1, 2, 3]])).toEqual([[1, 2, 3]]);
    expect(nonDominatedIndices([])).toEqual([]);
    expect(nonDominatedIndices([[1, 1, 1], [0, 2, 2], [2, 2, 2]])).toEqual([0, 1]);
  });

  it('sweeps to the same points as the pairwise definition, ties, duplicates and non-finite values included', () => {
    const rng = new Rng(17);
    for (const m of [1, 2, 3, 4]) {
      for (let trial = 0; trial < 200; trial++) {
        // Few distinct values: ties in one coordinate, shared pairs and whole duplicates are common.
        const values = 1 + Math.floor(rng.next() * 5);
        const points = Array.from({ length: Math.floor(rng.next() * 40) }, () =>
          Array.from({ length: m }, () => (rng.next() < 0.02 ? Number.NaN : Math.floor(rng.next() * values))),
        );
        expect(nonDominatedIndices(points)).toEqual(pairwiseNonDominated(points));
      }
    }
  });

  it('sweeps continuous fronts, with every kept point undominated and every dropped one dominated', () => {
    const rng = new Rng(5);
    // Points on and above the sphere octant: the surface ones form the front.
    const points = Array.from({ length: 3000 }, () => {
      const v = [rng.normal(), rng.normal(), rng.normal()].map(Math.abs);
      const scale = (rng.next() < 0.5 ? 1 : 1 + rng.next()) / Math.hypot(...v);
      return v.map((x) => x * scale);
    });
    const kept = nonDominatedIndices(points);
    expect(kept).toEqual(pairwiseNonDominated(points));
    expect(kept.length).toBeGreaterThan(1000);
  });
});

describe('hypervolume2d', () => {
  it('is the staircase area (hand cases)', () => {
    expect(hypervolume2d([[1, 2]], [3, 3])).toBe(2);
    // Strips of the staircase: y ∈ [3, 4] × width 3, y ∈ [2, 3] × width 2, y ∈ [1, 2] × width 1.
    expect(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
  });

  it('ignores dominated points, duplicates, points beyond the reference, and order', () => {
    const base = hypervolume2d([[1, 3], [3, 1]], [4, 4]);
    expect(base).toBe(3 * 1 + 1 * 2);
    expect(hypervolume2d([[1, 3], [3, 1], [3.5, 3.5], [1, 3], [5, 0], [0, 5]], [4, 4])).toBe(base);
    expect(hypervolume2d([[4, 1]], [4, 4])).toBe(0);
    expect(hypervolume2d([], [4, 4])).toBe(0);
    const pts = [[0.5, 0.9], [0.2, 1.5], [0.9, 0.1], [0.6, 0.6]];
    expect(hypervolume2d([...pts].reverse(), [2, 2])).toBeCloseTo(0.9 + 0.9 + 0.42 + 0.55, 12);
  });
});

describe('hypervolume3d', () => {
  it('is the box of one point and the union of boxes for several (hand case)', () => {
    expect(hypervolume3d([[1, 1, 1]], [2, 3, 4])).toBe(1 * 2 * 3);
    // Two boxes [0,2]×[0,1]×[0,1] and [0,1]×[0,2]×[0,1] (reference 2,2,1 shifted): union 2 + 2 − 1 = 3.
    expect(hypervolume3d([[0, 1, 0], [1, 0, 0]], [2, 2, 1])).toBe(3);
    expect(hypervolume3d([[0, 1, 0], [1, 0, 0], [1.5, 1.5, 0.5]], [2, 2, 1])).toBe(3);
    expect(hypervolume3d([[0, 0, 1]], [1, 1, 1])).toBe(0);
  });

  it('agrees with Monte Carlo on random points', () => {
    const rng = new Rng(3);
    const pts = Array.from({ length: 12 }, () => [rng.next(), rng.next(), rng.next()]);
    const reference = [1.2, 1.1, 1.3];
    let inside = 0;
    const samples = 40000;
    for (let s = 0; s < samples; s++) {
      const q = [rng.next() * 1.2, rng.next() * 1.1, rng.next() * 1.3];
      if (pts.some((p) => p.every((v, i) => v <= q[i]))) inside++;
    }
    const mc = (inside / samples) * 1.2 * 1.1 * 1.3;
    expect(Math.abs(hypervolume3d(pts, reference) - mc)).toBeLessThan(0.02);
    expect(hypervolume(pts, reference)).toBe(hypervolume3d(pts, reference));
    expect(() => hypervolume([[1, 2, 3, 4]], [5, 5, 5, 5])).toThrow(/2 and 3/);
  });
});

describe('distances to an exact front', () => {
  // The front: the quarter circle x² + y² = 1, densely sampled.
  const front = Array.from({ length: 2001 }, (_, i) => {
    const a = (Math.PI / 2) * (i / 2000);
    return [Math.cos(a), Math.sin(a)];
  });

  it('measures how far solutions are from the front', () => {
    const d = distanceToFront([[1.1, 0], [0, 1], [Math.SQRT1_2 * 0.9, Math.SQRT1_2 * 0.9]], front);
    expect(d.each[0]).toBeCloseTo(0.1, 6);
    expect(d.each[1]).toBeCloseTo(0, 12);
    expect(d.each[2]).toBeCloseTo(0.1, 6);
    expect(d.max).toBeCloseTo(0.1, 6);
    expect(d.mean).toBeCloseTo(0.2 / 3, 6);
  });

  it('measures how much of the front solutions leave uncovered', () => {
    const ends = frontCoverage([[1, 0], [0, 1]], front);
    // The middle of the arc is farthest from both ends: |(√½, √½) − (1, 0)| = √(2 − √2).
    expect(ends.max).toBeCloseTo(Math.sqrt(2 - Math.SQRT2), 5);
    const spread = frontCoverage(front.filter((_, i) => i % 200 === 0), front);
    expect(spread.max).toBeLessThan(0.08);
  });

  it('diameter is the largest pairwise distance', () => {
    expect(diameter([])).toBe(0);
    expect(diameter([[1, 1]])).toBe(0);
    expect(diameter([[0, 0], [3, 4], [1, 1]])).toBe(5);
  });
});

describe('frontSampling', () => {
  it("is half the spacing on a curve, and a surface's widest nearest-sample gaps (99th percentile) on a cloud", () => {
    const segment = Array.from({ length: 11 }, (_, i) => [i / 10, 1 - i / 10]);
    expect(frontSampling(segment, true).tolerance).toBeCloseTo(Math.SQRT2 / 20, 12);
    // A grid every 0.05 with one row of samples missing: the gaps beside it are 0.1 wide.
    const grid = Array.from({ length: 21 * 21 }, (_, i) => [Math.floor(i / 21) * 0.05, (i % 21) * 0.05, 0]).filter((p) => Math.abs(p[0] - 0.5) > 1e-9);
    const { spacing, tolerance } = frontSampling(grid, false);
    expect(spacing).toBeCloseTo(0.05, 12);
    expect(tolerance).toBeCloseTo(0.05, 12);
    // Between 0.3 and 0.7 only every other sample each way: more than 1 % of all are 0.1 from their nearest.
    const even = (v: number) => Math.round(v / 0.05) % 2 === 0;
    const sparse = grid.filter((p) => p[0] < 0.3 || p[0] > 0.7 || (even(p[0]) && even(p[1])));
    expect(frontSampling(sparse, false).tolerance).toBeCloseTo(0.1, 12);
    expect(frontSampling([[0, 0]], false)).toEqual({ spacing: 0, tolerance: 0 });
  });
});

describe('frontSpacing', () => {
  it('is the median distance to the nearest other sample: a segment sampled every 0.1, a grid every 0.05', () => {
    const segment = Array.from({ length: 11 }, (_, i) => [i / 10, 1 - i / 10]);
    expect(frontSpacing(segment)).toBeCloseTo(Math.SQRT2 / 10, 12);
    const grid = Array.from({ length: 21 * 21 }, (_, i) => [Math.floor(i / 21) * 0.05, (i % 21) * 0.05, 0]);
    expect(frontSpacing(grid)).toBeCloseTo(0.05, 12);
    expect(frontSpacing([[0, 0]])).toBe(0);
  });
});
