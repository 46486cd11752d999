/**
 * Paretoscope's own WGSL kernels, registered as TF.js kernels on the webgpu backend (as wasmKernels/ registers its
 * SIMD kernels on wasm). A step's host-side cost on WebGPU grows with the programs it dispatches (issue 16: ≈ 780
 * per MDMTN step); each kernel here replaces a composition of several TF.js ops by one program.
 *
 * `prepareWebgpuKernels()` registers them once per process (the worker and Node's set-up call it when webgpu is
 * chosen); until then, on any other backend, or with `tf.env().set(WEBGPU_KERNELS_FLAG, false)` (benchmark
 * baselines, A/B checks), `webgpuKernelsReady()` is false and the callers use their compositions of TF.js ops.
 * Both paths compute the same values up to float32 summation order (webgpuKernels.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamConstantsProgram } from './adamPrograms';
import { augmentedLagrangianGradProgram, augmentedLagrangianProgram, chebyshevConstraintsProgram, type AlVariantName } from './chebyshevPrograms';
import { rowNormsProgram, sortedWeightedSumProgram, tieRowsProgram } from './growlPrograms';
import type { TieGather } from '../rowTying';
import type { WebGpuProgramLike } from './program';
import { biasReluProgram, columnSumsProgram, maxPool2x2GradProgram, mixAlphaGradProgram, mixProgram, nllOfLogitsGradProgram, nllOfLogitsProgram, reluGradProgram, scaleProgram } from './networkPrograms';

export const WEBGPU_KERNELS_FLAG = 'PARETOSCOPE_WEBGPU_KERNELS';
tf.env().registerFlag(WEBGPU_KERNELS_FLAG, () => true);

export const WEBGPU_KERNEL_NAMES = {
  rowNorms: 'ParetoscopeRowNorms',
  sortedWeightedSum: 'ParetoscopeSortedWeightedSum',
  tieRows: 'ParetoscopeTieRows',
  adamConstants: 'ParetoscopeAdamConstants',
  maxPool2x2Grad: 'ParetoscopeMaxPool2x2Grad',
  reluGrad: 'ParetoscopeReluGrad',
  biasRelu: 'ParetoscopeBiasRelu',
  columnSums: 'ParetoscopeColumnSums',
  nllOfLogits: 'ParetoscopeNllOfLogits',
  nllOfLogitsGrad: 'ParetoscopeNllOfLogitsGrad',
  mix: 'ParetoscopeMix',
  scale: 'ParetoscopeScale',
  mixAlphaGrad: 'ParetoscopeMixAlphaGrad',
  chebyshevConstraints: 'ParetoscopeChebyshevConstraints',
  augmentedLagrangian: 'ParetoscopeAugmentedLagrangian',
  augmentedLagrangianGrad: 'ParetoscopeAugmentedLagrangianGrad',
} as const;

/** The part of TF.js's WebGPUBackend the kernels use. */
interface WebGpuBackendLike {
  runWebGPUProgram(program: WebGpuProgramLike, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
}

let registered = false;

function registerProgram(kernelName: string, inputNames: string[], program: (inputs: tf.TensorInfo[], attrs: Record<string, unknown>) => WebGpuProgramLike): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const list = inputNames.map((name) => (inputs as Record<string, tf.TensorInfo>)[name]);
      return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(program(list, (attrs ?? {}) as Record<string, unknown>), list, 'float32');
    },
  });
}

