/**
 * The exact solution of the modified Chebyshev scalarization (SPEC §1.1) on the width problem's front: the point
 * minimising max_i k_i [(f_i − a_i) + ε Σ_j (f_j − a_j)] — where a method that scalarizes by Chebyshev should land.
 *
 * widthFront.ts reduces the problem to a unit vector u in R^m (m = 2 or 3 tasks, the rows z_i of G's Cholesky
 * factor): f_i(u) = ‖z_i‖² − ⟨u, z_i⟩² for q = 1 (S = span u), ⟨u, z_i⟩² for q = 2 (S = u^⊥). The scalarization's
 * minimiser over all subspaces is Pareto-optimal (ε > 0), so minimising over the sphere needs no front at all. A
 * sampled front's best point is off by its sampling (0.3–5 % in value on a thinned three-task cloud); here the best of
 * a dense sampling of the (half) sphere is refined by sequential linear programming: at u, each term is linearised in
 * the tangent plane, the piecewise-linear max is minimised exactly over a square trust region (the optimum is a vertex:
 * a corner, a crossing of two terms with an edge, or the point where all three are equal), and the step is kept when
 * the true value falls, else the square shrinks. Where the optimum equalises the terms (the usual case) this converges
 * like Newton's method. Pure.
 */
import { gramRank, hemisphere, semiDefiniteCholesky } from './widthFront';

export interface WidthChebyshevProblem {
  /** Gram matrix G = Bᵀ Σ B of the task vectors (m × m, m = 2 or 3). */
  gram: number[][];
  /** Width q. */
  width: number;
}

/** Directions sampled before refining (a half circle for two tasks, a hemisphere for three). */
const SAMPLES = { 2: 720, 3: 1500 } as const;
/** Best samples refined (far enough apart to lie in different valleys where there are several). */
const STARTS = 4;
/** The three-task samples, made once. */
let hemisphereSamples: number[][] | null = null;
/** Starts closer than this (the cosine of 0.2 rad) would refine into the same valley. */
const SAME_VALLEY = Math.cos(0.2);
/** Refinement stops once the trust region's half-width (radians) is this small. */
const SMALLEST_STEP = 1e-13;

export function widthChebyshevPoint({ gram, width }: WidthChebyshevProblem, k: readonly number[], a: readonly number[], epsilon: number): number[] {
  const m = gram.length;
  if (m !== 2 && m !== 3) throw new Error(`the width problem's Chebyshev point is implemented for 2 and 3 tasks, not ${m}`);
  if (width >= gramRank(gram)) return new Array<number>(m).fill(0);
  const z = semiDefiniteCholesky(gram);
  const norms = z.map((zi) => dot(zi, zi));
  // q = 1 keeps what S = span(u) fits: the residual falls as ⟨u, z⟩² grows; q = 2 (S = u^⊥) leaves exactly ⟨u, z⟩².
  const sign = width === 1 ? -1 : 1;
  const fitted = z.map((_, i) => (width === 1 ? norms[i] : 0));
  const objectives = (u: readonly number[]) => z.map((zi, i) => fitted[i] + sign * dot(u, zi) ** 2);
  const terms = (f: readonly number[]) => {
    const sum = f.reduce((s, v, i) => s + v - a[i], 0);
    return f.map((v, i) => k[i] * (v - a[i] + epsilon * sum));
  };
  const value = (u: readonly number[]) => Math.max(...terms(objectives(u)));

  /** The terms' derivatives along tangent directions `basis` at u: ∂f_i/∂e = ±2⟨u, z_i⟩⟨e, z_i⟩. */
  const termGradients = (u: readonly number[], basis: readonly (readonly number[])[]) =>
    basis.map((e) => {
      const df = z.map((zi) => sign * 2 * dot(u, zi) * dot(e, zi));
      const sum = df.reduce((s, v) => s + v, 0);
      return df.map((v, i) => k[i] * (v + epsilon * sum));
    });

  const refine = (start: number[]) => {
    let u = start;
    let best = value(u);
    let radius = 0.05;
    for (let iteration = 0; iteration < 2000 && radius > SMALLEST_STEP; iteration++) {
      const basis = tangentBasis(u);
      const gradients = termGradients(u, basis);
      // gradients[j][i]: term i along basis direction j; the model wants each term's gradient as a row.
      const rows = k.map((_, i) => basis.map((__, j) => gradients[j][i]));
      const d = modelMinimiser(terms(objectives(u)), rows, radius);
      const next = normalise(u.map((v, c) => v + d.reduce((s, dj, j) => s + dj * basis[j][c], 0)));
      const nextValue = value(next);
      if (nextValue < best) {
        [u, best] = [next, nextValue];
        radius = Math.min(0.5, radius * 2);
      } else {
        radius /= 4;
      }
    }
    return { u, best };
  };

  const samples = m === 2 ? halfCircle(SAMPLES[2]) : (hemisphereSamples ??= hemisphere(SAMPLES[3]));
  const values = Float64Array.from(samples, value);
  const starts: number[][] = [];
  for (let n = 0; n < STARTS; n++) {
    // The best sample not near a start already (±u are the same subspace: "near" is by the angle between the lines).
    let pick = -1;
    for (let j = 0; j < samples.length; j++) {
      if (pick >= 0 && values[j] >= values[pick]) continue;
      if (starts.every((start) => Math.abs(dot(start, samples[j])) < SAME_VALLEY)) pick = j;
    }
    if (pick < 0) break;
    starts.push(samples[pick]);
  }
  let answer = refine(starts[0]);
  for (const start of starts.slice(1)) {
    const other = refine(start);
    if (other.best < answer.best) answer = other;
  }
  return objectives(answer.u).map((f) => Math.max(0, f));
}

