/**
 * The modified weighted Chebyshev scalarization in epigraph form and its Augmented Lagrangian (SPEC §1).
 *
 *   c_i(θ, t) = k_i·[(f_i − a_i) + ε Σ_j (f_j − a_j)] − t ≤ 0,   i = 0..m   (f_0 = GrOWL penalty)
 *
 * Two Augmented Lagrangians:
 *   PHR (default, correct for inequalities):  L = t + 1/(2μ) Σ_i [max(0, λ_i + μ c_i)² − λ_i²]
 *   reference (the authors' code):            L = t + λᵀc + (μ/2)‖c‖²   (constraints treated as equalities)
 *
 * Each formula exists twice: in float64 on plain numbers (checked against the golden vectors, used for the
 * multiplier updates) and on tensors (differentiated by TF.js during training). Tests keep the two equal. On webgpu
 * the tensor form runs in Paretoscope's WGSL programs (webgpuKernels/chebyshevPrograms.ts): four programs a step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AlVariant } from '../experiment/choices';
import { augmentedLagrangianGradKernel, augmentedLagrangianKernel, chebyshevConstraintsKernel, webgpuKernelsReady } from './webgpuKernels/webgpuKernels';

export const CHEBYSHEV_EPSILON = 1e-4;

export interface ChebyshevInputs {
  /** Objective values f_0..f_m. */
  f: ArrayLike<number>;
  /** Preference vector k (on the simplex). */
  k: ArrayLike<number>;
  /** Reference point a (default 0). */
  a?: ArrayLike<number>;
  epsilon?: number;
  /** Epigraph variable. */
  t: number;
}

/** c_i for every objective, in float64. */
export function chebyshevConstraints({ f, k, a, epsilon = CHEBYSHEV_EPSILON, t }: ChebyshevInputs): Float64Array {
  const m = f.length;
  let shiftedSum = 0;
  for (let j = 0; j < m; j++) shiftedSum += f[j] - (a ? a[j] : 0);
  const c = new Float64Array(m);
  for (let i = 0; i < m; i++) c[i] = k[i] * (f[i] - (a ? a[i] : 0) + epsilon * shiftedSum) - t;
  return c;
}

/** The Augmented Lagrangian value in float64. */
export function augmentedLagrangian(
  variant: AlVariant,
  t: number,
  c: ArrayLike<number>,
  lambda: ArrayLike<number>,
  mu: number,
): number {
  let value = t;
  for (let i = 0; i < c.length; i++) {
    if (variant === 'phr') {
      const shifted = Math.max(0, lambda[i] + mu * c[i]);
      value += (shifted * shifted - lambda[i] * lambda[i]) / (2 * mu);
    } else {
      value += lambda[i] * c[i] + (mu / 2) * c[i] * c[i];
    }
  }
  return value;
}

/** ∂L/∂c_i: the weight with which constraint i (and so objective i) enters the gradient. */
export function constraintWeights(variant: AlVariant, c: ArrayLike<number>, lambda: ArrayLike<number>, mu: number): Float64Array {
  const w = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    w[i] = variant === 'phr' ? Math.max(0, lambda[i] + mu * c[i]) : lambda[i] + mu * c[i];
  }
  return w;
}

/** Tensor form of chebyshevConstraints: f [m], k [m], a [m], t scalar → c [m]. */
export function chebyshevConstraintsTensor(f: tf.Tensor1D, k: tf.Tensor1D, a: tf.Tensor1D, t: tf.Tensor, epsilon = CHEBYSHEV_EPSILON): tf.Tensor1D {
  const shifted = tf.sub(f, a);
  return tf.sub(tf.mul(k, tf.add(shifted, tf.mul(epsilon, tf.sum(shifted)))), tf.reshape(t, [])) as tf.Tensor1D;
}

/** Tensor form of augmentedLagrangian. */
export function augmentedLagrangianTensor(variant: AlVariant, t: tf.Tensor, c: tf.Tensor1D, lambda: tf.Tensor1D, mu: number): tf.Scalar {
  const tScalar = tf.reshape(t, []);
  if (variant === 'phr') {
    const shifted = tf.relu(tf.add(lambda, tf.mul(mu, c)));
    return tf.add(tScalar, tf.div(tf.sum(tf.sub(tf.square(shifted), tf.square(lambda))), 2 * mu)) as tf.Scalar;
  }
  return tf.add(tScalar, tf.add(tf.sum(tf.mul(lambda, c)), tf.mul(mu / 2, tf.sum(tf.square(c))))) as tf.Scalar;
}

