/**
 * Ops that are one WGSL program forward and few back on webgpu (webgpuKernels/networkPrograms.ts), and the same
 * compositions of TF.js ops as before everywhere else — op for op, so runs on cpu and wasm do not change. Each
 * webgpu path is checked against its composition, value and gradients (networkPrograms.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { addChannelBias, matMul, nllLoss, stackedSumOverRows, sumOverRows } from './ops';
import * as kernels from './webgpuKernels/webgpuKernels';

/**
 * nllLoss(logSoftmax(logits), labels) in one program and its gradient (softmax − labels) · dy / N in another, where
 * the webgpu kernels are ready; the composition elsewhere. The labels get no gradient.
 */
export function nllOfLogits(logits: tf.Tensor2D, labelsOneHot: tf.Tensor2D): tf.Scalar {
  if (!kernels.webgpuKernelsReady()) return nllLoss(tf.logSoftmax(logits), labelsOneHot);
  return tf.reshape(nllOfLogitsOnWebgpu(tf.reshape(logits, [1, ...logits.shape]) as tf.Tensor3D, labelsOneHot), []) as tf.Scalar;
}

/**
 * The task NLL of K runs at once: logits [K, N, C] against the labels [N, C] they share → [K], run k's the mean over
 * the batch as nllOfLogits gives it alone (on webgpu the same programs, K = 1 there); elsewhere the composition the
 * stacked objectives always used.
 */
export function stackedNllOfLogits(logits: tf.Tensor3D, labelsOneHot: tf.Tensor2D): tf.Tensor1D {
  if (!kernels.webgpuKernelsReady()) return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), labelsOneHot), 2), 1)) as tf.Tensor1D;
  return nllOfLogitsOnWebgpu(logits, labelsOneHot);
}

