import { describe, expect, it } from 'vitest';
import { dominates, nonDominated, nonDominatedIndices } from './dominance';
import { hypervolume2d } from './hypervolume';

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
  });

  it('works in three objectives', () => {
    expect(nonDominatedIndices([[1, 1, 1], [0, 2, 2], [2, 2, 2]])).toEqual([0, 1]);
  });
});

describe('hypervolume2d', () => {
  it('is the box of a single point', () => {
    expect(hypervolume2d([[1, 2]], [3, 3])).toBe(2 * 1);
  });

  it('is the staircase area of several points (hand case)', () => {
    // Reference (4, 4), points (1, 3), (2, 2), (3, 1): horizontal strips of the staircase,
    // y ∈ [3, 4] × width 3, y ∈ [2, 3] × width 2, y ∈ [1, 2] × width 1 → 3 + 2 + 1 = 6.
    expect(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe((4 - 1) * (4 - 3) + (4 - 2) * (3 - 2) + (4 - 3) * (2 - 1));
    expect(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
  });

  it('ignores dominated points, duplicates and points beyond the reference', () => {
    const base = hypervolume2d([[1, 3], [3, 1]], [4, 4]);
    expect(base).toBe(3 * 1 + 1 * 2);
    expect(hypervolume2d([[1, 3], [3, 1], [3.5, 3.5], [1, 3], [5, 0], [0, 5]], [4, 4])).toBe(base);
    expect(hypervolume2d([[4, 1]], [4, 4])).toBe(0);
    expect(hypervolume2d([], [4, 4])).toBe(0);
  });

  it('does not depend on the order of the points', () => {
    const pts: [number, number][] = [[0.5, 0.9], [0.2, 1.5], [0.9, 0.1], [0.6, 0.6]];
    const a = hypervolume2d(pts, [2, 2]);
    expect(hypervolume2d([...pts].reverse(), [2, 2])).toBeCloseTo(a, 12);
    // (0.2,1.5): 1.8·0.5 = 0.9; (0.5,0.9): 1.5·0.6 = 0.9; (0.6,0.6): 1.4·0.3 = 0.42; (0.9,0.1): 1.1·0.5 = 0.55
    expect(a).toBeCloseTo(0.9 + 0.9 + 0.42 + 0.55, 12);
  });
});