/** Registers the kernels on the webgpu backend (once per process). */
export function prepareWebgpuKernels(): void {
  if (registered) return;
  registered = true;
  registerProgram(WEBGPU_KERNEL_NAMES.rowNorms, ['x'], ([x]) => rowNormsProgram(x.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.sortedWeightedSum, ['total', 'norms', 'theta'], ([, norms]) => sortedWeightedSumProgram(norms.shape[0]));
  registerProgram(WEBGPU_KERNEL_NAMES.tieRows, ['x', 'clusterStart', 'clusterSize', 'members'], ([x]) => tieRowsProgram(x.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.adamConstants, ['fixed', 'accBeta1', 'accBeta2'], () => adamConstantsProgram());
  registerProgram(WEBGPU_KERNEL_NAMES.maxPool2x2Grad, ['x', 'y', 'dy'], ([x]) => maxPool2x2GradProgram(x.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.reluGrad, ['x', 'dy'], ([x]) => reluGradProgram(x.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.biasRelu, ['x', 'b'], ([x]) => biasReluProgram(x.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.columnSums, ['m'], ([m]) => columnSumsProgram(m.shape[0] * m.shape[2]));
  registerProgram(WEBGPU_KERNEL_NAMES.nllOfLogits, ['logits', 'labels'], ([logits]) => nllOfLogitsProgram(logits.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.nllOfLogitsGrad, ['logits', 'labels', 'dy'], ([logits]) => nllOfLogitsGradProgram(logits.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.mix, ['a', 'b', 'alpha'], ([a]) => mixProgram(a.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.scale, ['x', 'alpha'], ([x], { component }) => scaleProgram(x.shape, component === 1 ? 1 : 0));
  registerProgram(WEBGPU_KERNEL_NAMES.mixAlphaGrad, ['a', 'b', 'dy'], ([, , dy]) => mixAlphaGradProgram(dy.shape[0]));
  registerProgram(WEBGPU_KERNEL_NAMES.chebyshevConstraints, ['f', 't', 'params'], ([f]) => chebyshevConstraintsProgram(f.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.augmentedLagrangian, ['f', 't', 'params'], ([f], { variant }) => augmentedLagrangianProgram(variant as AlVariantName, f.shape));
  registerProgram(WEBGPU_KERNEL_NAMES.augmentedLagrangianGrad, ['f', 't', 'params', 'dLoss'], ([f], { variant, of }) => augmentedLagrangianGradProgram(variant as AlVariantName, of === 't' ? 't' : 'f', f.shape));
}

/** Whether the current backend is webgpu with the kernels registered and the flag on. */
export function webgpuKernelsReady(): boolean {
  return registered && tf.getBackend() === 'webgpu' && tf.env().getBool(WEBGPU_KERNELS_FLAG);
}

/** The Euclidean norm of every GrOWL row of a dense [rows, cols] or conv [kh, kw, rows, co] kernel → [rows]. */
export function rowNormsKernel(kernel: tf.Tensor): tf.Tensor1D {
  const [kh, kw, ci, co] = kernel.shape;
  const x = kernel.rank === 4 ? tf.reshape(kernel, [1, kh * kw, ci, co]) : kernel;
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.rowNorms, { x }) as tf.Tensor1D;
}

/** The row norms of K stacked kernels, dense [K, rows, cols] or conv [K, kh, kw, ci, co] → [K, rows]; one program. */
export function stackedRowNormsKernel(kernel: tf.Tensor): tf.Tensor2D {
  const [k, ...shape] = kernel.shape;
  const x = kernel.rank === 5 ? tf.reshape(kernel, [k, shape[0] * shape[1], shape[2], shape[3]]) : tf.reshape(kernel, [k * shape[0], shape[1]]);
  const rows = kernel.rank === 5 ? shape[2] : shape[0];
  return tf.reshape(tf.engine().runKernel(WEBGPU_KERNEL_NAMES.rowNorms, { x }) as tf.Tensor, [k, rows]) as tf.Tensor2D;
}

/** total + Σ_j θ_j · n_[j], the norms in decreasing order (GrOWL's penalty of one layer added to a running total). */
export function sortedWeightedSumKernel(total: tf.Scalar, norms: tf.Tensor1D, theta: tf.Tensor1D): tf.Scalar {
  return tf.reshape(sortedWeightedSumsKernel(tf.reshape(total, [1]) as tf.Tensor1D, tf.reshape(norms, [1, -1]) as tf.Tensor2D, theta), []) as tf.Scalar;
}

/** total_k + Σ_j θ_j n_k[j] for K networks' row norms [K, rows], each sorted in decreasing order: [K]. */
export function sortedWeightedSumsKernel(total: tf.Tensor1D, norms: tf.Tensor2D, theta: tf.Tensor1D): tf.Tensor1D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.sortedWeightedSum, { total, norms, theta }) as tf.Tensor1D;
}

/** tieGather's index on the device (int32 tensors): made once per clustering, used by every tie. */
export interface TieGatherTensors {
  clusterStart: tf.Tensor1D;
  clusterSize: tf.Tensor1D;
  members: tf.Tensor1D;
}

export function tieGatherTensors(gather: TieGather): TieGatherTensors {
  return {
    clusterStart: tf.tensor1d(gather.clusterStart, 'int32'),
    clusterSize: tf.tensor1d(gather.clusterSize, 'int32'),
    // A binding of no bytes is not allowed: a layer whose rows are all zero lists one unread member.
    members: tf.tensor1d(gather.members.length > 0 ? gather.members : Int32Array.of(0), 'int32'),
  };
}

export function disposeTieGather(tensors: TieGatherTensors): void {
  tf.dispose([tensors.clusterStart, tensors.clusterSize, tensors.members]);
}

/**
 * A kernel with every GrOWL row its cluster's mean row, zero rows 0: one dense [rows, cols] or conv [kh, kw, rows, co]
 * kernel, or K stacked ones [K, rows, cols] / [K, kh, kw, rows, co] (the rank tells which). One program.
 */
export function tieRowsKernel(kernel: tf.Tensor, gather: TieGatherTensors): tf.Tensor {
  const s = kernel.shape as number[];
  const asBlocks: Record<number, () => number[]> = {
    2: () => [1, 1, s[0], s[1]],
    3: () => [s[0], 1, s[1], s[2]],
    4: () => [1, s[0] * s[1], s[2], s[3]],
    5: () => [s[0], s[1] * s[2], s[3], s[4]],
  };
  const blocks = asBlocks[kernel.rank];
  if (!blocks) throw new Error(`tie rows: a kernel of rank 2 to 5, not [${s.join(', ')}]`);
  return tf.tidy(() => tf.reshape(tf.engine().runKernel(WEBGPU_KERNEL_NAMES.tieRows, { x: tf.reshape(kernel, blocks()), ...gather }) as tf.Tensor, s));
}

/** This step's Adam constants [8] (adamPrograms.ts's ADAM_CONSTANTS) from the fixed ones and the running β powers. */
export function adamConstantsKernel(fixed: tf.Tensor1D, accBeta1: tf.Scalar, accBeta2: tf.Scalar): tf.Tensor1D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.adamConstants, { fixed, accBeta1: tf.reshape(accBeta1, [1]), accBeta2: tf.reshape(accBeta2, [1]) }) as tf.Tensor1D;
}

/** dx of a 2×2, stride-2 max pool from x, the pooled y and dy (ties: every maximum gets dy, as ops.ts's composition). */
export function maxPool2x2GradKernel(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.maxPool2x2Grad, { x, y, dy }) as tf.Tensor4D;
}

/** ReLU's gradient dy · step(x). */
export function reluGradKernel(x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.reluGrad, { x, dy }) as tf.Tensor;
}

/** The mean NLL of one-hot labels [N, C] under log-softmax of each of K runs' logits [K, N, C] (one run: K = 1): [K]. */
export function nllOfLogitsKernel(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Tensor1D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.nllOfLogits, { logits, labels }) as tf.Tensor1D;
}

/** Its gradient with respect to the logits: (softmax(logits) − labels) · dy / N, dy [K] one value a run. */
export function nllOfLogitsGradKernel(logits: tf.Tensor3D, labels: tf.Tensor2D, dy: tf.Tensor): tf.Tensor3D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.nllOfLogitsGrad, { logits, labels, dy: tf.reshape(dy, [logits.shape[0]]) }) as tf.Tensor3D;
}

