import { describe, expect, it } from 'vitest';
import { simplexGrid } from '../compare/sweepGrid';
import { labSweptGrids, modelGrid, sweptGridOf } from './labGrids';

describe("the grid a lab method was swept at, read off its runs", () => {
  it('is the grid its runs fill, the smallest among those that hold them all (3 lies inside 9)', () => {
    expect(sweptGridOf(simplexGrid(2, 3), 2, 50)).toEqual(simplexGrid(2, 3));
    expect(sweptGridOf(simplexGrid(2, 9), 2, 50)).toEqual(simplexGrid(2, 9));
    expect(sweptGridOf(simplexGrid(3, 10), 3, 50)).toEqual(simplexGrid(3, 10));
    // A sweep cut short keeps its grid: stopped runs stay on the page, but even half of it is read as that grid.
    expect(sweptGridOf(simplexGrid(2, 8).slice(0, 4), 2, 50)).toEqual(simplexGrid(2, 8));
    // Beside a run at a k of one's own, typed (0.3 is the grid of 5's 0.30000000000000004).
    expect(sweptGridOf([...simplexGrid(2, 5), [0.25, 0.75]], 2, 50)).toEqual(simplexGrid(2, 5));
    expect(sweptGridOf([[0.3, 0.7], ...simplexGrid(2, 5).slice(2)], 2, 50)).toEqual(simplexGrid(2, 5));
  });

  it('is none for a run or two at a k of one\'s own (the centre alone is the grid of 1)', () => {
    expect(sweptGridOf([[0.3, 0.7]], 2, 50)).toBeNull();
    expect(sweptGridOf([[0.3, 0.7], [0.7, 0.3]], 2, 50)).toBeNull();
    expect(sweptGridOf([[0.5, 0.5]], 2, 50)).toEqual([[0.5, 0.5]]);
    expect(sweptGridOf([], 2, 50)).toBeNull();
  });

  it('is per method; the Pareto set model is read where the methods beside it share one grid, else at the box', () => {
    const runs = [
      ...simplexGrid(2, 3).map((preference) => ({ key: 'linear' as const, preference })),
      ...simplexGrid(2, 5).map((preference) => ({ key: 'chebyshev-al' as const, preference })),
      { key: 'psl' as const, preference: [0.5, 0.5] },
    ];
    const grids = labSweptGrids(runs, 2, 50);
    expect([...grids.keys()]).toEqual(['linear', 'chebyshev-al']);
    expect(grids.get('linear')).toHaveLength(3);
    expect(grids.get('chebyshev-al')).toHaveLength(5);
    const box = simplexGrid(2, 2);
    expect(modelGrid(grids, box)).toBe(box);
    expect(modelGrid(new Map([['linear', simplexGrid(2, 3)]]), box)).toEqual(simplexGrid(2, 3));
    expect(modelGrid(new Map(), box)).toBe(box);
  });
});