/** The step's constraints (read back) and the AL to differentiate with respect to f and t. */
export interface AlTensors {
  constraints: tf.Tensor1D;
  loss: tf.Scalar;
}

/**
 * chebyshevConstraintsTensor and augmentedLagrangianTensor of f and t (k, a, λ given as numbers): the
 * compositions, or on webgpu the WGSL programs with their own gradient.
 */
export function chebyshevAlTensors(variant: AlVariant, f: tf.Tensor1D, t: tf.Tensor, k: readonly number[], a: readonly number[], lambda: readonly number[], mu: number, epsilon = CHEBYSHEV_EPSILON): AlTensors {
  if (!webgpuKernelsReady()) {
    const constraints = chebyshevConstraintsTensor(f, tf.tensor1d(k as number[]), tf.tensor1d(a as number[]), t, epsilon);
    return { constraints, loss: augmentedLagrangianTensor(variant, t, constraints, tf.tensor1d(lambda as number[]), mu) };
  }
  // On webgpu one run is K = 1 of the K-run programs.
  const m = f.shape[0];
  const row = chebyshevAlRowTensors(variant, tf.reshape(f, [1, m]) as tf.Tensor2D, tf.reshape(t, [1]) as tf.Tensor1D, [{ k, a, lambda, mu }], epsilon);
  return { constraints: tf.reshape(row.constraints, [m]) as tf.Tensor1D, loss: tf.reshape(row.losses, []) as tf.Scalar };
}

/** One run's reference point and AL state, a row of K runs' at once. */
export interface AlRow {
  k: readonly number[];
  a: readonly number[];
  lambda: readonly number[];
  mu: number;
}

/** The constraints of K runs [K, m] and each run's AL [K]. */
export interface AlRowTensors {
  constraints: tf.Tensor2D;
  losses: tf.Tensor1D;
}

/**
 * chebyshevAlTensors of K runs at once: f [K, m] and t [K], row r run r's, with run r's k, a, λ and μ. The same
 * compositions along rows (on cpu each row's values are the single run's, bit for bit), or on webgpu the same four
 * programs as one run's, one invocation a row.
 */
