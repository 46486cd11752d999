/**
 * The min-norm element of the convex hull of gradients g_1..g_n (MGDA's common descent direction, Désidéri
 * 2012; Sener & Koltun 2018): α* = argmin_{α ∈ simplex} ‖Σ_i α_i g_i‖², computed from the Gram matrix
 * G_ij = ⟨g_i, g_j⟩ only. If the minimum is 0 the point is Pareto-stationary; otherwise −Σ α*_i g_i decreases
 * every objective. Pure float64.
 */

/**
 * min over γ ∈ [0, 1] of ‖γ a + (1 − γ) b‖² from aa = ⟨a,a⟩, ab = ⟨a,b⟩, bb = ⟨b,b⟩: setting the derivative
 * 2γ(aa − 2ab + bb) − 2(bb − ab) to zero gives γ = (bb − ab) / (aa − 2ab + bb), clipped to [0, 1].
 * Returns the weight γ of a. Equal vectors (zero denominator) give γ = ½.
 */
export function minNormSegment(aa: number, ab: number, bb: number): number {
  const denominator = aa - 2 * ab + bb;
  if (!(denominator > 1e-300)) return 0.5;
  return Math.min(1, Math.max(0, (bb - ab) / denominator));
}

/** Closed form for two gradients: α = (γ, 1 − γ). */
export function minNormTwo(gram: readonly (readonly number[])[]): number[] {
  const gamma = minNormSegment(gram[0][0], gram[0][1], gram[1][1]);
  return [gamma, 1 - gamma];
}

export interface FrankWolfeOptions {
  /** Start point on the simplex; default: the best pair's closed-form solution (as Sener & Koltun). */
  start?: readonly number[];
  maxIterations?: number;
  /** Stop when the duality gap αᵀGα − min_i (Gα)_i (an upper bound on the suboptimality) is below this. */
  tolerance?: number;
}

function gramTimes(gram: readonly (readonly number[])[], alpha: readonly number[]): number[] {
  return gram.map((row) => row.reduce((s, g, j) => s + g * alpha[j], 0));
}

/** The best pair's segment solution, embedded in the simplex. */
function bestPairStart(gram: readonly (readonly number[])[]): number[] {
  const n = gram.length;
  let best = Number.POSITIVE_INFINITY;
  let alpha = new Array<number>(n).fill(1 / n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const gamma = minNormSegment(gram[i][i], gram[i][j], gram[j][j]);
      const norm = gamma * gamma * gram[i][i] + 2 * gamma * (1 - gamma) * gram[i][j] + (1 - gamma) ** 2 * gram[j][j];
      if (norm < best) {
        best = norm;
        alpha = new Array<number>(n).fill(0);
        alpha[i] = gamma;
        alpha[j] = 1 - gamma;
      }
    }
  }
  return alpha;
}

/**
 * Frank–Wolfe with exact line search on the simplex: move towards the vertex e_t with the smallest (Gα)_t
 * (the linear minimiser of the gradient 2Gα), by the segment solution between the current point Σα g and g_t.
 */
export function minNormFrankWolfe(gram: readonly (readonly number[])[], options: FrankWolfeOptions = {}): number[] {
  const n = gram.length;
  if (n === 1) return [1];
  const { maxIterations = 1000, tolerance = 1e-14 } = options;
  let alpha = options.start ? [...options.start] : bestPairStart(gram);
  const scale = Math.max(1e-300, ...gram.map((row, i) => Math.abs(row[i])));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const g = gramTimes(gram, alpha);
    const current = alpha.reduce((s, a, i) => s + a * g[i], 0);
    let t = 0;
    for (let i = 1; i < n; i++) if (g[i] < g[t]) t = i;
    if (current - g[t] <= tolerance * scale) break;
    const gamma = minNormSegment(current, g[t], gram[t][t]);
    alpha = alpha.map((a, i) => gamma * a + (i === t ? 1 - gamma : 0));
  }
  return alpha;
}

/** MGDA weights: closed form for two gradients, Frank–Wolfe for more. */
export function minNormWeights(gram: readonly (readonly number[])[]): number[] {
  if (gram.length === 1) return [1];
  if (gram.length === 2) return minNormTwo(gram);
  return minNormFrankWolfe(gram);
}
