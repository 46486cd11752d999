/**
 * Network building blocks with gradients that work (and are fast) on every TF.js backend.
 *
 * Why custom gradients: the wasm backend has no Conv2DBackpropFilter kernel, so a plain tf.conv2d cannot be
 * trained there; its MaxPoolGrad and Conv2DBackpropInput kernels are also several times slower than
 * compositions of fast forward kernels. Each op here computes the same mathematics as the plain TF.js op
 * (tests in ops.test.ts compare values and gradients against the cpu backend and finite differences).
 *
 * On the wasm backend, once prepareWasmKernels() has linked them, the hottest compositions are replaced by the
 * SIMD kernels of wasmKernels/kernels.c (image patches, aᵀ·b without a transpose, the max-pool gradient); the
 * compositions remain the definition and the path on every other backend (wasmKernels.test.ts compares both).
 * On webgpu, once prepareWebgpuKernels() has registered them, WGSL programs (webgpuKernels/) replace compositions
 * the same way, each by one dispatch (webgpuKernels.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { columnSumsKernel, imagePatchesKernel, matMulAtBKernel, maxPool2x2GradKernel, patchesToImageKernel, wasmKernelsReady } from './wasmKernels/wasmKernels';
import * as webgpuKernels from './webgpuKernels/webgpuKernels';

/**
 * Valid, stride-1 2-D convolution y = conv2d(x, w) with gradients expressed as forward convolutions:
 *   dW[a,b,i,o] = Σ_{n,p,q} x[n,p+a,q+b,i] · dy[n,p,q,o]   → conv2d(xᵀ, dyᵀ) with batch and channels swapped;
 *   dx = full correlation of dy with the spatially flipped kernel → conv2d(pad(dy), flip(w)ᵀ).
 * x: [N, H, W, Ci], w: [kh, kw, Ci, Co].
 */
/** Rows up to which a webgpu column sum is one program (256 a thread of its workgroup of 256). */
export const WEBGPU_COLUMN_SUM_ROWS = 65_536;

