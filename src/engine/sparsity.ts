/**
 * GrOWL on the network's TF.js variables: the penalty as a tensor (it enters c_0 without a gradient), the
 * proximal step applied to each eligible layer, and row tying during retraining. The row-level mathematics
 * lives in growl.ts and rowTying.ts on plain numbers; this file moves data between them and the variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { owlWeights, proxLayerScales } from './growl';
import type { Layer } from './models';
import type { OwlKind } from '../experiment/choices';
import { clusterLayerRows, tieGather, tieRows } from './rowTying';
import type { ClusteringProgress } from './affinityPropagation';
import { noPause } from './interruption';
import { rowLayout } from './kernel';
import {
  disposeTieGather,
  rowNormsKernel,
  sortedWeightedSumKernel,
  tieGatherTensors,
  tieRowsKernel,
  webgpuKernelsReady,
  type TieGatherTensors,
} from './webgpuKernels/webgpuKernels';

/** Euclidean norm of every GrOWL row of a kernel variable, as a tensor [rows]. */
export function rowNormsTensor(kernel: tf.Tensor): tf.Tensor1D {
  if (webgpuKernelsReady()) return rowNormsKernel(kernel);
  const axes = kernel.rank === 4 ? [0, 1, 3] : [1];
  return tf.sqrt(tf.sum(tf.square(kernel), axes)) as tf.Tensor1D;
}

/** Shape that broadcasts a per-row vector over a kernel (rows are axis 2 of conv, axis 0 of dense kernels). */
function rowBroadcastShape(kernel: tf.Tensor): number[] {
  const shape = kernel.shape as number[];
  return kernel.rank === 4 ? [1, 1, shape[2], 1] : [shape[0], 1];
}

/**
 * Where a step hook's prox and tie read and change the GrOWL kernels when the run's own variables do not hold its
 * values: K runs at once (engine/stacked/stackedHooks.ts) hand each run its slice of the stacked kernels, and apply
 * the K runs' changes together after their step hooks.
 */
export interface HookKernels {
  /** Every layer's row norms. */
  rowNorms(): Promise<Float32Array[]>;
  /** Layer i's rows times `scales` (one per row). */
  scaleRows(layer: number, scales: Float32Array): void;
  kernelValues(layer: number): Promise<Float32Array>;
  setKernel(layer: number, values: Float32Array): void;
  /** Layer i's rows tied by `labels` on the device (the webgpu kernels' tie), with the other runs' changes. */
  tieRows(layer: number, labels: Int32Array): void;
}

export class GrowlLayers {
  readonly layers: Layer[];
  /** Set while a step hook acts on kernels held elsewhere (K runs at once); null: the layers' own variables. */
  hookKernels: HookKernels | null = null;
  /** OWL weights θ per layer (length = rows). */
  readonly thetas: Float64Array[];
  private readonly thetaTensors: tf.Tensor1D[];
  /** Per layer, 0 on the rows a holding prox zeroed and 1 elsewhere (broadcast over the kernel); none = not held. */
  private zeroRowMasks: (tf.Tensor | undefined)[] = [];
  /** Per layer, the device tie's index of the labels it last tied on webgpu (made once per clustering). */
  private deviceTie: ({ labels: Int32Array; gather: TieGatherTensors } | undefined)[] = [];

  constructor(layers: Layer[], owl: { kind: OwlKind; beta1: number; beta2: number }) {
    this.layers = layers;
    this.thetas = layers.map((l) => owlWeights(owl.kind, rowCount(l), owl.beta1, owl.beta2));
    this.thetaTensors = this.thetas.map((th) => tf.tensor1d(Float32Array.from(th)));
  }

