/**
 * The device tie (growlPrograms.ts tieRowsProgram) against the host tie it replaces on webgpu (rowTying.ts tieRows,
 * float64 means): dense and conv kernels of MDMTN's GrOWL shapes, clusters of a row or two as retraining has them and
 * of a hundred rows, zero rows, the same bits on every call, K stacked kernels each tied as alone, and GrowlLayers.tie
 * reading nothing back. WebGPU is Dawn in Node (testing/webgpu.ts).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { rowLayout } from '../kernel';
import { MultiTaskNetwork } from '../models';
import { Rng } from '../random';
import { tieGather, tieRows } from '../rowTying';
import { GrowlLayers } from '../sparsity';
import { syntheticClusterLabels } from '../testing/clusterLabels';
import { normals, sizeOf } from '../testing/kernelComparison';
import { countPrograms, webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { disposeTieGather, tieGatherTensors, tieRowsKernel, WEBGPU_KERNELS_FLAG } from './webgpuKernels';

const webgpu = await webgpuForTests();

/** Labels like a retrained run's (55 % zero rows, 1.5 rows a cluster), or with clusters of `rowsPerCluster`. */
const clusterLabels = (rows: number, seed: number, rowsPerCluster = 1.5) => syntheticClusterLabels(rows, 0.55, rowsPerCluster, new Rng(seed));

/** Largest |a − b| relative to the largest |b|: float32 sums against float64 ones, whatever the weights' scale. */
function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1e-30;
  for (let i = 0; i < b.length; i++) [worst, scale] = [Math.max(worst, Math.abs(a[i] - b[i])), Math.max(scale, Math.abs(b[i]))];
  return worst / scale;
}

/** The kernel (one or K stacked) tied on the device by `labels` (one a kernel), and the programs it took. */
async function deviceTie(kernel: tf.Tensor, labels: (Int32Array | null)[], rows: number): Promise<{ values: Float32Array; programs: number }> {
  const tensors = tf.memory().numTensors;
  const index = tieGatherTensors(tieGather(labels, rows));
  let tied: tf.Tensor | null = null;
  const programs = await countPrograms(() => (tied = tieRowsKernel(kernel, index)));
  disposeTieGather(index);
  const out = tied as unknown as tf.Tensor;
  const values = (await out.data()) as Float32Array;
  out.dispose();
  expect(tf.memory().numTensors, 'tensors left by the tie').toBe(tensors);
  return { values, programs };
}

