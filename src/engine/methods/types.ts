/**
 * One interface for every scalarization method (SPEC §6), in the spirit of LibMTL's weighting classes: a
 * method turns the objective vector f = (f_0, f_1, ..., f_m) of a step into the direction the optimiser takes,
 * and keeps whatever state it needs between steps (AL multipliers, mirror-descent duals, a random stream).
 *
 * Methods know nothing about images, networks or datasets: they see f as a tensor (inside the gradient scope)
 * or the Gram matrix of the objectives' gradients, and plain numbers after the step. The network Trainer and
 * the teaching-problem trainer drive the same objects.
 *
 * f_0 (when `hasPenalty`) is the non-smooth GrOWL penalty: it enters the loss as a constant (its value counts,
 * it carries no gradient) and acts on the weights only through the proximal step, whose size is set by the
 * method's current weight of f_0 (`MethodReadout.penaltyWeight`, SPEC §3).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MethodName } from '../../experiment/choices';
import type { MethodConfig, MethodConfigOf } from '../../experiment/config';
import type { MethodQuantities } from './quantities';

/**
 * What a method is configured with: its own hyper-parameters (experiment/methodParameters.ts), and the reference
 * point a (methods scalarize f − a) and augmentation ε of the modified Chebyshev terms that every method reports.
 */
export interface MethodSettings<M extends MethodConfig = MethodConfig> {
  method: M;
  referencePoint: number[];
  epsilon: number;
}
export type SettingsOf<N extends MethodName> = MethodSettings<MethodConfigOf<N>>;

/** What a method is told about the problem it scalarizes. */
export interface MethodSetup {
  /** Number of objectives in f (f_0 included when hasPenalty). */
  objectives: number;
  /** f_0 is the non-smooth GrOWL penalty (network runs); teaching problems have none. */
  hasPenalty: boolean;
  preference: number[];
  /** Seed of the method's own random stream (random weighting). */
  seed: number;
}

export interface ScalarizedLoss {
  /** The scalar the optimiser differentiates. */
  loss: tf.Scalar;
  /** Tensors to read back with f after the step (the AL's constraints), in this order. */
  readback: tf.Tensor1D[];
}

/** What every method reports of a step. */
export interface ReadoutCommon {
  /**
   * Chebyshev-AL: the constraints c_i. Other methods: the modified Chebyshev terms
   * k_i[(f_i − a_i) + ε Σ_j (f_j − a_j)] minus their maximum (≤ 0; the 0 marks the objective that is worst
   * relative to its preference), i.e. the constraints at t = their Chebyshev value.
   */
  constraints: number[];
  /** Value of what the method minimises on this step (AL value, weighted sum, log-sum-exp, ...). */
  value: number;
  /** ∂(value)/∂f_i: how strongly each objective pulled on this step. */
  weights: number[];
  /** The weight of f_0 in the gradient (0 without a penalty); the per-step prox uses η = s_prox · lr · w_0. */
  penaltyWeight: number;
}

/** Plain-number account of one step, for readings and for the prox step size: the common part and the method's own quantities (quantities.ts). */
export type MethodReadout = ReadoutCommon & MethodQuantities;

/** Statistics of the outer iteration that just closed, for methods with outer updates (the AL). */
export interface OuterIterationStats {
  /** Σ over the last epoch's batches of each constraint value. */
  epochConstraintSum: ArrayLike<number>;
  batchesPerEpoch: number;
  /**
   * Σ over the batches of the phase's epoch with the highest mean validation accuracy so far, whether or not its
   * model was eligible to be kept (bestModel.ts's BestAccuracyEpoch); null before any (the teaching lab has none).
   */
  bestAccuracyEpochConstraintSum: ArrayLike<number> | null;
}

/** What every method does, whichever way its direction is computed. */
interface MethodCommon {
  readonly name: MethodName;
  /**
   * When the non-smooth f_0 is shrunk by the prox during the search phase: 'per-step' with η = s_prox · lr ·
   * penaltyWeight, or 'per-epoch' with η = 1 (the authors' reference AL).
   */
  readonly proxSchedule: 'per-step' | 'per-epoch';
  /** Return the online-to-batch average of the non-dominated iterates instead of the last/best model. */
  readonly averagesIterates: boolean;
  setPreference(k: number[]): void;
  /** Called before each step (random weighting draws its weights here). */
  beginStep(): void;
  /** After the step: f of the step and the values read back (scalarized methods: `readback` then `readbackAfterStep`). */
  afterStep(f: number[], readback: number[]): MethodReadout;
  endOuterIteration(stats: OuterIterationStats): void;
  /** Start over for a new phase (retraining): initial multipliers/duals. Variables keep their values. */
  restart(): void;
  dispose(): void;
}

/** The optimiser differentiates `loss(f)`. */
export interface ScalarizedMethod extends MethodCommon {
  readonly gradientMode: 'scalarized';
  /** Trainable scalars of the method, optimised with the model (the AL's t). */
  readonly variables: tf.Variable[];
  /** The loss of the objective vector f [objectives]. Call inside a gradient scope. */
  loss(f: tf.Tensor1D): ScalarizedLoss;
  /** Tensors to read back after the optimiser step (the AL's t). Call inside tidy. */
  readbackAfterStep(): tf.Tensor1D[];
}

/** The trainer computes one gradient per smooth objective and combines them with the method's weights (MGDA). */
export interface PerObjectiveMethod extends MethodCommon {
  readonly gradientMode: 'per-objective';
  /**
   * Weights of all objectives (f_0 included when present) given the Gram matrix G_ij = ⟨∇f_i, ∇f_j⟩ of the
   * smooth objectives' gradients (f_1..f_m with a penalty, else all).
   */
  weightsFromGradients(gram: number[][], f: number[]): number[];
}

export type ScalarizationMethod = ScalarizedMethod | PerObjectiveMethod;
