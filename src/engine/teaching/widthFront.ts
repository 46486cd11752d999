/**
 * The exact Pareto front of the width phase transition (widthTransition.ts), in float64.
 *
 * Derivation. Task i fits y_i = X b_i with the predictor β_i = W a_i ∈ range(W), a subspace of dimension
 * ≤ q shared by all tasks. With Σ = XᵀX/N (full rank, N > d),
 *   f_i = (1/N)‖X β_i − y_i‖² = (β_i − b_i)ᵀ Σ (β_i − b_i) = ‖v_i − z_i‖²,   v_i = Σ^½ β_i,  z_i = Σ^½ b_i,
 * and v_i ranges over S = Σ^½ range(W), any subspace of dimension ≤ q. For a given S each task is best off
 * with a_i chosen so that v_i = P_S z_i, giving f_i(S) = ‖z_i‖² − ‖P_S z_i‖². So the front is the
 * non-dominated part of { f(S) : S a q-dimensional subspace }. Two reductions make it small:
 * - S can be taken inside span(z_1..z_k): replacing S by a q-dimensional subspace of span(Z) that contains
 *   the projection of S onto span(Z) never lowers any ‖P_S z_i‖ (for z ∈ span Z,
 *   ‖P_S z‖ = max_{s∈S,‖s‖=1} ⟨P_Z s, z⟩ ≤ ‖P_{S'} z‖);
 * - only the Gram matrix G_ij = ⟨z_i, z_j⟩ = b_iᵀ Σ b_j matters, so z_i can be any vectors in R^k with that
 *   Gram matrix: the rows of a (semi-definite) Cholesky factor G = L Lᵀ.
 * Hence: q ≥ rank G → S = span Z fits every task exactly and the front is the single point 0 (the
 * collapse); q < rank G → a curve (k = 2, q = 1: S = span(cos φ, sin φ), f_i = ‖z_i‖² − ⟨u, z_i⟩²) or a
 * surface (k = 3: q = 1, S = span(u) with u on the sphere; q = 2, S = u^⊥ with f_i = ⟨u, z_i⟩²), enumerated
 * densely and filtered for dominance.
 */
import { nonDominated } from '../pareto';

/** L with G = L Lᵀ for a positive semi-definite G (a zero pivot gives a zero column). */
export function semiDefiniteCholesky(gram: readonly (readonly number[])[]): number[][] {
  const k = gram.length;
  const L = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let diagonal = gram[j][j];
    for (let p = 0; p < j; p++) diagonal -= L[j][p] ** 2;
    const pivot = Math.sqrt(Math.max(0, diagonal));
    L[j][j] = pivot;
    // Relative threshold: a pivot this small means z_j lies in the span of the earlier z's.
    if (pivot <= 1e-12 * Math.sqrt(Math.max(1e-300, gram[j][j]))) {
      L[j][j] = 0;
      continue;
    }
    for (let i = j + 1; i < k; i++) {
      let s = gram[i][j];
      for (let p = 0; p < j; p++) s -= L[i][p] * L[j][p];
      L[i][j] = s / pivot;
    }
  }
  return L;
}

export interface WidthFrontOptions {
  /** Gram matrix G = Bᵀ Σ B of the task vectors (k × k). */
  gram: number[][];
  /** Width q. */
  width: number;
  /** Subspaces enumerated (angles for k = 2, sphere points for k = 3). */
  samples?: number;
}

/** Numerical rank of G (eigenvalues above a relative threshold, via the Cholesky pivots). */
export function gramRank(gram: readonly (readonly number[])[]): number {
  return semiDefiniteCholesky(gram).filter((row, i) => row[i] > 0).length;
}

export function widthFront({ gram, width, samples }: WidthFrontOptions): number[][] {
  const k = gram.length;
  if (width >= gramRank(gram)) return [new Array<number>(k).fill(0)];
  const z = semiDefiniteCholesky(gram);
  const norms = z.map((zi) => zi.reduce((s, v) => s + v * v, 0));
  const dot = (u: readonly number[], zi: readonly number[]) => u.reduce((s, v, i) => s + v * zi[i], 0);
  const points: number[][] = [];
  if (k === 2) {
    const n = samples ?? 4096;
    for (let j = 0; j < n; j++) {
      const phi = (Math.PI * j) / n;
      const u = [Math.cos(phi), Math.sin(phi)];
      points.push(z.map((zi, i) => Math.max(0, norms[i] - dot(u, zi) ** 2)));
    }
  } else if (k === 3) {
    for (const u of hemisphere(samples ?? 24000)) {
      // q = 1: S = span(u), residual ‖z‖² − ⟨u,z⟩²; q = 2: S = u^⊥, residual ⟨u,z⟩².
      points.push(z.map((zi, i) => (width === 1 ? Math.max(0, norms[i] - dot(u, zi) ** 2) : dot(u, zi) ** 2)));
    }
    // The fronts' corners (one task fitted exactly) are not always on the grid: add u along/⟂ to each z_i.
    for (const u of cornerDirections(z, width)) points.push(z.map((zi, i) => (width === 1 ? Math.max(0, norms[i] - dot(u, zi) ** 2) : dot(u, zi) ** 2)));
  } else {
    throw new Error(`the width problem's exact front is implemented for 2 and 3 tasks, not ${k}`);
  }
  return nonDominated(points);
}

/** Evenly spread unit vectors of the upper hemisphere (a Fibonacci spiral: uniform in area). */
export function hemisphere(n: number): number[][] {
  const golden = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: n }, (_, j) => {
    const zc = (j + 0.5) / n;
    const r = Math.sqrt(1 - zc * zc);
    return [r * Math.cos(golden * j), r * Math.sin(golden * j), zc];
  });
}

/** q = 1: u ∥ z_i fits task i exactly. q = 2: u ⟂ z_i, z_j fits tasks i and j exactly. */
function cornerDirections(z: number[][], width: number): number[][] {
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return n > 0 ? v.map((x) => x / n) : v;
  };
  if (width === 1) return z.map(unit);
  const cross = (a: number[], b: number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  return [cross(z[0], z[1]), cross(z[0], z[2]), cross(z[1], z[2])].map(unit);
}
