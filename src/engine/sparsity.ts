/**
 * GrOWL on the network's TF.js variables: the penalty as a tensor (it enters c_0 without a gradient), the
 * proximal step applied to each eligible layer, and row tying during retraining. The row-level mathematics
 * lives in growl.ts and rowTying.ts on plain numbers; this file moves data between them and the variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { owlWeights, proxLayerScales } from './growl';
import { clusterLayerRows, tieRows } from './rowTying';
import type { Layer } from './models';
import type { OwlKind } from './config';

/** Euclidean norm of every GrOWL row of a kernel variable, as a tensor [rows]. */
export function rowNormsTensor(kernel: tf.Tensor): tf.Tensor1D {
  const axes = kernel.rank === 4 ? [0, 1, 3] : [1];
  return tf.sqrt(tf.sum(tf.square(kernel), axes)) as tf.Tensor1D;
}

/** Shape that broadcasts a per-row vector over a kernel (rows are axis 2 of conv, axis 0 of dense kernels). */
function rowBroadcastShape(kernel: tf.Tensor): number[] {
  const shape = kernel.shape as number[];
  return kernel.rank === 4 ? [1, 1, shape[2], 1] : [shape[0], 1];
}

export class GrowlLayers {
  readonly layers: Layer[];
  /** OWL weights θ per layer (length = rows). */
  readonly thetas: Float64Array[];
  private readonly thetaTensors: tf.Tensor1D[];
  /** Per layer, 0 on the rows a holding prox zeroed and 1 elsewhere (broadcast over the kernel); none = not held. */
  private zeroRowMasks: (tf.Tensor | undefined)[] = [];
  /** The labels of `holdTies`, and per layer their device-side tying (undefined: nothing to tie in that layer). */
  private heldLabels: Int32Array[] | null = null;
  private tyings: (DeviceTying | undefined)[] = [];

  constructor(layers: Layer[], owl: { kind: OwlKind; beta1: number; beta2: number }) {
    this.layers = layers;
    this.thetas = layers.map((l) => owlWeights(owl.kind, rowCount(l), owl.beta1, owl.beta2));
    this.thetaTensors = this.thetas.map((th) => tf.tensor1d(Float32Array.from(th)));
  }

  /** Ω(θ) = Σ_layers Σ_j θ_j n_[j] as a scalar tensor (sorted by topk, no readback). */
  penaltyTensor(): tf.Scalar {
    return tf.tidy(() => {
      let total: tf.Scalar = tf.scalar(0);
      this.layers.forEach((l, i) => {
        const norms = rowNormsTensor(l.kernel);
        const sorted = tf.topk(norms, norms.shape[0], true).values;
        total = tf.add(total, tf.sum(tf.mul(sorted, this.thetaTensors[i])));
      });
      return total;
    });
  }

  /** Ω(θ) as a number (one readback). */
  async penaltyValue(): Promise<number> {
    const penalty = this.penaltyTensor();
    try {
      return (await penalty.data())[0];
    } finally {
      penalty.dispose();
    }
  }

  /** Current row norms of every layer (one asynchronous readback per layer). */
  async rowNorms(): Promise<Float32Array[]> {
    const tensors = tf.tidy(() => this.layers.map((l) => rowNormsTensor(l.kernel)));
    try {
      return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
    } finally {
      tensors.forEach((t) => t.dispose());
    }
  }

