/**
 * Defaults and validation of the methods' settings. No TF.js here: config.ts and the UI import this.
 */
import { METHOD_NAMES, type MethodName, type MethodSettings } from './types';

export const METHOD_LABELS: Record<MethodName, string> = {
  'chebyshev-al': 'Chebyshev (Augmented Lagrangian)',
  linear: 'Linear scalarization (weighted sum)',
  'smooth-tchebycheff': 'Smooth Tchebycheff',
  'chebyshev-md': 'Chebyshev (online mirror descent)',
  mgda: 'MGDA (min-norm direction)',
  'random-weighting': 'Random weighting (Dirichlet)',
};

/**
 * Defaults of the non-AL methods' hyper-parameters (the AL's live with the run's config).
 * - smoothMu 0.01: smooth Tchebycheff's value is within μ_s · log m of the weighted max, and its minimiser
 *   approaches the Chebyshev point as μ_s → 0. On the concave teaching front μ_s = 0.05 still behaves much like
 *   a weighted sum for unbalanced preferences (k = (0.1, 0.9) lands at the end of the front), 0.01 puts every
 *   solution within ~0.04 of its Chebyshev point (`npm run bench:methods`).
 * - mirrorStepSize 1: the dual moves log(λ_i/λ_j) by η_λ (k_i f_i − k_j f_j) per step, so an imbalance of 0.1
 *   in weighted loss flips the weights within ~10 steps. On the teaching front 0.3 and 3 both gave worse
 *   averaged solutions (worst distance to the Chebyshev point 0.14–0.18 against 0.09).
 */
export const METHOD_DEFAULTS: Pick<MethodSettings, 'method' | 'smoothMu' | 'mirrorStepSize'> = {
  method: 'chebyshev-al',
  smoothMu: 0.01,
  mirrorStepSize: 1,
};

/** Problems with the method settings for `objectives` objectives (empty when valid). */
export function methodSettingsProblems(settings: MethodSettings, objectives: number): string[] {
  const problems: string[] = [];
  if (!(METHOD_NAMES as readonly string[]).includes(settings.method)) problems.push(`method must be one of ${METHOD_NAMES.join(', ')}`);
  if (settings.variant !== 'phr' && settings.variant !== 'reference') problems.push("variant must be 'phr' or 'reference'");
  if (settings.referencePoint.length !== objectives) problems.push('reference point must have as many entries as the preference');
  if (settings.lambda0.length !== objectives) problems.push('lambda0 must have as many entries as the preference');
  if (![...settings.referencePoint, ...settings.lambda0].every(Number.isFinite)) problems.push('reference point and lambda0 must be finite');
  if (!(settings.epsilon >= 0)) problems.push('epsilon must be ≥ 0');
  const positive: [string, number][] = [
    ['mu0', settings.mu0],
    ['rho', settings.rho],
    ['smoothMu', settings.smoothMu],
    ['mirrorStepSize', settings.mirrorStepSize],
  ];
  for (const [name, value] of positive) if (!(value > 0) || !Number.isFinite(value)) problems.push(`${name} must be a positive number`);
  if (!(settings.muMax > 0)) problems.push('muMax must be positive');
  return problems;
}
