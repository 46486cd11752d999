/**
 * Fonseca–Fleming's exact front and its Chebyshev points (the derivation: fonsecaFleming.ts). Pure: the lab's titles
 * read it without TF.js.
 */

/** Points of the exact front, u = −1 … 1 in `samples` steps (ordered from the f_2 = 0 end). */
export function fonsecaFlemingFront(samples = 2001): number[][] {
  return Array.from({ length: samples }, (_, j) => fonsecaFlemingFrontPoint(-1 + (2 * j) / (samples - 1)));
}

/** The front point at position u ∈ [−1, 1] along the Pareto set (x_i = u/√n). */
export function fonsecaFlemingFrontPoint(u: number): number[] {
  return [1 - Math.exp(-((u - 1) ** 2)), 1 - Math.exp(-((u + 1) ** 2))];
}

/**
 * The exact solution of the modified Chebyshev scalarization for preference k on this front: the front point
 * minimising max_i k_i [(f_i − a_i) + ε Σ_j (f_j − a_j)] (on the front this is quasi-convex in u — one term
 * falls, the other rises — so a golden-section search over u ∈ [−1, 1] finds it).
 */
export function fonsecaFlemingChebyshevPoint(k: readonly number[], a: readonly number[] = [0, 0], epsilon = 1e-4): number[] {
  const value = (u: number) => {
    const f = fonsecaFlemingFrontPoint(u);
    const sum = f[0] - a[0] + f[1] - a[1];
    return Math.max(k[0] * (f[0] - a[0] + epsilon * sum), k[1] * (f[1] - a[1] + epsilon * sum));
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = -1;
  let hi = 1;
  for (let iteration = 0; iteration < 200 && hi - lo > 1e-13; iteration++) {
    const left = hi - ratio * (hi - lo);
    const right = lo + ratio * (hi - lo);
    if (value(left) <= value(right)) hi = right;
    else lo = left;
  }
  return fonsecaFlemingFrontPoint((lo + hi) / 2);
}
