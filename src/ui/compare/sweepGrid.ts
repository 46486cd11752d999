/**
 * Preference grids for sweeps, uniform on the simplex and strictly inside it (no zero entry: with k_i = 0 a
 * task is not trained at all and its point is only weakly Pareto-optimal).
 *
 * The grid of H divisions is the lattice {a ∈ ℕ^m : Σ a = H} shifted into the interior:
 *   k = (a + 1/m) / (H + 1),
 * which sums to 1 and keeps the lattice's even spacing (1/(H+1) between neighbours). For m = 2 these are the
 * midpoints ((i + ½)/N, 1 − (i + ½)/N) of N equal pieces of the segment; for m = 3 the centres of the upward
 * small triangles of a triangle cut into (H+1)² pieces, (H+1)(H+2)/2 points. A requested size N is met exactly
 * for m = 2; for m = 3 the largest lattice with at most N points is used (1, 3, 6, 10, 15, 21, ...).
 *
 * A network sweep (the explorer's, and `npm run sweep -- --preferences grid`) keeps k₀ and spreads the rest over the
 * tasks with the two-objective grid w: k = (k₀, (1 − k₀) w₁, (1 − k₀) w₂). Pure.
 */
import type { MethodKey } from '../../experiment/choices';
import { roundPreference } from '../../experiment/preference';

/** Divisions H of the largest grid with at most n points on the (m−1)-simplex (m = 2 or 3). */
export function gridDivisions(m: number, n: number): number {
  const count = Math.max(1, Math.floor(n));
  if (m === 2) return count - 1;
  if (m === 3) {
    let h = 0;
    while (((h + 2) * (h + 3)) / 2 <= count) h++;
    return h;
  }
  throw new Error(`sweep grids are for 2 or 3 objectives, not ${m}`);
}

/** Number of points of the grid simplexGrid(m, n) (n for m = 2; a triangular number ≤ n for m = 3). */
export function gridSize(m: number, n: number): number {
  const h = gridDivisions(m, n);
  return m === 2 ? h + 1 : ((h + 1) * (h + 2)) / 2;
}

/** The sweep's preference vectors, in lattice order (k_1 increasing for m = 2). */
export function simplexGrid(m: number, n: number): number[][] {
  const h = gridDivisions(m, n);
  const scale = 1 / (h + 1);
  const point = (a: number[]) => a.map((v) => (v + 1 / m) * scale);
  const out: number[][] = [];
  if (m === 2) {
    for (let i = 0; i <= h; i++) out.push(point([i, h - i]));
  } else {
    for (let i = 0; i <= h; i++) for (let j = 0; j <= h - i; j++) out.push(point([i, j, h - i - j]));
  }
  return out;
}

/**
 * A network sweep's preferences: k₀ kept (to 4 decimals), the tasks' share spread over n points, rounded as
 * roundPreference rounds (4 decimals, Σ = 1) except that the rounding's leftover goes to the larger task weight, never
 * to k₀ (where k₀ was the largest entry it took it: k₀ = 0.5, n = 8 gave 0.4999 everywhere). Neither task weight is 0
 * (a task left out); where the tasks' share is too small for n distinct points at 4 decimals (k₀ near 1), the points
 * that would repeat are left out.
 */
export function networkTaskGrid(k0: number, n: number): number[][] {
  const rest = 1 - k0;
  const k0Units = Math.round(k0 * DECIMALS);
  const taskUnits = DECIMALS - k0Units;
  const points = simplexGrid(2, n).map((w) => {
    const [r0, r1, r2] = roundPreference([k0, rest * w[0], rest * w[1]], 4).map((v) => Math.round(v * DECIMALS));
    const tasks = [r1, r2];
    tasks[r1 >= r2 ? 0 : 1] += r0 - k0Units;
    const first = Math.min(taskUnits - 1, Math.max(1, tasks[0]));
    return [k0Units / DECIMALS, first / DECIMALS, (taskUnits - first) / DECIMALS];
  });
  return points.filter((k, i) => k[1] > 0 && k[2] > 0 && points.findIndex((other) => other[1] === k[1]) === i);
}

/** A network sweep's preferences have 4 decimals. */
const DECIMALS = 1e4;

/**
 * "5 preferences × 2 methods = 10 runs": every picked method runs once per grid point, except Pareto set learning,
 * which trains one model for the whole grid ("… + 1 Pareto set model = 11 runs").
 */
export function sweepPlanText(methods: readonly MethodKey[], count: number): string {
  const perPoint = methods.filter((k) => k !== 'psl').length;
  const model = methods.includes('psl') ? 1 : 0;
  const grid = `${count} preference${count === 1 ? '' : 's'} × ${perPoint} method${perPoint === 1 ? '' : 's'}`;
  if (model === 0) return `${grid} = ${count * perPoint} runs`;
  const total = count * perPoint + 1;
  return `${perPoint > 0 ? `${grid} + ` : ''}1 Pareto set model = ${total} run${total === 1 ? '' : 's'}`;
}

/** A preference's key to 6 decimals: a typed 0.3 is the grid's 0.30000000000000004. */
const preferenceKey = (k: readonly number[]) => k.map((v) => v.toFixed(6)).join(',');

/**
 * The number of preferences a sweep ran, read off its runs' preferences (queued, finished, stopped or failed alike):
 * of the grids `gridOf(1 … maxSize)`, the one holding most of them — at least `minHeld` of its points and half of
 * them — with the box's number (`box`) among equals, else the smallest grid (the grid of 3 lies inside that of 9).
 * Null where no grid holds enough: runs at a k or two of one's own were no sweep.
 */
export function sweptGridSize(preferences: readonly (readonly number[])[], gridOf: (n: number) => readonly (readonly number[])[], maxSize: number, box: number | null = null, minHeld = 2): number | null {
  const ran = new Set(preferences.map(preferenceKey));
  let best: { n: number; points: number; held: number } | null = null;
  for (let n = 1; n <= maxSize; n++) {
    const grid = gridOf(n);
    const held = grid.filter((k) => ran.has(preferenceKey(k))).length;
    if (held < minHeld || held * 2 < grid.length) continue;
    const better = best === null || held > best.held || (held === best.held && (n === box || (best.n !== box && grid.length < best.points)));
    if (better) best = { n, points: grid.length, held };
  }
  return best?.n ?? null;
}