  /**
   * Ω(θ) = Σ_layers Σ_j θ_j n_[j] as a scalar tensor, no readback: sorted by topk, or on webgpu by the rank-based
   * kernel (one program a layer instead of about 60).
   */
  penaltyTensor(): tf.Scalar {
    return tf.tidy(() => {
      let total: tf.Scalar = tf.scalar(0);
      this.layers.forEach((l, i) => {
        const norms = rowNormsTensor(l.kernel);
        if (webgpuKernelsReady()) {
          total = sortedWeightedSumKernel(total, norms, this.thetaTensors[i]);
          return;
        }
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

  /** Current row norms of every layer, as tensors (the caller reads and disposes them: one readback with others). */
  rowNormsTensors(): tf.Tensor1D[] {
    return tf.tidy(() => this.layers.map((l) => rowNormsTensor(l.kernel)));
  }

  /** Current row norms of every layer (one asynchronous readback per layer). */
  async rowNorms(): Promise<Float32Array[]> {
    const tensors = this.rowNormsTensors();
    try {
      return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
    } finally {
      tensors.forEach((t) => t.dispose());
    }
  }

  /**
   * prox_{ηΩ} on every layer, with at most maxZeroRows(layer) zero rows per layer (SPEC §3 layer cap).
   * Returns the number of zero rows after the step. `norms`: the layers' row norms as they are now, read already
   * (with a step's readings: one readback a step instead of two); without them the prox reads them.
   */
  async applyProx(eta: number, maxZeroRows: (rows: number) => number, options: { holdZeroRows?: boolean; norms?: readonly Float32Array[] } = {}): Promise<number> {
    const elsewhere = this.hookKernels;
    if (elsewhere && options.holdZeroRows) throw new Error('a holding prox keeps masks of its own kernels: it runs on them');
    if (elsewhere && options.norms) throw new Error('kernels held elsewhere have their norms read there');
    const norms = options.norms ?? (elsewhere ? await elsewhere.rowNorms() : await this.rowNorms());
    let zeroRows = 0;
    this.releaseZeroRowMasks();
    this.layers.forEach((layer, i) => {
      const thetaScaled = this.thetas[i].map((v) => v * eta);
      const scales = proxLayerScales(norms[i], thetaScaled, maxZeroRows(norms[i].length));
      let layerZeroRows = 0;
      for (const s of scales) if (s === 0) layerZeroRows++;
      zeroRows += layerZeroRows;
      if (elsewhere) {
        elsewhere.scaleRows(i, Float32Array.from(scales));
        return;
      }
      tf.tidy(() => {
        const s = tf.reshape(tf.tensor1d(Float32Array.from(scales)), rowBroadcastShape(layer.kernel));
        layer.kernel.assign(tf.mul(layer.kernel, s));
        if (options.holdZeroRows && layerZeroRows > 0) this.zeroRowMasks[i] = tf.keep(tf.cast(tf.notEqual(s, 0), 'float32'));
      });
    });
    return zeroRows;
  }

  /** Layer i's zero-row mask (0 on held rows, 1 elsewhere, broadcast over its kernel); undefined when none is held. */
  zeroRowMask(i: number): tf.Tensor | undefined {
    return this.zeroRowMasks[i];
  }

  /** Whether a holding prox left rows to hold at zero. */
  get holdsZeroRows(): boolean {
    return this.zeroRowMasks.some((mask) => mask !== undefined);
  }

  /** Sets the rows the last holding prox zeroed back to 0 (after an optimiser step moved them); on the device. */
  reapplyZeroRows(): void {
    // Kernels held elsewhere hold their zero rows there (StackedTrainer: the runs' masks on the stacked kernels).
    if (this.hookKernels) return;
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

  /**
   * Affinity Propagation labels of every layer's rows (−1 = zero row); `pause`: where it may yield or end
   * (interruption.ts); `progress`: told as each layer's clustering begins (null), and how far it got at each pause (it
   * takes seconds on large layers).
   */
  async clusterRows(preference: number, pause: () => Promise<void> = noPause, progress?: (layer: number, at: ClusteringProgress | null) => void): Promise<Int32Array[]> {
    const labels: Int32Array[] = [];
    for (const [i, layer] of this.layers.entries()) {
      progress?.(i, null);
      const values = await layer.kernel.data();
      labels.push(await clusterLayerRows({ shape: layer.kernel.shape, values }, preference, (at) => (progress?.(i, at), pause())));
    }
    return labels;
  }

  /**
   * Sets zero rows to 0 and every clustered row to its cluster's mean row: on webgpu (with Paretoscope's kernels) one
   * program a layer and no readback, elsewhere on the host in float64 (docs/decisions/row-tying.md).
   */
  async tie(labels: Int32Array[]): Promise<void> {
    if (webgpuKernelsReady()) {
      this.tieOnDevice(labels);
      return;
    }
    const elsewhere = this.hookKernels;
    for (let i = 0; i < this.layers.length; i++) {
      const kernel = this.layers[i].kernel;
      const values = elsewhere ? await elsewhere.kernelValues(i) : ((await kernel.data()) as Float32Array);
      const tied = tieRows({ shape: kernel.shape, values }, labels[i]);
      if (elsewhere) elsewhere.setKernel(i, tied);
      else tf.tidy(() => kernel.assign(tf.tensor(tied, kernel.shape)));
    }
  }

  private tieOnDevice(labels: Int32Array[]): void {
    const elsewhere = this.hookKernels;
    if (elsewhere) {
      labels.forEach((layerLabels, i) => elsewhere.tieRows(i, layerLabels));
      return;
    }
    this.layers.forEach((layer, i) => {
      let known = this.deviceTie[i];
      if (known?.labels !== labels[i]) {
        if (known) disposeTieGather(known.gather);
        known = this.deviceTie[i] = { labels: labels[i], gather: tieGatherTensors(tieGather([labels[i]], rowCount(layer))) };
      }
      const { gather } = known;
      tf.tidy(() => layer.kernel.assign(tieRowsKernel(layer.kernel, gather)));
    });
  }

  private releaseDeviceTie(): void {
    this.deviceTie.forEach((known) => known && disposeTieGather(known.gather));
    this.deviceTie = [];
  }

  dispose(): void {
    this.releaseDeviceTie();
    this.releaseZeroRowMasks();
    this.thetaTensors.forEach((t) => t.dispose());
  }
}

function rowCount(layer: Layer): number {
  return rowLayout(layer.spec.shape).rows;
}
