/**
 * The grid each method of the lab was swept at, read off its runs, so that the method table measures a method at its
 * own sweep and not at the number now in the sweep-size box (which only plans the next sweep). A sweep's runs all
 * stay on the page — queued, finished, stopped or failed — until a sweep of that method at another size replaces them,
 * so a method's runs hold its grid: of the grids of 1 … `maxSize` points, the one holding most of them, the smallest
 * among equals (the grid of 3 lies inside that of 9). A method whose runs fill less than half of any grid was not
 * swept (a run or two at a k of one's own). Pure.
 */
import type { MethodKey } from '../../experiment/choices';
import { gridDivisions, simplexGrid } from '../compare/sweepGrid';

/** Whether k lies on the grid of `divisions` H: k = (a + 1/m) / (H + 1) with whole a ≥ 0 (sweepGrid.ts). */
function gridIndex(k: readonly number[], divisions: number): string | null {
  const a = k.map((v) => v * (divisions + 1) - 1 / k.length);
  return a.every((v) => v > -1e-7 && Math.abs(v - Math.round(v)) < 1e-7) ? a.map(Math.round).join(',') : null;
}

const pointsOf = (m: number, divisions: number) => (m === 2 ? divisions + 1 : ((divisions + 1) * (divisions + 2)) / 2);

/** The grid these preferences were swept at (simplexGrid's points), or null where they fill none to half. */
export function sweptGridOf(preferences: readonly (readonly number[])[], m: 2 | 3, maxSize: number): number[][] | null {
  let best: { divisions: number; covered: number } | null = null;
  for (let h = 0; h <= gridDivisions(m, maxSize); h++) {
    const covered = new Set(preferences.flatMap((k) => (k.length === m ? (gridIndex(k, h) ?? []) : []))).size;
    if (covered > 0 && covered * 2 >= pointsOf(m, h) && (best === null || covered > best.covered)) best = { divisions: h, covered };
  }
  return best === null ? null : simplexGrid(m, pointsOf(m, best.divisions));
}

/** Each per-preference method's swept grid (the Pareto set model, one run for every k, has none of its own). */
export function labSweptGrids(runs: readonly { key: MethodKey; preference: readonly number[] }[], m: 2 | 3, maxSize: number): Map<MethodKey, number[][]> {
  const grids = new Map<MethodKey, number[][]>();
  for (const key of new Set(runs.map((r) => r.key))) {
    if (key === 'psl') continue;
    const grid = sweptGridOf(
      runs.filter((r) => r.key === key).map((r) => r.preference),
      m,
      maxSize,
    );
    if (grid) grids.set(key, grid);
  }
  return grids;
}

/**
 * Where a Pareto set model is read to be compared: at the grid the methods beside it were swept at, where they share
 * one; else (none swept, or at different sizes) at the sweep-size box's.
 */
export function modelGrid(grids: ReadonlyMap<MethodKey, readonly (readonly number[])[]>, box: number[][]): number[][] {
  const sizes = new Set([...grids.values()].map((g) => g.length));
  const [only] = [...grids.values()];
  return sizes.size === 1 && only ? only.map((k) => [...k]) : box;
}
