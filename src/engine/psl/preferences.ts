/**
 * The preferences a Pareto set model meets: a seeded Dirichlet batch per training step (COSMOS and LibMOON's PSL
 * solvers sample theirs the same way), and the closed lattice its front is read on afterwards. Pure (no TF.js).
 */
import type { Rng } from '../random';

/** `count` preferences on the (m−1)-simplex from Dirichlet(α, …, α), row-major [count, m]. */
export function samplePreferences(rng: Rng, count: number, m: number, alpha: number): Float32Array {
  const out = new Float32Array(count * m);
  for (let b = 0; b < count; b++) out.set(rng.dirichlet(m, alpha), b * m);
  return out;
}

/**
 * The closed lattice {a/H : a ∈ ℕ^m, Σ a = H} with the most points not above `count` (m = 2: k₁ = 1, …, 0 in
 * count − 1 steps; m = 3: (H+1)(H+2)/2 points). Unlike the sweeps' grids it includes the simplex's edges: a
 * model answers at k_i = 0 as readily as anywhere else.
 */
export function preferenceLattice(m: number, count: number): number[][] {
  if (m === 2) {
    const h = Math.max(1, Math.floor(count) - 1);
    return Array.from({ length: h + 1 }, (_, j) => [1 - j / h, j / h]);
  }
  if (m === 3) {
    let h = 1;
    while (((h + 2) * (h + 3)) / 2 <= count) h++;
    const out: number[][] = [];
    for (let a = h; a >= 0; a--) for (let b = h - a; b >= 0; b--) out.push([a / h, b / h, (h - a - b) / h]);
    return out;
  }
  throw new Error(`preference lattices are for 2 or 3 objectives, not ${m}`);
}
