/**
 * The seeded Dirichlet draws of random weighting and Pareto set learning: a point of the simplex for every α the
 * registry allows, the same stream as before where the draws do not underflow.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from './random';

describe('Rng.dirichlet', () => {
  it('is a point of the simplex even when every Gamma draw underflows (α = 0.001: U^1000 is 0 in float64)', () => {
    const rng = new Rng(7);
    const largest: number[] = [];
    for (let i = 0; i < 500; i++) {
      const k = Array.from(rng.dirichlet(3, 0.001));
      expect(k.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      largest.push(Math.max(...k));
    }
    // Such a small α puts nearly all the mass on one objective, most of the time.
    largest.sort((x, y) => x - y);
    expect(largest[250]).toBeGreaterThan(0.999);
  });

  it('is a point of the simplex for any α > 0 the registry allows, even where the logarithms leave float64 (α = 1e-320)', () => {
    const rng = new Rng(5);
    const corners = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const k = Array.from(rng.dirichlet(3, 1e-320));
      expect(k.filter((v) => v === 1)).toHaveLength(1);
      expect(k.reduce((a, b) => a + b, 0)).toBe(1);
      corners.add(k.indexOf(1));
    }
    expect(corners).toEqual(new Set([0, 1, 2]));
  });

  it('where the draws do not underflow, is the Gamma draws over their sum: the stream of every seed stays as it was', () => {
    const [a, b] = [new Rng(3), new Rng(3)];
    for (let i = 0; i < 200; i++) {
      const x = [b.gamma(0.5), b.gamma(0.5), b.gamma(0.5)];
      const sum = x[0] + x[1] + x[2];
      expect(Array.from(a.dirichlet(3, 0.5))).toEqual(x.map((v) => v / sum));
    }
  });
});
