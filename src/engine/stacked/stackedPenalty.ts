/**
 * f_0 of K stacked runs: each network's GrOWL penalty Ω(θ_k) = Σ_layers Σ_j θ_j n_[j] (its row norms sorted in
 * decreasing order) as one tensor [K], from the stacked kernels, without a readback — what PenaltyObjective gives a run
 * alone, for all K at once. With the relative penalty, Ω(θ_k)/Ω(θ_k,0), Ω(θ_k,0) taken at the first step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../../experiment/config';
import type { GrowlLayers } from '../sparsity';
import { sortedWeightedSumsKernel, webgpuKernelsReady } from '../webgpuKernels/webgpuKernels';
import type { StackedNetwork } from './stackedNetwork';

export class StackedPenalty {
  private readonly layers: { name: string; theta: tf.Tensor1D }[];
  private initial: tf.Tensor1D | null = null;

  /** `growl`: the GrOWL layers of one of the runs (the K runs share their layers and OWL weights). */
  constructor(
    private readonly network: StackedNetwork,
    growl: GrowlLayers,
    private readonly scale: TrainerConfig['penalty'],
  ) {
    this.layers = growl.layers.map((l, i) => ({ name: l.spec.name, theta: tf.tensor1d(Float32Array.from(growl.thetas[i])) }));
  }

  /** Ω(θ_k) of every network, [K]; the caller disposes it. */
  value(): tf.Tensor1D {
    const raw = tf.tidy(() => {
      let total: tf.Tensor1D = tf.zeros([this.network.count]);
      for (const { name, theta } of this.layers) {
        const kernel = this.network.layer(name).kernel;
        // Rows are the input channels of a conv kernel [K, kh, kw, ci, co] and the inputs of a dense one [K, in, out].
        const norms = tf.sqrt(tf.sum(tf.square(kernel), kernel.rank === 5 ? [1, 2, 4] : [2])) as tf.Tensor2D;
        // On webgpu one program sorts by rank and sums for all K (topk takes about 60 a layer).
        if (webgpuKernelsReady()) total = sortedWeightedSumsKernel(total, norms, theta);
        else total = tf.add(total, tf.sum(tf.mul(tf.topk(norms, norms.shape[1], true).values, theta), 1));
      }
      return total;
    });
    if (this.scale === 'raw') return raw;
    this.initial ??= tf.tidy(() => tf.maximum(raw, 1e-12) as tf.Tensor1D);
    const relative = tf.div(raw, this.initial) as tf.Tensor1D;
    raw.dispose();
    return relative;
  }

  dispose(): void {
    this.layers.forEach((l) => l.theta.dispose());
    this.initial?.dispose();
  }
}