export function chebyshevAlRowTensors(variant: AlVariant, f: tf.Tensor2D, t: tf.Tensor1D, rows: readonly AlRow[], epsilon = CHEBYSHEV_EPSILON): AlRowTensors {
  const K = rows.length;
  const matrix = (of: (row: AlRow) => readonly number[]) => tf.tensor2d(rows.map((row) => [...of(row)]));
  const column = (of: (row: AlRow) => number) => tf.tensor2d(rows.map((row) => [of(row)]));
  if (!webgpuKernelsReady()) {
    const k = matrix((row) => row.k);
    const lambda = matrix((row) => row.lambda);
    const shifted = tf.sub(f, matrix((row) => row.a));
    const constraints = tf.sub(tf.mul(k, tf.add(shifted, tf.mul(epsilon, tf.sum(shifted, 1, true)))), tf.reshape(t, [K, 1])) as tf.Tensor2D;
    // μ as augmentedLagrangianTensor uses it: μ, 2μ and μ/2 each rounded once to float32.
    const flat = (x: tf.Tensor) => tf.reshape(x, [K]);
    const losses =
      variant === 'phr'
        ? tf.add(t, tf.div(tf.sum(tf.sub(tf.square(tf.relu(tf.add(lambda, tf.mul(column((row) => row.mu), constraints)))), tf.square(lambda)), 1), flat(column((row) => 2 * row.mu))))
        : tf.add(t, tf.add(tf.sum(tf.mul(lambda, constraints), 1), tf.mul(flat(column((row) => row.mu / 2)), tf.sum(tf.square(constraints), 1))));
    return { constraints, losses: losses as tf.Tensor1D };
  }
  const params = tf.tensor2d(rows.map((row) => [...row.k, ...row.a, ...row.lambda, row.mu, epsilon]));
  // The constraints are read back, not trained on; their gradient, for a caller that does differentiate them, is
  // the composition's: ∂/∂f_i = dc_i k_i + ε Σ_j dc_j k_j, ∂/∂t = −Σ_j dc_j.
  const constraintsOf = tf.customGrad(((fIn: tf.Tensor, tIn: tf.Tensor) => ({
    value: chebyshevConstraintsKernel(fIn as tf.Tensor2D, tIn as tf.Tensor1D, params),
    gradFunc: (dy: tf.Tensor) => {
      // Made here, not captured: the forward pass's other tensors are gone when the gradient runs.
      const weighted = tf.mul(dy, matrix((row) => row.k));
      return [tf.add(weighted, tf.mul(epsilon, tf.sum(weighted, 1, true))), tf.reshape(tf.neg(tf.sum(dy, 1)), tIn.shape)];
    },
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  const lagrangian = tf.customGrad(((fIn: tf.Tensor, tIn: tf.Tensor, save: tf.GradSaveFunc) => {
    // Saved, not captured: the forward pass's other tensors are gone when the gradient runs.
    save([fIn, tIn, params]);
    return {
      value: augmentedLagrangianKernel(variant, fIn as tf.Tensor2D, tIn as tf.Tensor1D, params),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [fs, ts, ps] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];
        return [augmentedLagrangianGradKernel(variant, 'f', fs, ts, ps, dy), tf.reshape(augmentedLagrangianGradKernel(variant, 't', fs, ts, ps, dy), ts.shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return { constraints: constraintsOf(f, t) as tf.Tensor2D, losses: lagrangian(f, t) as tf.Tensor1D };
}

/** Multipliers and penalty of the AL, updated once per outer iteration. */
export interface MultiplierState {
  lambda: number[];
  mu: number;
}

/**
 * Where the AL's penalty μ is kept: the penalty computes 1/(2μ) and μ·c² in float32, which holds them here. A μ₀ the
 * registry allows beyond it (any μ₀ > 0), or a growth ρ that would take μ beyond, stops at its ends.
 */
export const MU_RANGE = { min: 1e-30, max: 1e30 } as const;

/** μ within MU_RANGE. */
export const penaltyInRange = (mu: number): number => Math.min(Math.max(mu, MU_RANGE.min), MU_RANGE.max);

export interface MultiplierSchedule {
  rho: number;
  muMax: number;
}

/**
 * Outer-iteration update.
 * PHR: λ_i ← max(0, λ_i + μ·mean_batches(c_i)), μ ← min(ρμ, μ_max)  (cStat = mean of c over the batches).
 * reference: λ_i ← λ_i + μ·Σ_batches c_i (not projected), μ ← ρμ      (cStat = sum of c over the batches
 * of the best epoch so far, as in the authors' training loop).
 */
export function updateMultipliers(variant: AlVariant, state: MultiplierState, cStat: ArrayLike<number>, schedule: MultiplierSchedule): MultiplierState {
  const lambda = state.lambda.map((l, i) => {
    const next = l + state.mu * cStat[i];
    return variant === 'phr' ? Math.max(0, next) : next;
  });
  const mu = variant === 'phr' ? Math.min(schedule.rho * state.mu, schedule.muMax) : schedule.rho * state.mu;
  // The penalty is computed in float32 (PHR divides by 2μ): μ stays where that is a number.
  return { lambda, mu: penaltyInRange(mu) };
}

/**
 * Analytic gradients of the Augmented Lagrangian with respect to t and to each objective value f_i:
 *   ∂L/∂t = 1 − Σ_j w_j,   ∂L/∂f_i = Σ_j w_j k_j (δ_ij + ε),   w = constraintWeights.
 * Used to explain the run (how strongly each objective pulls) and to check the tensor gradients.
 */
export function lagrangianGradients(
  variant: AlVariant,
  c: ArrayLike<number>,
  lambda: ArrayLike<number>,
  mu: number,
  k: ArrayLike<number>,
  epsilon = CHEBYSHEV_EPSILON,
): { dt: number; df: Float64Array } {
  const w = constraintWeights(variant, c, lambda, mu);
  let weighted = 0;
  let sumW = 0;
  for (let j = 0; j < w.length; j++) {
    sumW += w[j];
    weighted += w[j] * k[j];
  }
  const df = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) df[i] = w[i] * k[i] + epsilon * weighted;
  return { dt: 1 - sumW, df };
}
