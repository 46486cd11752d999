/**
 * Named sets of network preferences k = (k₀ sparsity, k₁ task 1, k₂ task 2) for sweeps.
 *
 * `paper`: the 18 preference vectors of the paper's Pareto-front study (Hotegni, Berkemeier & Peitz, IJCNN 2024).
 * SPEC §1 makes k a point of the simplex with k₀ the weight of the sparsity objective; the study keeps k₀ fixed at
 * the value of the sparse model it studies (0.001 for MDMTN on MultiMNIST) and spreads the tasks: for each
 * j = 0.1, 0.2, …, 0.9 one task gets j and the other the rest, 1 − k₀ − j, both ways round — 9 × 2 = 18 vectors,
 * from (k₀, 0.1 − k₀, 0.9) to (k₀, 0.1, 0.9 − k₀). That is how the authors' code lists them (get_pref_vects in
 * src/utils/Preference_vectors.py of their repository, used by Pareto_front_study_MDMTN_MM.py with k₀ = 0.001);
 * here they are derived, not copied, and the order is theirs. Pure.
 */
import { roundPreference } from './preference';

/** k₀ of the paper's study (its sparse MDMTN model on MultiMNIST was found at k = (0.001, 0.2, 0.799)). */
export const PAPER_STUDY_K0 = 0.001;

/** The task shares j of the study: 0.9, 0.8, …, 0.1 (the authors' order). */
const SHARES = [9, 8, 7, 6, 5, 4, 3, 2, 1].map((t) => t / 10);

/** What is wrong with a k₀ for the study (null when it is fine): every entry must stay > 0 and distinct. */
export function paperStudyK0Problem(k0: number): string | null {
  return Number.isFinite(k0) && k0 > 0 && k0 < 0.1 ? null : `k₀ must be a number greater than 0 and less than 0.1 (the study's smallest task share), got ${k0}`;
}

/** The 18 preference vectors of the paper's Pareto-front study at sparsity weight k₀ (default the paper's). */
export function paperPreferences(k0 = PAPER_STUDY_K0): number[][] {
  const problem = paperStudyK0Problem(k0);
  if (problem) throw new Error(problem);
  // Rounded to 8 decimals so that 1 − 0.001 − 0.9 is 0.099, not 0.09899999999999998.
  const k = (a: number, b: number) => [...roundPreference([k0, a, b], 8)];
  return SHARES.flatMap((j) => [k(1 - k0 - j, j), k(j, 1 - k0 - j)]);
}
