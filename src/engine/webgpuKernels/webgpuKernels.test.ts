/**
 * Paretoscope's WGSL kernels against the TF.js compositions they replace (the same call with the kernels' flag
 * off, on the same backend) and against float64 references: row norms of dense and conv kernels, and the sorted
 * weighted sum on sizes around the workgroup (1, 255, 256, 257, MDMTN's 2,880 rows), with ties and zero rows;
 * GrOWL's whole penalty of an MDMTN network; Adam's fused update over steps on variables of MDMTN's shapes; and
 * how many programs each dispatches. WebGPU is Dawn in Node (testing/webgpu.ts).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { DeviceConstantAdam } from '../adam';
import { growlPenaltyFromNorms, owlWeights } from '../growl';
import { MultiTaskNetwork } from '../models';
import { GrowlLayers, rowNormsTensor } from '../sparsity';
import { stackedRowNorms } from '../stacked/stackedHooks';
import { expectClose, normals } from '../testing/kernelComparison';
import { countPrograms as countDispatches, webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { rowNormsKernel, sortedWeightedSumKernel, sortedWeightedSumsKernel, WEBGPU_KERNELS_FLAG, webgpuKernelsReady } from './webgpuKernels';

const webgpu = await webgpuForTests();

async function read(t: tf.Tensor): Promise<Float32Array> {
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

describe.skipIf(!webgpu.ok)(webgpuSuiteName('webgpu kernels', webgpu), () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });
  afterEach(() => {
    tf.env().set(WEBGPU_KERNELS_FLAG, true);
  });

  /** The value with the kernels, then with the TF.js composition (flag off). */
  async function kernelAndComposition(compute: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
    expect(webgpuKernelsReady()).toBe(true);
    const kernel = await read(tf.tidy(compute));
    tf.env().set(WEBGPU_KERNELS_FLAG, false);
    const composition = await read(tf.tidy(compute));
    tf.env().set(WEBGPU_KERNELS_FLAG, true);
    return [kernel, composition];
  }

  it('row norms of dense and conv kernels equal sqrt(sum(square(w))) over the row', async () => {
    for (const shape of [[7, 5], [300, 3], [2880, 50], [3, 2, 5, 4], [5, 5, 10, 20]]) {
      const values = normals(shape.reduce((a, b) => a * b, 1), shape.length);
      const w = tf.tensor(values, shape);
      const [kernel, composition] = await kernelAndComposition(() => rowNormsTensor(w));
      expectClose(kernel, composition, 1e-6);
      expect(kernel.length).toBe(shape.length === 4 ? shape[2] : shape[0]);
      w.dispose();
    }
  });

  it('row norms of K stacked kernels: each kernel its own norms, exactly, in one program', async () => {
    for (const shape of [[300, 3], [5, 5, 10, 20]]) {
      const K = 3;
      const size = shape.reduce((a, b) => a * b, 1);
      const kernels = Array.from({ length: K }, (_, k) => tf.tensor(normals(size, 10 + k), shape));
      const stacked = tf.stack(kernels);
      const together = await read(stackedRowNorms(stacked));
      for (const [k, w] of kernels.entries()) {
        const own = await read(rowNormsTensor(w));
        expect(Array.from(together.subarray(k * own.length, (k + 1) * own.length))).toEqual(Array.from(own));
      }
      const programs = await countDispatches(() => tf.dispose(stackedRowNorms(stacked)));
      expect(programs).toBe(1);
      tf.dispose([...kernels, stacked]);
    }
  });

  it('the sorted weighted sum equals topk + sum and the float64 reference, with ties and zero rows', async () => {
    for (const rows of [1, 255, 256, 257, 2880]) {
      const norms = Float32Array.from(normals(rows, rows), (v, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? 1.5 : Math.abs(v)));
      const theta = Float32Array.from(owlWeights('linear', rows));
      const [n, th, start] = [tf.tensor1d(norms), tf.tensor1d(theta), tf.scalar(0.25)];
      const kernel = await read(sortedWeightedSumKernel(start, n, th));
      const composition = await read(tf.add(start, tf.sum(tf.mul(tf.topk(n, rows, true).values, th))));
      const reference = 0.25 + growlPenaltyFromNorms(norms, theta);
      expect(kernel[0]).toBeCloseTo(composition[0], 3);
      expect(Math.abs(kernel[0] - reference) / reference).toBeLessThan(1e-5);
      tf.dispose([n, th, start]);
    }
  });

  it('the sorted weighted sums of K networks at once: each network its own sum', async () => {
    const [k, rows] = [3, 300];
    const norms = Float32Array.from(normals(k * rows, 9), (v, i) => (i % 13 === 0 ? 0 : i % 17 === 0 ? 0.5 : Math.abs(v)));
    const theta = Float32Array.from(owlWeights('linear', rows));
    const [n, th, start] = [tf.tensor2d(norms, [k, rows]), tf.tensor1d(theta), tf.tensor1d([0.25, 0, -1])];
    const sums = await read(sortedWeightedSumsKernel(start, n, th));
    [0.25, 0, -1].forEach((s, i) => expect(Math.abs(sums[i] - (s + growlPenaltyFromNorms(norms.subarray(i * rows, (i + 1) * rows), theta)))).toBeLessThan(1e-4));
    tf.dispose([n, th, start]);
  });

  it('row norms, called directly, equal Math.hypot of each row', async () => {
    const w = tf.tensor2d(normals(12, 3), [4, 3]);
    const direct = await read(rowNormsKernel(w));
    const rows = await w.array();
    expectClose(direct, rows.map((r) => Math.hypot(...r)), 1e-6);
    w.dispose();
  });

  it("GrOWL's penalty of an MDMTN network: the composition's value, in 2 programs a layer instead of about 60", async () => {
    const net = new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 });
    const growl = new GrowlLayers(net.growlLayers(), { kind: 'spike', beta1: 0.8, beta2: 0.2 });
    try {
      let withKernels: ArrayLike<number> = [];
      const kernelDispatches = await countDispatches(async () => (withKernels = await read(growl.penaltyTensor())));
      tf.env().set(WEBGPU_KERNELS_FLAG, false);
      let composed: ArrayLike<number> = [];
      const composedDispatches = await countDispatches(async () => (composed = await read(growl.penaltyTensor())));
      expect(withKernels[0]).toBeCloseTo(composed[0], 3);
      expect(kernelDispatches).toBe(2 * net.growlLayers().length);
      expect(composedDispatches).toBeGreaterThan(40 * net.growlLayers().length);
    } finally {
      growl.dispose();
      net.dispose();
    }
  });

  it('Adam: the in-place programs give the composition’s values, step after step, and the flag may change between steps', async () => {
    const shapes = [[2], [5, 5, 1, 10], [2880, 50], [50, 10]];
    let variableNames = 0;
    const run = async (kernelsAtStep: (step: number) => boolean) => {
      const variables = shapes.map((shape, i) => tf.variable(tf.tensor(normals(shape.reduce((a, b) => a * b, 1), 20 + i), shape), true, `adamTest${variableNames++}`));
      const optimizer = new DeviceConstantAdam(0.01);
      const counts: number[] = [];
      for (let step = 0; step < 4; step++) {
        tf.env().set(WEBGPU_KERNELS_FLAG, kernelsAtStep(step));
        const grads = tf.tidy(() => tf.variableGrads(() => tf.addN(variables.map((v, i) => tf.sum(tf.mul(tf.sin(tf.mul(v, i + 1)), v)))) as tf.Scalar, variables).grads);
        counts.push(await countDispatches(() => optimizer.applyGradients(grads)));
        tf.dispose(grads);
      }
      const values = await Promise.all(variables.map((v) => v.data()));
      optimizer.dispose();
      variables.forEach((v) => v.dispose());
      return { values, counts };
    };
    const fused = await run(() => true);
    const composed = await run(() => false);
    // The moments change form (two variables a variable ↔ a place in one arena) when the flag does.
    const switching = await run((step) => step % 2 === 1);
    fused.values.forEach((v, i) => expectClose(v, composed.values[i], 1e-5));
    switching.values.forEach((v, i) => expectClose(v, composed.values[i], 1e-5));
    // One in-place program for up to 3 variables (WebGPU's default 8 storage buffers), the step's constants (1) and
    // the β powers (2) — the composition takes 14 a variable, the bias corrections (2) and the β powers.
    expect(fused.counts.slice(1)).toEqual([3, 3, 3].map(() => Math.ceil(shapes.length / 3) + 3));
    expect(composed.counts[1]).toBe(14 * shapes.length + 4);
  });
});
