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
import { adamMomentProgram, adamUpdateProgram } from './adamPrograms';
import { rowNormsProgram, sortedWeightedSumProgram, type WebGpuProgramLike } from './growlPrograms';

export const WEBGPU_KERNELS_FLAG = 'PARETOSCOPE_WEBGPU_KERNELS';
tf.env().registerFlag(WEBGPU_KERNELS_FLAG, () => true);

export const WEBGPU_KERNEL_NAMES = {
  rowNorms: 'ParetoscopeRowNorms',
  sortedWeightedSum: 'ParetoscopeSortedWeightedSum',
  adamMoment: 'ParetoscopeAdamMoment',
  adamUpdate: 'ParetoscopeAdamUpdate',
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
  registerProgram(WEBGPU_KERNEL_NAMES.sortedWeightedSum, ['total', 'norms', 'theta'], () => sortedWeightedSumProgram());
  registerProgram(WEBGPU_KERNEL_NAMES.adamMoment, ['moment', 'grad', 'decay', 'gain'], ([m], { squared }) => adamMomentProgram(m.shape[0], squared === true));
  registerProgram(WEBGPU_KERNEL_NAMES.adamUpdate, ['value', 'first', 'second', 'correction1', 'correction2', 'epsilon', 'negLr'], ([v]) => adamUpdateProgram(v.shape[0]));
}

/** Whether the current backend is webgpu with the kernels registered and the flag on. */
export function webgpuKernelsReady(): boolean {
  return registered && tf.getBackend() === 'webgpu' && tf.env().getBool(WEBGPU_KERNELS_FLAG);
}

/** The Euclidean norm of every GrOWL row of a dense [rows, cols] or conv [kh, kw, rows, co] kernel → [rows]. */
export function rowNormsKernel(kernel: tf.Tensor): tf.Tensor1D {
  return tf.engine().runKernel(WEBGPU_KERNEL_NAMES.rowNorms, { x: kernel }) as tf.Tensor1D;
}

/** total + Σ_j θ_j · n_[j], the norms in decreasing order (GrOWL's penalty of one layer added to a running total). */
export function sortedWeightedSumKernel(total: tf.Scalar, norms: tf.Tensor1D, theta: tf.Tensor1D): tf.Scalar {
  const sum = tf.engine().runKernel(WEBGPU_KERNEL_NAMES.sortedWeightedSum, { total, norms, theta }) as tf.Tensor;
  return tf.reshape(sum, []) as tf.Scalar;
}

/** Adam's new moment: decay · moment + gain · g, or gain · g² with `squared` (decay, gain: scalar tensors). */
export function adamMomentKernel(moment: tf.Tensor, grad: tf.Tensor, decay: tf.Scalar, gain: tf.Scalar, squared: boolean): tf.Tensor {
  const out = tf.engine().runKernel(WEBGPU_KERNEL_NAMES.adamMoment, { moment: tf.reshape(moment, [-1]), grad: tf.reshape(grad, [-1]), decay, gain }, { squared });
  return tf.reshape(out as tf.Tensor, moment.shape);
}

/** Adam's new value from the new moments: value + negLr · (m / correction1) / (sqrt(v / correction2) + ε). */
export function adamUpdateKernel(value: tf.Tensor, first: tf.Tensor, second: tf.Tensor, scalars: { correction1: tf.Tensor; correction2: tf.Tensor; epsilon: tf.Scalar; negLr: tf.Scalar }): tf.Tensor {
  const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);
  const out = tf.engine().runKernel(WEBGPU_KERNEL_NAMES.adamUpdate, { value: flat(value), first: flat(first), second: flat(second), ...scalars });
  return tf.reshape(out as tf.Tensor, value.shape);
}
