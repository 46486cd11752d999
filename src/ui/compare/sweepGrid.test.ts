import { describe, expect, it } from 'vitest';
import { gridDivisions, gridSize, networkTaskGrid, simplexGrid } from './sweepGrid';
import { roundPreference } from '../../experiment/preference';

const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]));
const nearestNeighbour = (grid: number[][]) => grid.map((p, i) => Math.min(...grid.filter((_, j) => j !== i).map((q) => dist(p, q))));

describe('sweep grids', () => {
  it('m = 2: N midpoints of N equal pieces of the segment, k_1 increasing', () => {
    expect(simplexGrid(2, 1)).toEqual([[0.5, 0.5]]);
    const grid = simplexGrid(2, 5);
    expect(grid.map((k) => k[0])).toEqual([0.1, 0.3, 0.5, 0.7, 0.9].map((v) => expect.closeTo(v, 12)));
    for (let n = 1; n <= 25; n++) expect(simplexGrid(2, n)).toHaveLength(n);
  });

  it('m = 3: the largest interior lattice with at most N points', () => {
    expect([1, 2, 3, 5, 6, 9, 10, 14, 15, 21].map((n) => gridSize(3, n))).toEqual([1, 1, 3, 3, 6, 6, 10, 10, 15, 21]);
    expect(gridDivisions(3, 10)).toBe(3);
    expect(simplexGrid(3, 1)).toEqual([[1 / 3, 1 / 3, 1 / 3]]);
    expect(simplexGrid(3, 10)).toHaveLength(10);
  });

  it('every point is on the simplex, strictly inside; the grid is uniform (equal neighbour spacing) and symmetric', () => {
    for (const [m, n] of [
      [2, 2],
      [2, 11],
      [3, 6],
      [3, 15],
      [3, 28],
    ]) {
      const grid = simplexGrid(m, n);
      for (const k of grid) {
        expect(k).toHaveLength(m);
        expect(Math.abs(k.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        expect(Math.min(...k)).toBeGreaterThan(0);
      }
      const spacing = nearestNeighbour(grid);
      for (const s of spacing) expect(s).toBeCloseTo(spacing[0], 12);
      // Mean at the centre of the simplex: no objective is favoured.
      for (let i = 0; i < m; i++) expect(grid.reduce((s, k) => s + k[i], 0) / grid.length).toBeCloseTo(1 / m, 12);
      // Distinct points.
      expect(new Set(grid.map((k) => k.map((v) => v.toFixed(9)).join())).size).toBe(grid.length);
    }
  });

  it('rejects other numbers of objectives', () => {
    expect(() => simplexGrid(4, 10)).toThrow(/2 or 3/);
  });

  it('a network grid keeps k₀ (the largest entry too), sums to 1, and leaves no task out nor a point twice', () => {
    expect(networkTaskGrid(0.2, 5)).toEqual([
      [0.2, 0.08, 0.72],
      [0.2, 0.24, 0.56],
      [0.2, 0.4, 0.4],
      [0.2, 0.56, 0.24],
      [0.2, 0.72, 0.08],
    ]);
    // k₀ the largest entry (it took the rounding's leftover: 0.4999 at every point).
    expect(networkTaskGrid(0.5, 8).map((k) => k[0])).toEqual(Array(8).fill(0.5));
    for (const [k0, n] of [[0.5, 8], [0.7, 6], [0.123456, 7], [0.001, 50], [0.99, 3]] as const) {
      for (const k of networkTaskGrid(k0, n)) {
        expect(k[0]).toBe(Math.round(k0 * 1e4) / 1e4);
        expect(Math.abs(k[0] + k[1] + k[2] - 1)).toBeLessThan(1e-9);
        expect(Math.min(k[1], k[2])).toBeGreaterThan(0);
      }
    }
    // Where k₀ is not the largest entry, the points are roundPreference's, as grids were before (saved sweeps match).
    for (const [k0, n] of [[0, 16], [0.01, 4], [0.001, 6], [0.2, 11]] as const) {
      expect(networkTaskGrid(k0, n)).toEqual(simplexGrid(2, n).map((w) => [...roundPreference([k0, (1 - k0) * w[0], (1 - k0) * w[1]], 4)]));
    }
    // Near k₀ = 1 the tasks' share holds fewer distinct points at 4 decimals than asked: each once.
    const crowded = networkTaskGrid(0.999, 16);
    expect(crowded.length).toBeLessThan(16);
    expect(new Set(crowded.map((k) => k.join())).size).toBe(crowded.length);
    expect(crowded.every((k) => k[1] > 0 && k[2] > 0)).toBe(true);
    expect(networkTaskGrid(0.99995, 3)).toEqual([]);
  });
});