  /**
   * prox_{ηΩ} on every layer, with at most maxZeroRows(layer) zero rows per layer (SPEC §3 layer cap).
   * Returns the number of zero rows after the step.
   */
  async applyProx(eta: number, maxZeroRows: (rows: number) => number, options: { holdZeroRows?: boolean } = {}): Promise<number> {
    const norms = await this.rowNorms();
    let zeroRows = 0;
    this.releaseZeroRowMasks();
    this.layers.forEach((layer, i) => {
      const thetaScaled = this.thetas[i].map((v) => v * eta);
      const scales = proxLayerScales(norms[i], thetaScaled, maxZeroRows(norms[i].length));
      let layerZeroRows = 0;
      for (const s of scales) if (s === 0) layerZeroRows++;
      zeroRows += layerZeroRows;
      tf.tidy(() => {
        const s = tf.reshape(tf.tensor1d(Float32Array.from(scales)), rowBroadcastShape(layer.kernel));
        layer.kernel.assign(tf.mul(layer.kernel, s));
        if (options.holdZeroRows && layerZeroRows > 0) this.zeroRowMasks[i] = tf.keep(tf.cast(tf.notEqual(s, 0), 'float32'));
      });
    });
    return zeroRows;
  }

  /** Sets the rows the last holding prox zeroed back to 0 (after an optimiser step moved them); on the device. */
  reapplyZeroRows(): void {
    this.layers.forEach((layer, i) => {
      const mask = this.zeroRowMasks[i];
      if (mask) tf.tidy(() => layer.kernel.assign(tf.mul(layer.kernel, mask)));
    });
  }

  /** Stops holding zero rows (e.g. when the search phase ends). */
  releaseZeroRowMasks(): void {
    this.zeroRowMasks.forEach((m) => m?.dispose());
    this.zeroRowMasks = [];
  }

  /** Affinity Propagation labels of every layer's rows (−1 = zero row). */
  async clusterRows(preference: number): Promise<Int32Array[]> {
    const labels: Int32Array[] = [];
    for (const layer of this.layers) {
      const values = await layer.kernel.data();
      labels.push(clusterLayerRows({ shape: layer.kernel.shape, values }, preference));
    }
    return labels;
  }

  /** Sets zero rows to 0 and every clustered row to its cluster's mean row. */
  async tie(labels: Int32Array[]): Promise<void> {
    for (let i = 0; i < this.layers.length; i++) {
      const kernel = this.layers[i].kernel;
      const values = await kernel.data();
      const tied = tieRows({ shape: kernel.shape, values }, labels[i]);
      tf.tidy(() => kernel.assign(tf.tensor(tied, kernel.shape)));
    }
  }

  /** Keeps the cluster labels (−1 = zero row) that `reapplyTies` ties to. Replaces any earlier labels. */
  holdTies(labels: Int32Array[]): void {
    this.releaseTies();
    this.heldLabels = labels;
  }

  /**
   * Ties the rows again after an optimiser step moved them: zero rows to 0, every clustered row to its cluster's
   * mean row, so retraining stays inside the tied parameter space instead of being pulled back once per epoch.
   * Where the weights live in host memory (wasm, cpu) this is `tie` itself (reading them is a copy; for MDMTN on
   * wasm it took 2.7 ms against the TF.js composition's 14.7 ms, 14 of them in GatherV2 — `npm run bench:tying`); on
   * the GPU backends the same tying runs on the device without a readback (means in float32), from index tensors
   * made on first use. `path` 'device' forces the latter (tests, the benchmark).
   */
  async reapplyTies(path: 'auto' | 'device' = 'auto'): Promise<void> {
    if (!this.heldLabels) return;
    if (path === 'auto' && HOST_MEMORY_BACKENDS.has(tf.getBackend())) {
      await this.tie(this.heldLabels);
      return;
    }
    const labels = this.heldLabels;
    if (this.tyings.length === 0) this.tyings = this.layers.map((_, i) => deviceTying(labels[i]));
    this.layers.forEach((layer, i) => {
      const tying = this.tyings[i];
      if (tying) tf.tidy(() => layer.kernel.assign(tieKernelRows(layer.kernel, tying)));
    });
  }

  releaseTies(): void {
    for (const t of this.tyings) if (t) [t.order, t.segments, t.source, t.counts].forEach((x) => x.dispose());
    this.tyings = [];
    this.heldLabels = null;
  }

