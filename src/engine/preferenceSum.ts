/**
 * When a preference's entries "sum to 1": the one tolerance the link, the file schemas, the config checks and the Pareto
 * set model's preferences share. 1e-6 takes six decimals typed by hand (thirds as 0.333333, 0.333333, 0.333334) and
 * floating-point sums of entries, while any real mistake (0.5 + 0.6) is far outside it.
 */
export const PREFERENCE_TOLERANCE = 1e-6;

/** Whether the entries sum to 1 within PREFERENCE_TOLERANCE (a NaN or ∞ entry never does). */
export function sumsToOne(k: readonly number[]): boolean {
  return Math.abs(k.reduce((a, b) => a + b, 0) - 1) <= PREFERENCE_TOLERANCE;
}
