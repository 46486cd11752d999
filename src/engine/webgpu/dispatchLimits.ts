/**
 * TF.js's webgpu kernels that lay one tensor dimension along a dispatch's Y or Z axis, re-registered so that they
 * never ask for more workgroups there than WebGPU allows (maxComputeWorkgroupsPerDimension, 65,535): past it TF.js
 * fails with "Dispatch size exceeds WebGPU limits in Y or Z dimension" (its programs fold only X).
 *
 * MDMTN meets both at large batches through the image patches, a [N·576, 25] matrix:
 * - Transpose of a matrix [R, C] runs 16×16 tiles over the output [C, R]: R > 16·65,535 (batch ≥ 1,821) fails. The
 *   guard runs it as the rank-3 transpose [1, R, C] → [1, C, R], whose program dispatches flat (TF.js folds X).
 * - BatchMatMul puts A's rows along Y, at least 8 rows a workgroup (32 in its usual tiling: batch ≥ 3,641 fails).
 *   The guard splits A's rows over the batch axis, [1, M, K] → [s, M/s, K] with B broadcast (a reshape: no copy;
 *   each row's products are the same), or, where no s divides M or A is transposed, runs it on row slices and
 *   concatenates.
 * The same values either way (dispatchLimits.test.ts); shapes within the limits run TF.js's kernels untouched.
 * The flag PARETOSCOPE_WEBGPU_MAX_WORKGROUPS lowers the limit the guard plans for (tests reach the split paths
 * on small shapes).
 */
import * as tf from '@tensorflow/tfjs-core';

export const MAX_WORKGROUPS_FLAG = 'PARETOSCOPE_WEBGPU_MAX_WORKGROUPS';
tf.env().registerFlag(MAX_WORKGROUPS_FLAG, () => 0);

/** Rows of A a BatchMatMul workgroup covers, at least (MatMulSmallOutputSize: 8; MatMulPacked: 32). */
const MATMUL_ROWS_PER_WORKGROUP = 8;
/** TransposeShared's square tile. */
const TRANSPOSE_TILE = 16;

/** The parts of TF.js's WebGPUBackend used here. */
interface WebGpuBackendLike {
  device: { limits: { maxComputeWorkgroupsPerDimension: number } };
  disposeData(dataId: object): void;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The workgroups per dimension the guard plans for: the device's, or the flag's if lower. */
export function workgroupLimit(backend: WebGpuBackendLike): number {
  const device = backend.device.limits.maxComputeWorkgroupsPerDimension;
  const flag = tf.env().getNumber(MAX_WORKGROUPS_FLAG);
  return flag > 0 ? Math.min(flag, device) : device;
}

/** The smallest s ≥ ceil(m / maxRows) that divides m (s ≤ limit), or null. */
export function rowSplit(m: number, maxRows: number, limit: number): number | null {
  for (let s = Math.ceil(m / maxRows); s <= Math.min(m, limit); s++) if (m % s === 0) return s;
  return null;
}

let guarded = false;

/** Re-registers Transpose and BatchMatMul on webgpu with the guards (once per process; later calls do nothing). */
export function guardWebgpuDispatchLimits(): void {
  if (guarded) return;
  const transpose = tf.getKernel('Transpose', 'webgpu');
  const batchMatMul = tf.getKernel('BatchMatMul', 'webgpu');
  if (!transpose || !batchMatMul) return;
  guarded = true;
  replaceKernel(transpose, (args) => guardedTranspose(args, transpose.kernelFunc));
  replaceKernel(batchMatMul, (args) => guardedBatchMatMul(args, batchMatMul.kernelFunc));
}

function replaceKernel(original: tf.KernelConfig, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(original.kernelName, original.backendName);
  tf.registerKernel({ ...original, kernelFunc });
}

/** Runs another webgpu kernel from inside a kernel. */
function run(name: string, inputs: tf.NamedTensorInfoMap | tf.TensorInfo[], backend: unknown, attrs: object): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'webgpu');
  if (!kernel) throw new Error(`webgpu kernel ${name} is not registered`);
  return kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