describe.skipIf(!webgpu.ok)(webgpuSuiteName('the device tie', webgpu), () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  it('equals the float64 host tie to float32 rounding; zero rows are 0 and one-row clusters keep their bits; one program', async () => {
    // MDMTN's GrOWL kernels (conv2, the shared and the monitors' dense layers), in clusters as retraining has them and
    // of a hundred rows (a low affinity preference): float32 sums of 100 rows stay within a few roundings.
    const cases: [number[], number, number][] = [[[5, 5, 10, 20], 1.5, 2e-7], [[320, 50], 1.5, 2e-7], [[2880, 50], 1.5, 2e-7], [[2880, 50], 100, 1e-6], [[5, 5, 10, 20], 4, 5e-7]];
    for (const [seed, [shape, rowsPerCluster, tolerance]] of cases.entries()) {
      const { rows, inner, outer } = rowLayout(shape);
      const values = normals(sizeOf(shape), 30 + seed);
      const labels = clusterLabels(rows, seed, rowsPerCluster);
      const kernel = tf.tensor(values, shape);
      const { values: device, programs } = await deviceTie(kernel, [labels], rows);
      kernel.dispose();
      expect(programs).toBe(1);
      expect(relativeDistance(device, tieRows({ shape, values }, labels)), `[${shape.join(', ')}], ${rowsPerCluster} rows a cluster`).toBeLessThan(tolerance);
      const members = new Map<number, number>();
      for (const l of labels) members.set(l, (members.get(l) ?? 0) + 1);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < rows; i++) {
          const at = (o * rows + i) * inner;
          const own = device.subarray(at, at + inner);
          if (labels[i] < 0) expect(own.every((v) => v === 0)).toBe(true);
          else if (members.get(labels[i]) === 1) expect(own).toEqual(values.subarray(at, at + inner));
        }
      }
    }
  });

  it('a layer whose rows are all zero rows: all 0 (its member list is empty)', async () => {
    const kernel = tf.tensor(normals(4 * 2 * 3 * 5, 8), [4, 2, 3, 5]);
    const { values } = await deviceTie(kernel, [Int32Array.of(-1, -1, -1)], 3);
    kernel.dispose();
    expect(values.every((v) => v === 0)).toBe(true);
  });

  it('gives the same bits on every call (a gather: no atomics)', async () => {
    const shape = [2880, 50];
    const labels = clusterLabels(2880, 3);
    const kernel = tf.tensor(normals(sizeOf(shape), 5), shape);
    const first = await deviceTie(kernel, [labels], 2880);
    const second = await deviceTie(kernel, [labels], 2880);
    kernel.dispose();
    expect(second.values).toEqual(first.values);
  });

  it('ties K stacked kernels in one program, each as alone; a run without labels keeps its kernel', async () => {
    for (const shape of [[300, 3], [5, 5, 10, 20]]) {
      const rows = rowLayout(shape).rows;
      const size = sizeOf(shape);
      const kernels = [0, 1, 2].map((k) => tf.tensor(normals(size, 40 + k), shape));
      const labels = [clusterLabels(rows, 1), null, clusterLabels(rows, 2)];
      const stacked = tf.stack(kernels);
      const together = await deviceTie(stacked, labels, rows);
      expect(together.programs).toBe(1);
      for (const [k, kernel] of kernels.entries()) {
        const slice = together.values.subarray(k * size, (k + 1) * size);
        const own = labels[k];
        expect(slice).toEqual(own ? (await deviceTie(kernel, [own], rows)).values : await kernel.data());
      }
      tf.dispose([...kernels, stacked]);
    }
  });

  it("GrowlLayers.tie on an MDMTN network: the host tie's values, one program a layer, nothing read back, no tensor left", async () => {
    const tieNetwork = async (kernels: boolean) => {
      tf.env().set(WEBGPU_KERNELS_FLAG, kernels);
      const net = new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 });
      const growl = new GrowlLayers(net.growlLayers(), { kind: 'spike', beta1: 0.8, beta2: 0.2 });
      const labels = growl.layers.map((l, i) => clusterLabels(rowLayout(l.kernel.shape).rows, 10 + i));
      const backend = tf.backend();
      const reads = [vi.spyOn(backend, 'read'), vi.spyOn(backend, 'readSync')];
      try {
        await growl.tie(labels);
        const tensors = tf.memory().numTensors;
        const programs = await countPrograms(() => growl.tie(labels));
        expect(tf.memory().numTensors, 'a second tie makes no new index').toBe(tensors);
        const readsDuringTies = reads.map((spy) => spy.mock.calls.length);
        reads.forEach((spy) => spy.mockRestore());
        const values = await Promise.all(growl.layers.map(async (l) => (await l.kernel.data()) as Float32Array));
        return { values, programs, readsDuringTies };
      } finally {
        reads.forEach((spy) => spy.mockRestore());
        growl.dispose();
        net.dispose();
        tf.env().set(WEBGPU_KERNELS_FLAG, true);
      }
    };
    const tensorsBefore = tf.memory().numTensors;
    const onDevice = await tieNetwork(true);
    const onHost = await tieNetwork(false);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(onDevice.readsDuringTies).toEqual([0, 0]);
    expect(onHost.readsDuringTies[0]).toBeGreaterThan(0);
    expect(onDevice.programs).toBe(onDevice.values.length);
    onDevice.values.forEach((v, i) => expect(relativeDistance(v, onHost.values[i])).toBeLessThan(2e-7));
  });
});