/**
 * The d with |d_j| ≤ radius minimising max_i (values_i + rows_i · d) (d of dimension 1 or 2): the least of the
 * model at the candidate vertices of its epigraph over the square.
 */
export function modelMinimiser(values: readonly number[], rows: readonly (readonly number[])[], radius: number): number[] {
  const dimension = rows[0].length;
  const model = (d: readonly number[]) => Math.max(...values.map((v, i) => v + rows[i].reduce((s, g, j) => s + g * d[j], 0)));
  const inside = (d: readonly number[]) => d.every((x) => Number.isFinite(x) && Math.abs(x) <= radius * (1 + 1e-12));
  const candidates: number[][] = [];
  const pairs: [number, number][] = [];
  for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) pairs.push([i, j]);
  if (dimension === 1) {
    candidates.push([-radius], [radius]);
    for (const [i, j] of pairs) {
      const slope = rows[i][0] - rows[j][0];
      if (slope !== 0) candidates.push([(values[j] - values[i]) / slope]);
    }
  } else {
    for (const x of [-radius, radius]) for (const y of [-radius, radius]) candidates.push([x, y]);
    for (const [i, j] of pairs) {
      // The line where terms i and j are equal: (g_i − g_j) · d = v_j − v_i, met with each edge of the square.
      const [p, q] = [rows[i][0] - rows[j][0], rows[i][1] - rows[j][1]];
      const r = values[j] - values[i];
      for (const edge of [-radius, radius]) {
        if (q !== 0) candidates.push([edge, (r - p * edge) / q]);
        if (p !== 0) candidates.push([(r - q * edge) / p, edge]);
      }
    }
    if (values.length === 3) {
      // All three equal: (g_0 − g_1) · d = v_1 − v_0 and (g_0 − g_2) · d = v_2 − v_0.
      const [a11, a12, a21, a22] = [rows[0][0] - rows[1][0], rows[0][1] - rows[1][1], rows[0][0] - rows[2][0], rows[0][1] - rows[2][1]];
      const [b1, b2] = [values[1] - values[0], values[2] - values[0]];
      const det = a11 * a22 - a12 * a21;
      if (det !== 0) candidates.push([(b1 * a22 - a12 * b2) / det, (a11 * b2 - a21 * b1) / det]);
    }
  }
  let best = new Array<number>(dimension).fill(0);
  let bestValue = model(best);
  for (const d of candidates) {
    if (!inside(d)) continue;
    const v = model(d);
    if (v < bestValue) [best, bestValue] = [d, v];
  }
  return best;
}

function dot(u: readonly number[], v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

function normalise(v: readonly number[]): number[] {
  const n = Math.sqrt(dot(v, v));
  return v.map((x) => x / n);
}

/** An orthonormal basis of the tangent space at the unit vector u (of R² or R³). */
function tangentBasis(u: readonly number[]): number[][] {
  if (u.length === 2) return [[-u[1], u[0]]];
  // The axis least aligned with u, made orthogonal to it; the cross product completes the basis.
  const axis = [0, 1, 2].reduce((best, i) => (Math.abs(u[i]) < Math.abs(u[best]) ? i : best), 0);
  const e1 = normalise(u.map((x, i) => (i === axis ? 1 : 0) - u[axis] * x));
  const e2 = [u[1] * e1[2] - u[2] * e1[1], u[2] * e1[0] - u[0] * e1[2], u[0] * e1[1] - u[1] * e1[0]];
  return [e1, e2];
}

/** n directions of a half circle (±u are one line). */
function halfCircle(n: number): number[][] {
  return Array.from({ length: n }, (_, j) => [Math.cos((Math.PI * j) / n), Math.sin((Math.PI * j) / n)]);
}
