/**
 * The grid each method of the lab is measured at, so that the method table measures a method at its own sweep and not
 * at the number now in the sweep-size box (which plans the next sweep). A sweep's runs stay on the page — queued,
 * finished, stopped or failed — until a sweep of that method at another number replaces them, so a method's runs hold
 * its grid (sweepGrid.ts sweptGridSize: at least two of its points and half of them). Where they hold none — runs at a
 * k of one's own, a lone run at the centre, or a sweep cut short by a reload (only finished runs are saved) — the
 * method is measured at the box's grid, as before there was a sweep to read. Pure; memoised on the runs' ids.
 */
import type { MethodKey } from '../../experiment/choices';
import { simplexGrid, sweptGridSize } from '../compare/sweepGrid';

export interface MethodGrid {
  grid: number[][];
  /** Read off its runs (a sweep that ran); false: the box's, for want of one. */
  swept: boolean;
}

let memo: { key: string; value: Map<MethodKey, MethodGrid> } | null = null;

/** Each per-preference method's grid (the Pareto set model, one run for every k, has none of its own). */
export function labMethodGrids(runs: readonly { id: string; key: MethodKey; preference: readonly number[] }[], m: 2 | 3, maxSize: number, box: number): Map<MethodKey, MethodGrid> {
  const key = `${m}|${box}|${runs.map((r) => r.id).join(',')}`;
  if (memo?.key === key) return memo.value;
  const grids = new Map<MethodKey, MethodGrid>();
  for (const method of new Set(runs.map((r) => r.key))) {
    if (method === 'psl') continue;
    const preferences = runs.filter((r) => r.key === method).map((r) => r.preference);
    const n = sweptGridSize(preferences, (size) => simplexGrid(m, size), maxSize, box);
    grids.set(method, { grid: simplexGrid(m, n ?? box), swept: n !== null });
  }
  memo = { key, value: grids };
  return grids;
}

/**
 * Where a Pareto set model is read to be compared: at the grid the methods swept beside it share; else (none swept,
 * or swept at different numbers) at the sweep box's.
 */
export function modelGrid(grids: ReadonlyMap<MethodKey, MethodGrid>, box: number[][]): number[][] {
  const swept = [...grids.values()].filter((g) => g.swept).map((g) => g.grid);
  return swept.length > 0 && new Set(swept.map((g) => g.length)).size === 1 ? swept[0].map((k) => [...k]) : box;
}
