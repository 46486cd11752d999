/**
 * The authors' settings that differ between problems and networks (SPEC §1.2–§4), the defaults of the parameters
 * that depend on them. Why s_prox is 2e4 on both problems: docs/decisions/phr-prox-weight.md. Pure.
 */
import type { NetworkKind, ProblemName } from './choices';

export interface PaperSettings {
  learningRate: number;
  /** γ: learning-rate factor per outer iteration. */
  lrDecay: number;
  /** Initial μ of the reference AL variant (the PHR variant starts at 1). */
  referenceMu0: number;
  apPreference: number;
  maxLayerSparsity: number;
  minSparsity: number;
  proxScale: number;
}

/**
 * MultiMNIST: lr 0.0025, γ 0.5, μ 2.5e-8, AP preference 0.7, layer cap 0.8, minimum sparsity 20 % (MDMTN) / 10 %
 * (HPS). Cifar10Mnist: lr 1e-4, γ 0.98, μ 6.8e-8, AP preference 0.8, minimum sparsity 10 % with layer cap 0.3
 * (MDMTN), 5 % with cap 0.15 (HPS). s_prox (PHR only) was chosen on MultiMNIST and kept for Cifar10Mnist: the prox
 * step η = s_prox · lr · w_0 and Adam's steps both scale with lr, so the balance between them holds at its smaller
 * learning rate.
 */
export function paperSettings(problem: ProblemName, network: NetworkKind): PaperSettings {
  const hps = network === 'hps';
  if (problem === 'cifar10mnist') {
    return { learningRate: 1e-4, lrDecay: 0.98, referenceMu0: 6.8e-8, apPreference: 0.8, maxLayerSparsity: hps ? 0.15 : 0.3, minSparsity: hps ? 5 : 10, proxScale: 2e4 };
  }
  return { learningRate: 0.0025, lrDecay: 0.5, referenceMu0: 2.5e-8, apPreference: 0.7, maxLayerSparsity: 0.8, minSparsity: hps ? 10 : 20, proxScale: 2e4 };
}
