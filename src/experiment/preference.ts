/**
 * Preference vectors k on the probability simplex (entries ≥ 0, Σ = 1): the projection onto it and the rounding a
 * link and the editor use. Pure.
 */

/** A network run's preference: (k₀ sparsity, k₁ task 1, k₂ task 2). */
export type Preference = [number, number, number];

/**
 * Entries this close are the same: far below the 3 decimals a preference is typed and rounded to, far above the noise of
 * a grid computed twice (i / n against a sum of steps). Every "is this run at that preference" asks this.
 */
const SAME_ENTRY = 1e-9;
export const sameEntry = (a: number, b: number): boolean => Math.abs(a - b) <= SAME_ENTRY;
export const samePreference = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => sameEntry(v, b[i]));

/** Euclidean projection onto the probability simplex (sort-based; Duchi et al. 2008). */
export function projectToSimplex(v: readonly number[]): number[] {
  const sorted = [...v].sort((a, b) => b - a);
  let cumulative = 0;
  let theta = 0;
  for (let i = 0; i < sorted.length; i++) {
    cumulative += sorted[i];
    const t = (cumulative - 1) / (i + 1);
    if (sorted[i] - t > 0) theta = t;
  }
  return v.map((x) => Math.max(0, x - theta));
}

/**
 * Rounds to `digits` decimals while keeping Σ = 1 exactly in decimal terms: the rounding residual goes to the
 * largest entry. Entries stay ≥ 0.
 */
export function roundPreference(k: readonly number[], digits = 3): Preference {
  const scale = 10 ** digits;
  const ints = projectToSimplex(k).map((v) => Math.round(v * scale));
  const residual = scale - ints.reduce((a, b) => a + b, 0);
  const largest = ints.indexOf(Math.max(...ints));
  ints[largest] += residual;
  return ints.map((v) => v / scale) as Preference;
}

/** A preference as every message, label and report writes it: "k = (0.2, 0.4, 0.4)". */
export const kText = (k: readonly (number | string)[]): string => `k = (${k.join(', ')})`;
