/**
 * The words the explorer's numbers use, each in a sentence, and each method's formula — what the glossary panel
 * shows. The method formulas follow SPEC §1 and §6 (f₀ the sparsity objective, f₁, f₂ the tasks' losses, k the
 * preference, a the reference point). Pure.
 */
import type { MethodName } from '../../experiment/choices';

export interface Term {
  term: string;
  meaning: string;
}

export const TERMS: readonly Term[] = [
  { term: 'preference k = (k₀, k₁, k₂)', meaning: 'how much the run cares about sparsity (k₀) and about each task (k₁, k₂); the three sum to 1. k₀ = 0 trains without the sparsity objective.' },
  { term: 'sparsity rate', meaning: 'the share of the network’s rows (neurons, filters) that are exactly zero, in %: those can be removed.' },
  { term: 'compression rate', meaning: 'all rows divided by the rows left to store once zero rows are dropped and tied rows are stored once (R/U): 2 means half the rows.' },
  { term: 'parameter sharing', meaning: 'the non-zero rows per distinct row ((R−Z)/U): how many rows share their weights after clustering ties similar rows together.' },
  { term: 'non-dominated', meaning: 'no other finished run is at least as good on both axes and better on one; these runs form the Pareto front (ringed points).' },
  { term: 'hypervolume', meaning: 'the area the front dominates up to the reference point (the shaded region): larger is a better front. Move the reference point to compare fronts fairly.' },
  { term: 'cᵢ (constraints)', meaning: 'Chebyshev-AL: how far objective i is above the level t it is asked to stay under; the run pushes every cᵢ to 0 or below. Other methods: their weighted objective minus the largest one.' },
  { term: 'λᵢ (multipliers, weights)', meaning: 'how strongly objective i pulls on the current step: the Augmented Lagrangian’s multipliers, mirror descent’s dual weights, or a method’s weights.' },
  { term: 'μ (penalty)', meaning: 'Chebyshev-AL’s penalty parameter: it grows by ρ each outer iteration and makes violated constraints cost more.' },
  { term: 't (level)', meaning: 'Chebyshev-AL’s epigraph variable: the level every weighted objective is asked to stay under; the method minimises it.' },
  { term: 'search, clustering, retraining', meaning: 'a sparse run’s phases: the search shrinks rows to zero with the GrOWL prox, clustering ties similar rows, retraining fine-tunes with the ties kept.' },
];

export const METHOD_FORMULAS: Record<MethodName, string> = {
  'chebyshev-al': 'min t subject to cᵢ = kᵢ[(fᵢ − aᵢ) + ε Σⱼ (fⱼ − aⱼ)] − t ≤ 0, solved with an Augmented Lagrangian (PHR: t + (1/2μ) Σᵢ [max(0, λᵢ + μcᵢ)² − λᵢ²]); f₀ shrinks through the prox.',
  linear: 'min Σᵢ kᵢ (fᵢ − aᵢ): a weighted sum; it finds only the convex parts of a front.',
  'smooth-tchebycheff': 'min μ_s · log Σᵢ exp(kᵢ (fᵢ − aᵢ) / μ_s): a smooth maximum, close to the Chebyshev point for small μ_s.',
  'chebyshev-md': 'min over θ of max over λ on the simplex of Σᵢ λᵢ kᵢ (fᵢ − aᵢ); λ moves by mirror ascent, λᵢ ← λᵢ exp(η_λ kᵢ (fᵢ − aᵢ)) / Z, and the result averages the non-dominated iterates.',
  mgda: 'the common descent direction of least norm among the tasks’ gradients (Sener & Koltun); the preference does not steer it.',
  'random-weighting': 'min Σᵢ wᵢ (fᵢ − aᵢ) with fresh weights w ~ Dirichlet(1, …, 1) over the tasks every step; f₀ keeps its share k₀.',
  psl: 'one model θ(k) for every preference: a network maps k to the parameters, and each step minimises the mean over B preferences k ~ Dirichlet(1, …, 1) of maxᵢ kᵢ[(fᵢ(θ(k)) − aᵢ) + ε Σⱼ (fⱼ − aⱼ)] (or its smooth Tchebycheff form); afterwards any k is read off the model without training (Navon et al. 2021, Lin et al. 2022).',
};
