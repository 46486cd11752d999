/**
 * The width problem's data (widthTransition.ts): seeded inputs X, task vectors B and targets Y = XB, and the task
 * vectors' Gram matrix in the inputs' metric, from which widthFront.ts derives the exact front. Pure (no TF.js), so
 * the exact front can be drawn before any run.
 */
import { Rng } from '../random';
import type { WidthTransitionSpec } from './types';

export interface WidthData {
  /** X [N, d] row-major, float32-rounded (the exact front uses exactly what the model sees). */
  inputs: Float32Array;
  /** B [d, k] row-major: column i is task vector b_i. */
  taskVectors: Float64Array;
  /** Y = X B [N, k] row-major. */
  targets: Float32Array;
}

export function widthData(spec: WidthTransitionSpec, seed: number): WidthData {
  const { samples: n, inputDimension: d, tasks: k, similarity: rho } = spec;
  const rng = new Rng(seed).fork(401);
  const inputs = Float32Array.from({ length: n * d }, () => rng.normal());
  const scale = 1 / Math.sqrt(d);
  const common = Array.from({ length: d }, () => rng.normal() * scale);
  const taskVectors = new Float64Array(d * k);
  for (let i = 0; i < k; i++) {
    for (let r = 0; r < d; r++) taskVectors[r * k + i] = Math.sqrt(rho) * common[r] + Math.sqrt(1 - rho) * rng.normal() * scale;
  }
  const targets = new Float32Array(n * k);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < k; i++) {
      let y = 0;
      for (let r = 0; r < d; r++) y += inputs[s * d + r] * taskVectors[r * k + i];
      targets[s * k + i] = y;
    }
  }
  return { inputs, taskVectors, targets };
}

/** G = Bᵀ Σ B with Σ = XᵀX / N: the task vectors' Gram matrix in the metric of the inputs. */
export function taskGram(spec: WidthTransitionSpec, data: WidthData): number[][] {
  const { samples: n, inputDimension: d, tasks: k } = spec;
  // XB column i = predictions of b_i; G_ij = ⟨X b_i, X b_j⟩ / N.
  const xb = new Float64Array(n * k);
  for (let s = 0; s < n; s++) for (let i = 0; i < k; i++) for (let r = 0; r < d; r++) xb[s * k + i] += data.inputs[s * d + r] * data.taskVectors[r * k + i];
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let g = 0;
      for (let s = 0; s < n; s++) g += xb[s * k + i] * xb[s * k + j];
      return g / n;
    }),
  );
}
