/**
 * The K runs' step hooks on the stacked kernels: a per-step prox (SPEC's recipe) and a per-step tie (retraining with
 * tieEvery 'step') act on each run's slice of the stacked GrOWL kernels (GrowlLayers.hookKernels), so that the runs'
 * own networks need no copies around such a step. Every run asks in turn; the first question of a step reads the
 * stacked values once for all K (row norms [K, rows] per layer, or a layer's whole stacked kernel), and the runs'
 * changes are gathered and applied in one program a layer (`flush`) after the K hooks ran. Each run's arithmetic on
 * the host is its own, on the values it would read alone, so a run stays equal to the run alone. On webgpu a tie
 * reads nothing: the runs hand their labels, and one tie program a layer ties every run's rows on the stack, each
 * run's with the sums it would make alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { tieGather } from '../rowTying';
import type { HookKernels } from '../sparsity';
import { disposeTieGather, stackedRowNormsKernel, tieGatherTensors, tieRowsKernel, webgpuKernelsReady, type TieGatherTensors } from '../webgpuKernels/webgpuKernels';
import type { StackedNetwork } from './stackedNetwork';

/** The row norms of the K kernels of a stacked GrOWL layer, [K, rows]: rows are a conv kernel's input channels. */
export function stackedRowNorms(kernel: tf.Tensor): tf.Tensor2D {
  // One program on webgpu, the norms a run's own kernel gets alone (sparsity.ts rowNormsTensor).
  if (webgpuKernelsReady()) return stackedRowNormsKernel(kernel);
  // A conv kernel is [K, kh, kw, ci, co], a dense one [K, in, out].
  return tf.sqrt(tf.sum(tf.square(kernel), kernel.rank === 5 ? [1, 2, 4] : [2])) as tf.Tensor2D;
}

/** Shape that broadcasts [K, rows] over a stacked kernel. */
function rowScaleShape(kernel: tf.Tensor): number[] {
  const [k, ...shape] = kernel.shape;
  return kernel.rank === 5 ? [k, 1, 1, shape[2], 1] : [k, shape[0], 1];
}

export class StackedHooks {
  private norms: Promise<Float32Array[]> | null = null;
  private readonly reads = new Map<number, Promise<Float32Array>>();
  private readonly readValues = new Map<number, Float32Array>();
  /** Per layer, [K · rows] row scales (1 where a run scaled nothing). */
  private readonly scales = new Map<number, Float32Array>();
  /** Per layer, the K kernels' new values ([K · size], from what was read where a run wrote nothing). */
  private readonly writes = new Map<number, Float32Array>();
  /** Per layer, each run's tie labels on the device (null: the run ties nothing this step). */
  private readonly ties = new Map<number, (Int32Array | null)[]>();
  /** Per layer, the device index of the last labels tied (the same arrays every retraining step). */
  private readonly tieIndex = new Map<number, { labels: (Int32Array | null)[]; tensors: TieGatherTensors }>();

  /** `layers`: the names of the GrOWL layers, in the order of the runs' GrowlLayers. */
  constructor(
    private readonly network: StackedNetwork,
    private readonly layers: readonly string[],
  ) {}

  /** Run k's view: its slice of every stacked GrOWL kernel. */
  forRun(k: number): HookKernels {
    return {
      rowNorms: async () => (await this.allRowNorms()).map((norms) => this.slice(norms, k)),
      scaleRows: (i, scales) => {
        let all = this.scales.get(i);
        if (!all) this.scales.set(i, (all = new Float32Array(this.network.count * scales.length).fill(1)));
        all.set(scales, k * scales.length);
      },
      kernelValues: async (i) => this.slice(await this.read(i), k),
      setKernel: (i, values) => {
        const read = this.readValues.get(i);
        if (!read) throw new Error(`layer ${this.layers[i]}: a run's kernel is set before it was read`);
        let all = this.writes.get(i);
        if (!all) this.writes.set(i, (all = Float32Array.from(read)));
        all.set(values, k * values.length);
      },
      tieRows: (i, labels) => {
        let all = this.ties.get(i);
        if (!all) this.ties.set(i, (all = new Array<Int32Array | null>(this.network.count).fill(null)));
        all[k] = labels;
      },
    };
  }

  /** Applies the runs' changes to the stacked kernels: new values, ties, then row scales (one program a layer each). */
  flush(): void {
    try {
      this.layers.forEach((name, i) => {
        const kernel = this.network.layer(name).kernel;
        const values = this.writes.get(i);
        if (values) tf.tidy(() => kernel.assign(tf.tensor(values, kernel.shape)));
        const ties = this.ties.get(i);
        if (ties) {
          const index = this.tieIndexOf(i, ties);
          tf.tidy(() => kernel.assign(tieRowsKernel(kernel, index)));
        }
        const scales = this.scales.get(i);
        if (scales) tf.tidy(() => kernel.assign(tf.mul(kernel, tf.reshape(tf.tensor1d(scales), rowScaleShape(kernel)))));
      });
    } finally {
      this.discard();
    }
  }

  /** Forgets this step's reads and changes (the step failed: nothing is applied). */
  discard(): void {
    this.norms = null;
    this.reads.clear();
    this.readValues.clear();
    this.scales.clear();
    this.writes.clear();
    this.ties.clear();
  }

  /** Frees the device tie's index. */
  dispose(): void {
    this.discard();
    this.tieIndex.forEach(({ tensors }) => disposeTieGather(tensors));
    this.tieIndex.clear();
  }

  private tieIndexOf(layer: number, labels: (Int32Array | null)[]): TieGatherTensors {
    const known = this.tieIndex.get(layer);
    if (known && known.labels.every((l, k) => l === labels[k])) return known.tensors;
    if (known) disposeTieGather(known.tensors);
    const rows = labels.find((l) => l !== null)?.length ?? 0;
    const tensors = tieGatherTensors(tieGather(labels, rows));
    this.tieIndex.set(layer, { labels, tensors });
    return tensors;
  }

  private slice(values: Float32Array, k: number): Float32Array {
    const size = values.length / this.network.count;
    return values.subarray(k * size, (k + 1) * size);
  }

  private allRowNorms(): Promise<Float32Array[]> {
    this.norms ??= (async () => {
      const tensors = tf.tidy(() => this.layers.map((name) => stackedRowNorms(this.network.layer(name).kernel)));
      try {
        return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
      } finally {
        tensors.forEach((t) => t.dispose());
      }
    })();
    return this.norms;
  }

  private read(i: number): Promise<Float32Array> {
    let read = this.reads.get(i);
    if (!read) {
      read = this.network
        .layer(this.layers[i])
        .kernel.data()
        .then((values) => {
          this.readValues.set(i, values as Float32Array);
          return values as Float32Array;
        });
      this.reads.set(i, read);
    }
    return read;
  }
}
