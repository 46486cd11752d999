/**
 * Teaching problems (SPEC §7): tiny multi-objective problems whose Pareto front is known exactly, so that the
 * scalarization methods can be compared against the truth in seconds on any backend. A problem owns its
 * parameters as TF.js variables and builds its objective vector as a tensor, so the same method objects and
 * the same optimiser step (methods/step.ts) drive it as drive the networks. There is no sparsity objective:
 * f = (f_1, ..., f_m) and the preference is over these alone.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface FonsecaFlemingSpec {
  kind: 'fonseca-fleming';
  /** Number of decision variables n ≥ 2. */
  dimension: number;
}

export interface WidthTransitionSpec {
  kind: 'width';
  /** Number of regression tasks k (2 or 3). */
  tasks: number;
  /** Width q of the shared layer W [d, q]. */
  width: number;
  /** Task similarity ρ ∈ [0, 1]: task vectors b_i = √ρ c + √(1 − ρ) e_i. */
  similarity: number;
  /** Input dimension d. */
  inputDimension: number;
  /** Number of shared inputs N (rows of X). */
  samples: number;
}

export type TeachingProblemSpec = FonsecaFlemingSpec | WidthTransitionSpec;
export type TeachingProblemKind = TeachingProblemSpec['kind'];

export interface TeachingProblem {
  readonly spec: TeachingProblemSpec;
  /** Number of objectives m. */
  readonly objectives: number;
  /** Trainable parameters. */
  readonly variables: tf.Variable[];
  /** Data rows one full-batch step looks at (for samples/s). */
  readonly samplesPerStep: number;
  /** f(θ) as a tensor [m]; call inside a gradient scope. */
  objectivesTensor(): tf.Tensor1D;
  /** Size P of θ: every variable flattened, in order. */
  readonly parameterCount: number;
  /**
   * f at B parameter vectors at once, θ [B, P] (the variables flattened in order) → [B, m]; the variables are not
   * read. Pareto set learning (engine/psl) evaluates a batch of preferences with it in one pass.
   */
  objectivesAt(theta: tf.Tensor2D): tf.Tensor2D;
  /** The seeded start θ₀ [P] (the variables' initial values, flattened). */
  startParameters(): Float32Array;
  /** The exact Pareto front, densely sampled: non-dominated points in objective space. Cached. */
  exactFront(): number[][];
  dispose(): void;
}