function nllOfLogitsOnWebgpu(logits: tf.Tensor3D, labelsOneHot: tf.Tensor2D): tf.Tensor1D {
  const op = tf.customGrad(((logitsIn: tf.Tensor, save: tf.GradSaveFunc) => {
    // Saved, not captured: labels made inside a gradient scope are gone when the gradient runs.
    save([logitsIn, labelsOneHot]);
    return {
      value: kernels.nllOfLogitsKernel(logitsIn as tf.Tensor3D, labelsOneHot),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [kernels.nllOfLogitsGradKernel(saved[0] as tf.Tensor3D, saved[1] as tf.Tensor2D, dy)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(logits) as tf.Tensor1D;
}

/** max(x, 0), whose gradient dy · step(x) is one program where the webgpu kernels are ready (TF.js's takes two). */
export function relu<T extends tf.Tensor>(x: T): T {
  if (!kernels.webgpuKernelsReady()) return tf.relu(x);
  const op = tf.customGrad(((xIn: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xIn]);
    return { value: tf.relu(xIn), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [kernels.reluGradKernel(saved[0], dy)] };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}

/**
 * α[0] · a + α[1] · b for α [2] (MDMTN's mixing of the shared and a monitor trunk): one program forward and three
 * back where the webgpu kernels are ready; slices, products and a sum elsewhere.
 */
export function mix(a: tf.Tensor2D, b: tf.Tensor2D, alpha: tf.Tensor1D): tf.Tensor2D {
  if (!kernels.webgpuKernelsReady()) return tf.add(tf.mul(a, tf.slice(alpha, [0], [1])), tf.mul(b, tf.slice(alpha, [1], [1])));
  return mixOnWebgpu(a, b, alpha) as tf.Tensor2D;
}

/**
 * mix of K runs at once: α_k[0] · a[k] + α_k[1] · b[k] for a, b [K, N, d] and α [K, 2]; the same three programs back
 * on webgpu as one run's, slices, products and a sum elsewhere.
 */
export function stackedMix(a: tf.Tensor3D, b: tf.Tensor3D, alpha: tf.Tensor2D): tf.Tensor3D {
  const k = alpha.shape[0];
  if (!kernels.webgpuKernelsReady()) {
    const weight = (i: number) => tf.reshape(tf.slice(alpha, [0, i], [k, 1]), [k, 1, 1]);
    return tf.add(tf.mul(a, weight(0)), tf.mul(b, weight(1)));
  }
  return mixOnWebgpu(a, b, alpha) as tf.Tensor3D;
}

/** The mixing programs: α [2] for one run, [K, 2] for K runs whose parts of a and b lead. */
function mixOnWebgpu(a: tf.Tensor, b: tf.Tensor, alpha: tf.Tensor1D | tf.Tensor2D): tf.Tensor {
  const op = tf.customGrad(((aIn: tf.Tensor, bIn: tf.Tensor, alphaIn: tf.Tensor, save: tf.GradSaveFunc) => {
    save([aIn, bIn, alphaIn]);
    return {
      value: kernels.mixKernel(aIn, bIn, alphaIn),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [as, bs, al] = saved as [tf.Tensor, tf.Tensor, tf.Tensor1D | tf.Tensor2D];
        return [kernels.scaleKernel(dy, al, 0), kernels.scaleKernel(dy, al, 1), kernels.mixAlphaGradKernel(as, bs, dy, al)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(a, b, alpha) as tf.Tensor;
}

/**
 * relu(x + b) for the pooled output of a conv layer x [N, h, w, C] and its bias b [C]: one program, and back the ReLU
 * gradient and the bias's column sums; addChannelBias then ReLU elsewhere.
 */
export function biasRelu(x: tf.Tensor4D, b: tf.Tensor1D): tf.Tensor4D {
  if (!kernels.webgpuKernelsReady()) return relu(addChannelBias(x, b));
  const channels = x.shape[3];
  const op = tf.customGrad(((xIn: tf.Tensor, bIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = kernels.biasReluKernel(xIn, bIn as tf.Tensor1D);
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        // step(y) = step(x + b): y > 0 exactly where x + b > 0, and NaN where it is.
        const dz = kernels.reluGradKernel(saved[0], dy);
        return [dz, tf.reshape(sumOverRows(tf.reshape(dz, [-1, channels]) as tf.Tensor2D), [channels])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, b) as tf.Tensor4D;
}

/**
 * A dense layer input · kernel + bias, with a ReLU when `activation` is 'relu': TF.js's fused matMul (one program)
 * and back the ReLU gradient, the bias's column sums and two matMuls that read transposed operands in place; the
 * tuned matMul, an add and a ReLU elsewhere.
 */
export function dense(input: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, activation: 'relu' | 'linear'): tf.Tensor2D {
  if (!kernels.webgpuKernelsReady()) {
    const z = tf.add(matMul(input, kernel), bias) as tf.Tensor2D;
    return activation === 'relu' ? relu(z) : z;
  }
  // One run is K = 1 of the stacked programs.
  const y = denseOnWebgpu(tf.expandDims(input, 0) as tf.Tensor3D, tf.expandDims(kernel, 0) as tf.Tensor3D, tf.expandDims(bias, 0) as tf.Tensor2D, activation);
  return tf.squeeze(y, [0]) as tf.Tensor2D;
}

/**
 * dense of K runs at once: input [K, N, in] · kernel [K, in, out] + bias [K, out], ReLU'd when `activation` says so —
 * on webgpu the programs of one run's dense layer (K = 1 there); a batched matMul, an add and a ReLU elsewhere (as the
 * stacked form was).
 */
export function stackedDense(input: tf.Tensor3D, kernel: tf.Tensor3D, bias: tf.Tensor2D, activation: 'relu' | 'linear'): tf.Tensor3D {
  if (!kernels.webgpuKernelsReady()) {
    const [k, out] = bias.shape;
    const z = tf.add(tf.matMul(input, kernel), tf.reshape(bias, [k, 1, out])) as tf.Tensor3D;
    return activation === 'relu' ? tf.relu(z) : z;
  }
  return denseOnWebgpu(input, kernel, bias, activation);
}

/** TF.js's batched fused matMul forward; back the ReLU gradient, two matMuls reading transposed operands, the biases' sums. */
function denseOnWebgpu(input: tf.Tensor3D, kernel: tf.Tensor3D, bias: tf.Tensor2D, activation: 'relu' | 'linear'): tf.Tensor3D {
  const [k, out] = bias.shape;
  const op = tf.customGrad(((a: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = tf.fused.matMul({ a: a as tf.Tensor3D, b: w as tf.Tensor3D, bias: tf.reshape(b, [k, 1, out]), activation });
    save([a, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [as, ws, ys] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
        const dz = (activation === 'relu' ? kernels.reluGradKernel(ys, dy) : dy) as tf.Tensor3D;
        return [tf.matMul(dz, ws, false, true), tf.matMul(as, dz, true, false), stackedSumOverRows(dz)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(input, kernel, bias) as tf.Tensor3D;
}