/** α[0] · a + α[1] · b (a, b of one shape, α [2]); of K runs at once, α [K, 2] and a, b's leading axis the runs'. */
export function mixKernel(a: tf.Tensor, b: tf.Tensor, alpha: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.mix, { a, b, alpha: tf.reshape(alpha, [alpha.size]) }) as tf.Tensor;
}

/** α[component] · x, α as mixKernel's. */
export function scaleKernel(x: tf.Tensor, alpha: tf.Tensor, component: 0 | 1): tf.Tensor {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.scale, { x, alpha: tf.reshape(alpha, [alpha.size]) }, { component }) as tf.Tensor;
}

/** α's gradient, α's shape: each run's (Σ dy · a, Σ dy · b) over its part of a, b and dy ([2] for one run). */
export function mixAlphaGradKernel<A extends tf.Tensor1D | tf.Tensor2D>(a: tf.Tensor, b: tf.Tensor, dy: tf.Tensor, alpha: A): A {
  const runs = alpha.size / 2;
  const rows = (t: tf.Tensor) => tf.reshape(t, [runs, t.size / runs]);
  return tf.reshape(tf.engine().runKernel(WEBGPU_KERNEL_NAMES.mixAlphaGrad, { a: rows(a), b: rows(b), dy: rows(dy) }) as tf.Tensor, alpha.shape) as A;
}