export function conv2dValid(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  // WebGPU has TF.js's Conv2DBackpropInput and Conv2DBackpropFilter kernels: one program each for the gradients.
  if (webgpuKernels.webgpuKernelsReady()) return tf.conv2d(x, w, 1, 'valid');
  const op = tf.customGrad(((xIn: tf.Tensor, wIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const xx = xIn as tf.Tensor4D;
    const ww = wIn as tf.Tensor4D;
    save([xx, ww]);
    return {
      value: tf.conv2d(xx, ww, 1, 'valid'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dy4 = dy as tf.Tensor4D;
        return [conv2dInputGrad(dy4, ws), conv2dFilterGrad(xs, dy4, ws.shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, w) as tf.Tensor4D;
}

/** dL/dw of a valid stride-1 conv, as a forward conv of the transposed input with the transposed gradient. */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: readonly number[]): tf.Tensor4D {
  const [kh, kw] = filterShape;
  const [, height, width] = x.shape;
  const [, outH, outW] = dy.shape;
  // Only the part of x that the valid conv actually read (it matters when H - kh + 1 != outH, never here).
  const xUsed = height === outH + kh - 1 && width === outW + kw - 1 ? x : tf.slice(x, [0, 0, 0, 0], [-1, outH + kh - 1, outW + kw - 1, -1]);
  const xT = tf.transpose(xUsed, [3, 1, 2, 0]); // [Ci, H, W, N]
  const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [outH, outW, N, Co]
  const g = tf.conv2d(xT, dyT, 1, 'valid'); // [Ci, kh, kw, Co]
  return tf.transpose(g, [1, 2, 0, 3]);
}

/** dL/dx of a valid stride-1 conv: a full correlation of the padded gradient with the flipped kernel. */
export function conv2dInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, ci, co] = w.shape;
  if (wasmKernelsReady()) {
    // dx = col2im(dy · Wᵀ): per output position kh·kw·ci·co multiply-adds, where the full correlation below
    // also multiplies the zero padding (2.25x the work for MDMTN's 8x8 → 12x12 conv).
    const [n, oh, ow] = dy.shape;
    const dyMatrix = tf.reshape(dy, [n * oh * ow, co]) as tf.Tensor2D;
    const wT = tf.transpose(tf.reshape(w, [kh * kw * ci, co])) as tf.Tensor2D;
    const dp = tf.reshape(tf.matMul(dyMatrix, wT), [n, oh, ow, kh * kw * ci]) as tf.Tensor4D;
    return patchesToImageKernel(dp, oh + kh - 1, ow + kw - 1, kh, kw);
  }
  const padded = tf.pad(dy, [
    [0, 0],
    [kh - 1, kh - 1],
    [kw - 1, kw - 1],
    [0, 0],
  ]);
  const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]); // [kh, kw, Co, Ci]
  return tf.conv2d(padded, flipped, 1, 'valid');
}

/**
 * Image patches for every layer that reads the raw input: patches[n, p, q, (a·kw + b)·C + c] = x[n, p+a, q+b, c].
 * Computed once per batch with an identity-kernel convolution, they turn those convs into one matMul each,
 * whose gradient is a plain matMul (the input needs no gradient).
 */
export function imagePatches(x: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  if (wasmKernelsReady()) return imagePatchesKernel(x, kh, kw);
  const channels = x.shape[3];
  const size = kh * kw * channels;
  const eye = tf.reshape(tf.eye(size), [kh, kw, channels, size]) as tf.Tensor4D;
  return tf.conv2d(x, eye, 1, 'valid');
}

/**
 * conv2d(x, w) for a layer that reads the image, from precomputed patches: [N·oh·ow, K] · [K, Co].
 * The gradient flows to w only (the image needs none), as patchesᵀ · dy; the transposed patch matrix is built
 * once per backward pass and shared by every layer that reads the same patches.
 */
export function convFromPatches(patches: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const [n, oh, ow, k] = patches.shape;
  const co = w.shape[3];
  const matrix = tf.reshape(patches, [n * oh * ow, k]) as tf.Tensor2D;
  const op = tf.customGrad(((wIn: tf.Tensor, save: tf.GradSaveFunc) => {
    save([matrix]);
    return {
      value: tf.reshape(tf.matMul(matrix, tf.reshape(wIn, [k, co]) as tf.Tensor2D), [n, oh, ow, co]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dy2 = tf.reshape(dy, [n * oh * ow, co]) as tf.Tensor2D;
        const patchMatrix = saved[0] as tf.Tensor2D;
        const dw = wasmKernelsReady()
          ? matMulAtBKernel(patchMatrix, dy2)
          : webgpuKernels.webgpuKernelsReady()
            ? tf.matMul(patchMatrix, dy2, true, false)
            : tf.matMul(transposedPatches(patchMatrix), dy2);
        return [tf.reshape(dw, w.shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(w) as tf.Tensor4D;
}

// Transposed patch matrices by the data they were made from. A cached transpose lives in the backward pass's
// scope and is disposed with it, so an entry is only reused while it is alive.
const patchTransposes = new WeakMap<object, tf.Tensor2D>();

function transposedPatches(matrix: tf.Tensor2D): tf.Tensor2D {
  const cached = patchTransposes.get(matrix.dataId);
  if (cached && !cached.isDisposed) return cached;
  const transposed = tf.transpose(matrix);
  patchTransposes.set(matrix.dataId, transposed);
  return transposed;
}

/**
 * 2x2 max pool, stride 2 (floor on odd sizes), with its gradient routed through a mask built from the pooled
 * output (x == upsample(max)). Where a window holds tied maxima every tied position receives the gradient
 * (TF.js routes it to one); with real-valued activations ties have probability zero.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const op = tf.customGrad(((xIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const xx = xIn as tf.Tensor4D;
    const y = tf.maxPool(xx, 2, 2, 'valid');
    save([xx, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
        if (wasmKernelsReady()) return maxPool2x2GradKernel(xs, ys, dy as tf.Tensor4D);
        if (webgpuKernels.webgpuKernelsReady()) return webgpuKernels.maxPool2x2GradKernel(xs, ys, dy as tf.Tensor4D);
        const [, h, w] = ys.shape;
        const [, fullH, fullW] = xs.shape;
        const used = fullH === 2 * h && fullW === 2 * w ? xs : tf.slice(xs, [0, 0, 0, 0], [-1, 2 * h, 2 * w, -1]);
        const mask = tf.cast(tf.equal(used, upsample2x(ys)), 'float32');
        let dx = tf.mul(mask, upsample2x(dy as tf.Tensor4D));
        if (used !== xs) {
          dx = tf.pad(dx, [
            [0, 0],
            [0, fullH - 2 * h],
            [0, fullW - 2 * w],
            [0, 0],
          ]);
        }
        return dx;
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor4D;
}

/** Nearest-neighbour 2x upsampling: out[n, i, j, c] = x[n, floor(i/2), floor(j/2), c]. */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.image.resizeNearestNeighbor(x, [2 * h, 2 * w], false, false);
}

/** Mean negative log-likelihood of integer labels under log-probabilities [N, C]. */
export function nllLoss(logProbs: tf.Tensor2D, labelsOneHot: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(logProbs, labelsOneHot), 1))) as tf.Scalar;
}

/**
 * a·b whose gradient uses explicit transposes (dA = dy·bᵀ, dB = aᵀ·dy). TF.js's own MatMul gradient passes
 * transpose flags, which the wasm backend runs several times slower than a transpose followed by a plain matMul
 * (docs/decisions/custom-gradients.md).
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((aIn: tf.Tensor, bIn: tf.Tensor, save: tf.GradSaveFunc) => {
    save([aIn, bIn]);
    return {
      value: tf.matMul(aIn as tf.Tensor2D, bIn as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [as, bs] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dy2 = dy as tf.Tensor2D;
        // WebGPU's matMul reads transposed operands in place; only wasm is faster with explicit transposes.
        if (webgpuKernels.webgpuKernelsReady()) return [tf.matMul(dy2, bs, false, true), tf.matMul(as, dy2, true, false)];
        return [tf.matMul(dy2, tf.transpose(bs)), tf.matMul(tf.transpose(as), dy2)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(a, b) as tf.Tensor2D;
}

/**
 * Batch normalisation in training mode over the channels of x [N, H, W, C] (statistics over N·H·W, biased
 * variance), y = γ · (x − mean) / sqrt(var + ε) + β, with the closed-form gradient
 *   dx = γ / (n · sqrt(var + ε)) · (n · dy − Σ dy − x̂ · Σ dy·x̂),   dγ = Σ dy·x̂,   dβ = Σ dy.
 * Every Σ over the n = N·H·W positions is a [1, n] × [n, C] matMul with a row of ones: TF.js's own FusedBatchNorm
 * gradient tiles [C] vectors up to x's shape and reduces over three axes, which on wasm costs more than all the
 * convolutions of a Cifar10Mnist step. `onStatistics` receives the batch mean and biased variance [C] (inside the
 * op's scope: use them at once, e.g. to assign running averages).
 */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  onStatistics?: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const n = batch * height * width;
  const op = tf.customGrad(((xIn: tf.Tensor, gammaIn: tf.Tensor, betaIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const x2 = tf.reshape(xIn, [n, channels]) as tf.Tensor2D;
    const mean = tf.div(sumOverRows(x2), n);
    const centered = tf.sub(x2, mean);
    const variance = tf.div(sumOverRows(tf.square(centered) as tf.Tensor2D), n);
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(centered, invStd);
    onStatistics?.(tf.reshape(mean, [channels]) as tf.Tensor1D, tf.reshape(variance, [channels]) as tf.Tensor1D);
    save([xHat, invStd, gammaIn]);
    return {
      value: tf.reshape(tf.add(tf.mul(xHat, gammaIn), betaIn), x.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, inv, g] = saved;
        const dy2 = tf.reshape(dy, [n, channels]) as tf.Tensor2D;
        const sumDy = sumOverRows(dy2);
        const sumDyXHat = sumOverRows(tf.mul(dy2, xh) as tf.Tensor2D);
        const inner = tf.sub(tf.sub(tf.mul(dy2, n), sumDy), tf.mul(xh, sumDyXHat));
        const dx = tf.mul(inner, tf.div(tf.mul(g, inv), n));
        return [tf.reshape(dx, x.shape), tf.reshape(sumDyXHat, [channels]), tf.reshape(sumDy, [channels])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, gamma, beta) as tf.Tensor4D;
}

/**
 * Σ over the rows of m [n, C] → [1, C]: a row of ones times m (XNNPACK on wasm packs m first; the kernel does not),
 * or one program of column sums on wasm, and on webgpu up to WEBGPU_COLUMN_SUM_ROWS rows (a workgroup a column: past
 * that, TF.js's split-K matMul spreads the rows over more of a GPU).
 */
export function sumOverRows(m: tf.Tensor2D): tf.Tensor2D {
  const [rows, columns] = m.shape;
  if (wasmKernelsReady()) return tf.reshape(columnSumsKernel(m), [1, columns]) as tf.Tensor2D;
  return stackedSumOverRows(tf.reshape(m, [1, rows, columns]) as tf.Tensor3D);
}

/** Σ over the rows of each of K matrices m [K, n, C] → [K, C]: sumOverRows of K runs at once (one run: K = 1). */
export function stackedSumOverRows(m: tf.Tensor3D): tf.Tensor2D {
  const [k, rows, columns] = m.shape;
  if (webgpuKernels.webgpuKernelsReady() && rows <= WEBGPU_COLUMN_SUM_ROWS && k * columns <= webgpuKernels.MAX_WORKGROUPS_PER_DIMENSION) return webgpuKernels.stackedColumnSumsKernel(m);
  // fill runs on the device; tf.ones would upload n ones from JS on every call (WebGPU/WebGL).
  return tf.reshape(tf.matMul(tf.fill([k, 1, rows], 1) as tf.Tensor3D, m), [k, columns]) as tf.Tensor2D;
}

/**
 * x + b for x [N, H, W, C] and a per-channel b [C], whose bias gradient Σ_{n,h,w} dy is a [1, n] × [n, C] matMul
 * with a row of ones (TF.js reduces over three axes, which on wasm costs far more than the matMul).
 */
export function addChannelBias(x: tf.Tensor4D, b: tf.Tensor1D): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const n = batch * height * width;
  const op = tf.customGrad(((xIn: tf.Tensor, bIn: tf.Tensor) => ({
    value: tf.add(xIn, bIn),
    gradFunc: (dy: tf.Tensor) => [dy, tf.reshape(sumOverRows(tf.reshape(dy, [n, channels]) as tf.Tensor2D), [channels])],
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, b) as tf.Tensor4D;
}