  dispose(): void {
    this.releaseZeroRowMasks();
    this.releaseTies();
    this.thetaTensors.forEach((t) => t.dispose());
  }
}

/** Backends whose tensors live in host memory: reading them back is a copy, not a GPU sync. */
const HOST_MEMORY_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/** One layer's tying as index tensors: rows in cluster order, their cluster ids, each row's source row. */
interface DeviceTying {
  /** Live rows sorted by cluster (int32). */
  order: tf.Tensor1D;
  /** The cluster of each entry of `order`, non-decreasing (int32), as sparseSegmentMean wants them. */
  segments: tf.Tensor1D;
  /** For every row, its cluster's index in the means, or the number of clusters (the appended zero row). */
  source: tf.Tensor1D;
  /** Rows per cluster, [clusters, 1]. */
  counts: tf.Tensor2D;
  clusters: number;
}

/** The tying of one layer's labels, or undefined when tying would change nothing (no zero rows, no shared cluster). */
function deviceTying(labels: Int32Array): DeviceTying | undefined {
  let clusters = 0;
  for (const l of labels) clusters = Math.max(clusters, l + 1);
  const hasZeroRows = labels.some((l) => l < 0);
  if (!hasZeroRows && clusters === labels.length) return undefined;
  const live = Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  live.sort((a, b) => labels[a] - labels[b] || a - b);
  const counts = new Float32Array(clusters);
  for (const i of live) counts[labels[i]]++;
  return {
    order: tf.tensor1d(live, 'int32'),
    segments: tf.tensor1d(live.map((i) => labels[i]), 'int32'),
    source: tf.tensor1d(Array.from(labels, (l) => (l < 0 ? clusters : l)), 'int32'),
    counts: tf.tensor2d(counts, [clusters, 1]),
    clusters,
  };
}

/**
 * Every cluster's mean row, [clusters, rowLength], on the device. WebGPU's and WebGL's SparseSegmentMean read the
 * segment ids back synchronously, so where the backend has UnsortedSegmentSum (cpu, webgl, webgpu) the means are a
 * scatter-add divided by the counts; the wasm backend has no UnsortedSegmentSum, and its SparseSegmentMean reads
 * its own heap (no GPU in between).
 */
function clusterMeans(rows: tf.Tensor2D, tying: DeviceTying): tf.Tensor2D {
  if (tf.getKernel('UnsortedSegmentSum', tf.getBackend()) !== undefined) {
    return tf.div(tf.unsortedSegmentSum(tf.gather(rows, tying.order), tying.segments, tying.clusters), tying.counts);
  }
  return tf.sparse.sparseSegmentMean(rows, tying.order, tying.segments) as tf.Tensor2D;
}

/** The kernel with its rows tied (call inside tf.tidy). Rows are axis 2 of conv and axis 0 of dense kernels. */
function tieKernelRows(kernel: tf.Tensor, tying: DeviceTying): tf.Tensor {
  const shape = kernel.shape as number[];
  const conv = kernel.rank === 4;
  // Rows first, flattened: [rows, rowLength].
  const rowsFirst = conv ? tf.transpose(kernel, [2, 0, 1, 3]) : kernel;
  const rows = tf.reshape(rowsFirst, [conv ? shape[2] : shape[0], -1]) as tf.Tensor2D;
  // tf.fill runs on the device (tf.zeros would upload a fresh host array every step on WebGPU).
  const zeroRow = tf.fill([1, rows.shape[1]], 0);
  const table = tying.clusters > 0 ? tf.concat([clusterMeans(rows, tying), zeroRow], 0) : zeroRow;
  const tied = tf.gather(table, tying.source);
  if (!conv) return tied;
  return tf.transpose(tf.reshape(tied, [shape[2], shape[0], shape[1], shape[3]]), [1, 2, 0, 3]);
}

function rowCount(layer: Layer): number {
  return layer.spec.kind === 'conv' ? layer.spec.shape[2] : layer.spec.shape[0];
}