function guardedTranspose(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const perm = (args.attrs as { perm: number[] }).perm;
  const backend = args.backend as unknown as WebGpuBackendLike;
  const limit = workgroupLimit(backend);
  const swapsAMatrix = x.shape.length === 2 && perm[0] === 1 && perm[1] === 0;
  if (!swapsAMatrix || Math.max(...x.shape) <= TRANSPOSE_TILE * limit) return original(args);
  const [rows, cols] = x.shape;
  const x3 = run('Reshape', { x }, backend, { shape: [1, rows, cols] });
  const y3 = original({ ...args, inputs: { x: x3 }, attrs: { perm: [0, 2, 1] } }) as tf.TensorInfo;
  const y = run('Reshape', { x: y3 }, backend, { shape: [cols, rows] });
  backend.disposeData(x3.dataId);
  backend.disposeData(y3.dataId);
  return y;
}

function guardedBatchMatMul(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const backend = args.backend as unknown as WebGpuBackendLike;
  const limit = workgroupLimit(backend);
  const maxRows = MATMUL_ROWS_PER_WORKGROUP * limit;
  const rank = a.shape.length;
  const m = transposeA ? a.shape[rank - 1] : a.shape[rank - 2];
  const k = transposeA ? a.shape[rank - 2] : a.shape[rank - 1];
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  if (m <= maxRows) return original(args);
  if (batchA !== 1 || batchB !== 1) throw new Error(`BatchMatMul: ${m} rows in a batch of ${Math.max(batchA, batchB)} exceed WebGPU's dispatch limit (${limit} workgroups)`);
  const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const outShape = [...(a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2), m, n];
  const split = transposeA ? null : rowSplit(m, maxRows, limit);
  const product = split !== null ? matMulSplitRows(args, original, a, split, m, k) : matMulRowSlices(args, original, a, m, k, maxRows);
  const out = run('Reshape', { x: product }, backend, { shape: outShape });
  backend.disposeData(product.dataId);
  return out;
}

/** [1, M, K] · B as [s, M/s, K] · B (B broadcast over the new batch axis): a reshape, no copy. */
function matMulSplitRows(args: KernelArgs, original: tf.KernelFunc, a: tf.TensorInfo, s: number, m: number, k: number): tf.TensorInfo {
  const backend = args.backend as unknown as WebGpuBackendLike;
  const a3 = run('Reshape', { x: a }, backend, { shape: [s, m / s, k] });
  const out = original({ ...args, inputs: { ...args.inputs, a: a3 } }) as tf.TensorInfo;
  backend.disposeData(a3.dataId);
  return out;
}

/** A's rows in slices of at most maxRows (copies), each multiplied by B, the products concatenated. */
function matMulRowSlices(args: KernelArgs, original: tf.KernelFunc, a: tf.TensorInfo, m: number, k: number, maxRows: number): tf.TensorInfo {
  const backend = args.backend as unknown as WebGpuBackendLike;
  const transposeA = (args.attrs as { transposeA: boolean }).transposeA;
  const a3 = run('Reshape', { x: a }, backend, { shape: transposeA ? [1, k, m] : [1, m, k] });
  const parts: tf.TensorInfo[] = [];
  for (let start = 0; start < m; start += maxRows) {
    const rows = Math.min(maxRows, m - start);
    const slice = run('Slice', { x: a3 }, backend, transposeA ? { begin: [0, 0, start], size: [1, k, rows] } : { begin: [0, start, 0], size: [1, rows, k] });
    parts.push(original({ ...args, inputs: { ...args.inputs, a: slice } }) as tf.TensorInfo);
    backend.disposeData(slice.dataId);
  }
  const out = run('Concat', parts, backend, { axis: 1 });
  for (const t of [a3, ...parts]) backend.disposeData(t.dataId);
  return out;
}
