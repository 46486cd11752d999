/**
 * The Chebyshev-AL programs (chebyshevPrograms.ts) against chebyshev.ts's compositions on webgpu (flag on and off):
 * the constraints, the Augmented Lagrangian of both variants and its gradient with respect to f and t, with
 * constraints active and slack (PHR's max(0, ·) on both sides), a non-zero reference point and ε; and the programs.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { chebyshevAlRowTensors, chebyshevAlTensors } from '../chebyshev';
import { expectSameRuns, kernelAndComposition } from '../testing/kernelComparison';
import { webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { WEBGPU_KERNELS_FLAG } from './webgpuKernels';

const webgpu = await webgpuForTests();

describe.skipIf(!webgpu.ok)(webgpuSuiteName('webgpu Chebyshev-AL programs', webgpu), () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });
  afterEach(() => {
    tf.env().set(WEBGPU_KERNELS_FLAG, true);
  });

  const f = [4.2, 0.31, 0.27];
  const k = [0.001, 0.2, 0.799];
  const a = [0.5, 0.01, 0.02];
  // λ and μ such that some λ_i + μ c_i are positive and some negative at t = 0.1.
  const lambda = [0.8, 0, 2.5];
  const mu = 3;

  for (const variant of ['phr', 'reference'] as const) {
    it(`${variant}: the constraints, L and ∂L/∂f, ∂L/∂t equal the composition's, in 4 programs instead of about 30`, async () => {
      const fT = tf.tensor1d(f);
      const tT = tf.scalar(0.1);
      const loss = await kernelAndComposition((x, t) => chebyshevAlTensors(variant, x as tf.Tensor1D, t, k, a, lambda, mu, 1e-3).loss, [fT, tT]);
      expectSameRuns(loss, 1e-5);
      const constraints = await kernelAndComposition((x, t) => chebyshevAlTensors(variant, x as tf.Tensor1D, t, k, a, lambda, mu, 1e-3).constraints, [fT, tT]);
      expectSameRuns(constraints, 1e-5);
      // The harness's own programs are the same on both sides; the AL's are 2 forward (with c) and 2 back.
      expect(loss[1].programs - loss[0].programs).toBeGreaterThan(15);
      // A diverged objective: L, c and both gradients are not finite on both paths (PHR's max(0, ·) keeps NaN).
      const fNaN = tf.tensor1d([Number.NaN, 0.31, 0.27]);
      const diverged = await kernelAndComposition((x, t) => chebyshevAlTensors(variant, x as tf.Tensor1D, t, k, a, lambda, mu, 1e-3).loss, [fNaN, tT]);
      expectSameRuns(diverged, 1e-5);
      expect(diverged[0].values[0][0]).toBeNaN();
      tf.dispose([fT, tT, fNaN]);
    });

    it(`${variant}: K runs at once, a row each, equal the composition and each row its run alone, in the same 4 programs`, async () => {
      // Three runs: their own f, t, k, λ and μ; the third diverged.
      const rows = [
        { k, a, lambda, mu },
        { k: [0.3, 0.3, 0.4], a, lambda: [0, 1.5, 0.2], mu: 0.5 },
        { k: [0.1, 0.6, 0.3], a, lambda: [1, 1, 1], mu: 10 },
      ];
      const fK = tf.tensor2d([f, [1.5, 0.9, 0.05], [Number.NaN, 0.2, 0.3]]);
      const tK = tf.tensor1d([0.1, -0.2, 0.3]);
      const losses = await kernelAndComposition((x, t) => chebyshevAlRowTensors(variant, x as tf.Tensor2D, t as tf.Tensor1D, rows, 1e-3).losses, [fK, tK]);
      expectSameRuns(losses, 1e-5);
      const constraints = await kernelAndComposition((x, t) => chebyshevAlRowTensors(variant, x as tf.Tensor2D, t as tf.Tensor1D, rows, 1e-3).constraints, [fK, tK]);
      expectSameRuns(constraints, 1e-5);
      expect(losses[0].programs).toBe((await kernelAndComposition((x, t) => chebyshevAlTensors(variant, x as tf.Tensor1D, t, k, a, lambda, mu, 1e-3).loss, [tf.tensor1d(f), tf.scalar(0.1)]))[0].programs);
      // Row 2 is run 2 alone.
      const alone = tf.tidy(() => chebyshevAlTensors(variant, tf.tensor1d([1.5, 0.9, 0.05]), tf.scalar(-0.2), rows[1].k, a, rows[1].lambda, rows[1].mu, 1e-3).loss);
      expect(Math.abs(losses[0].values[0][1] - (await alone.data())[0])).toBeLessThan(1e-5);
      expect(losses[0].values[0][2]).toBeNaN();
      tf.dispose([fK, tK, alone]);
    });
  }
});
