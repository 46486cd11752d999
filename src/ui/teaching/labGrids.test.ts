import { describe, expect, it } from 'vitest';
import { simplexGrid, sweptGridSize } from '../compare/sweepGrid';
import { labMethodGrids, modelGrid } from './labGrids';

const lab = (n: number) => (size: number) => simplexGrid(n, size);

describe('the number of preferences a sweep ran, read off its runs', () => {
  it('is the grid its runs fill, the smallest among those that hold as many (3 lies inside 9), the box among equals', () => {
    expect(sweptGridSize(simplexGrid(2, 3), lab(2), 50)).toBe(3);
    expect(sweptGridSize(simplexGrid(2, 9), lab(2), 50)).toBe(9);
    // The grid of 9 holds the grid of 3: most runs decide, not the box.
    expect(sweptGridSize(simplexGrid(2, 9), lab(2), 50, 3)).toBe(9);
    expect(sweptGridSize(simplexGrid(3, 10), lab(3), 50)).toBe(10);
    // Two sweeps that ran (3 and 5): the one of more runs, whatever the box; the box only among equals.
    const both = [...simplexGrid(2, 3), ...simplexGrid(2, 5)];
    expect(sweptGridSize(both, lab(2), 50, 3)).toBe(5);
    const equal = [...simplexGrid(2, 4), ...simplexGrid(2, 6).filter((k) => !simplexGrid(2, 4).some((g) => Math.abs(g[0] - k[0]) < 1e-9)).slice(0, 4)];
    expect(sweptGridSize(equal, lab(2), 50, 4)).toBe(4);
    // Half a grid is still that grid; beside a run at a k of one's own, typed (0.3 is the grid's 0.30000000000000004).
    expect(sweptGridSize(simplexGrid(2, 8).slice(0, 4), lab(2), 50)).toBe(8);
    expect(sweptGridSize([[0.3, 0.7], ...simplexGrid(2, 5).slice(2), [0.25, 0.75]], lab(2), 50)).toBe(5);
  });

  it("is none for a run or two at a k of one's own, nor for a lone run at the centre unless runs are a sweep's for sure", () => {
    expect(sweptGridSize([[0.3, 0.7]], lab(2), 50)).toBeNull();
    expect(sweptGridSize([[0.5, 0.5]], lab(2), 50)).toBeNull();
    expect(sweptGridSize([[0.5, 0.5]], lab(2), 50, null, 1)).toBe(1);
    expect(sweptGridSize([], lab(2), 50)).toBeNull();
    // A sweep of 9 cut short by a reload (4 finished runs saved): less than half of it, read as none.
    expect(sweptGridSize(simplexGrid(2, 9).slice(0, 4), lab(2), 50)).toBeNull();
  });
});

describe("the lab's grid of each method", () => {
  const runs = (key: 'linear' | 'chebyshev-al' | 'mgda' | 'psl', preferences: number[][], from = 0) => preferences.map((preference, i) => ({ id: `${key}-${from + i}`, key, preference }));

  it('is the one it was swept at, else the box\'s; the Pareto set model is read where the swept methods share one, else at the box', () => {
    const grids = labMethodGrids([...runs('linear', simplexGrid(2, 3)), ...runs('chebyshev-al', simplexGrid(2, 5)), ...runs('mgda', [[0.5, 0.5]]), ...runs('psl', [[0.5, 0.5]])], 2, 50, 7);
    expect([...grids].map(([key, g]) => [key, g.grid.length, g.swept])).toEqual([
      ['linear', 3, true],
      ['chebyshev-al', 5, true],
      ['mgda', 7, false],
    ]);
    const box = simplexGrid(2, 7);
    expect(modelGrid(grids, box)).toBe(box);
    const shared = labMethodGrids([...runs('linear', simplexGrid(2, 5)), ...runs('chebyshev-al', simplexGrid(2, 5)), ...runs('mgda', [[0.5, 0.5]], 9)], 2, 50, 7);
    expect(modelGrid(shared, box)).toEqual(simplexGrid(2, 5));
    expect(modelGrid(new Map(), box)).toBe(box);
  });
});
