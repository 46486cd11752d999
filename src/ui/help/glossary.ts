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
  { term: 'row', meaning: 'GrOWL’s unit of sparsity: every weight leaving one input neuron of a dense layer, or reading one input channel of a convolution. A zero row removes that input from its layer.' },
  { term: 'sparsity rate', meaning: 'the share of the network’s rows that are exactly zero, in %: those can be removed.' },
  { term: 'compression rate', meaning: 'all rows divided by the rows left to store once zero rows are dropped and tied rows are stored once (R/U): 2 means half the rows.' },
  { term: 'parameter sharing', meaning: 'the non-zero rows per distinct row ((R−Z)/U): how many rows share their weights after clustering ties similar rows together.' },
  { term: 'non-dominated', meaning: 'no other finished run is at least as good on both axes and better on one; these runs form the Pareto front (ringed points).' },
  { term: 'hypervolume', meaning: 'the area the front dominates up to the reference point (the shaded region): larger is a better front. Move the reference point to compare fronts fairly.' },
  { term: 'cᵢ (constraints)', meaning: 'Chebyshev-AL: how far objective i is above the level t it is asked to stay under; the run pushes every cᵢ to 0 or below. Other methods: their weighted objective minus the largest one.' },
  { term: 'λᵢ (multipliers, weights)', meaning: 'how strongly objective i pulls on the current step: the Augmented Lagrangian’s multipliers, mirror descent’s dual weights, or a method’s weights.' },
  { term: 'μ (penalty)', meaning: 'Chebyshev-AL’s penalty parameter: it grows by ρ each outer iteration and makes violated constraints cost more.' },
  { term: 't (level)', meaning: 'Chebyshev-AL’s epigraph variable: the level every weighted objective is asked to stay under; the method minimises it.' },
  { term: 'search, clustering, retraining', meaning: 'a sparse run’s phases: the search shrinks rows to zero with the GrOWL prox, clustering ties similar rows, retraining fine-tunes with the ties kept.' },
  { term: 'NLL', meaning: 'negative log-likelihood (cross-entropy) of a task’s labels under the network’s predicted probabilities: the task’s loss, lower is better; guessing among 10 classes scores ln 10 ≈ 2.30.' },
  { term: 'GrOWL (penalty Ω, f₀)', meaning: 'group ordered weighted ℓ₁: the sum of a layer’s row norms, sorted and weighted so that the largest rows pay most. It is the sparsity objective f₀; it pushes whole rows to zero and similar rows towards each other.' },
  { term: 'prox (proximal step)', meaning: 'the step that shrinks GrOWL’s row norms after the optimiser’s step, zeroing the smallest rows outright; the penalty acts only through it (it has no gradient where a row is zero).' },
  { term: 'held rows', meaning: 'recipes held and graded: the rows a prox zeroed stay zero through the next epoch, instead of regrowing under the optimiser’s steps.' },
  { term: 'PHR, reference variant', meaning: 'two Augmented Lagrangian forms of Chebyshev-AL: PHR (Powell–Hestenes–Rockafellar, the default) and the one of the paper’s authors’ code.' },
  { term: 'HPS, MDMTN', meaning: 'the two multi-task networks: hard parameter sharing (a shared trunk, one head per task) and the paper’s MDMTN, which adds a monitor branch per task beside the shared trunk.' },
  { term: 'LSUV', meaning: 'layer-sequential unit-variance initialisation: before the first step each layer’s weights are scaled until its outputs have unit variance on a batch (the held and graded recipes).' },
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