/**
 * The Chebyshev constraints c [K, m] of K runs (one run: K = 1) from f [K, m], t [K] and params (k, a, λ, μ, ε)
 * [K, 3m + 2] (chebyshevPrograms.ts).
 */
export function chebyshevConstraintsKernel(f: tf.Tensor2D, t: tf.Tensor1D, params: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.chebyshevConstraints, { f, t, params }) as tf.Tensor2D;
}

/** Each run's Augmented Lagrangian L, [K]. */
export function augmentedLagrangianKernel(variant: AlVariantName, f: tf.Tensor2D, t: tf.Tensor1D, params: tf.Tensor2D): tf.Tensor1D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.augmentedLagrangian, { f, t, params }, { variant }) as tf.Tensor1D;
}

/** dL · ∂L/∂f [K, m] or dL · ∂L/∂t [K], dL [K] one value a run. */
export function augmentedLagrangianGradKernel(variant: AlVariantName, of: 'f' | 't', f: tf.Tensor2D, t: tf.Tensor1D, params: tf.Tensor2D, dLoss: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.augmentedLagrangianGrad, { f, t, params, dLoss: tf.reshape(dLoss, [f.shape[0]]) }, { variant, of }) as tf.Tensor;
}

/** relu(x + b) for x [..., C] and a per-channel b [C]. */
export function biasReluKernel(x: tf.Tensor, b: tf.Tensor1D): tf.Tensor {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.biasRelu, { x, b }) as tf.Tensor;
}

/** WebGPU's guaranteed workgroups a dispatch dimension (the column sums use one a column). */
export const MAX_WORKGROUPS_PER_DIMENSION = 65_535;

/** Σ over the rows of each of K matrices m [K, n, C] → [K, C], K · C ≤ MAX_WORKGROUPS_PER_DIMENSION. */
export function stackedColumnSumsKernel(m: tf.Tensor3D): tf.Tensor2D {
  const [k, , columns] = m.shape;
  if (k * columns > MAX_WORKGROUPS_PER_DIMENSION) throw new Error(`column sums: ${k * columns} columns, more than one dispatch dimension holds (${MAX_WORKGROUPS_PER_DIMENSION})`);
  return tf.reshape(tf.engine().runKernel(WEBGPU_KERNEL_NAMES.columnSums, { m }) as tf.Tensor, [k, columns]) as tf.Tensor2D;
}
