/**
 * f_0 of K stacked runs: each network's GrOWL penalty Ω(θ_k) = Σ_layers Σ_j θ_j n_[j] (its row norms sorted in
 * decreasing order) as one tensor [K], from the stacked kernels, without a readback — what a run alone computes with
 * GrowlLayers.penaltyTensor, for all K at once; scaled (the relative penalty) by PenaltyObjective as alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../../experiment/config';
import { PenaltyObjective } from '../penaltyObjective';
import type { GrowlLayers } from '../sparsity';
import { sortedWeightedSumsKernel, webgpuKernelsReady } from '../webgpuKernels/webgpuKernels';
import type { StackedNetwork } from './stackedNetwork';
import { stackedRowNorms } from './stackedHooks';

export class StackedPenalty {
  private readonly layers: { name: string; theta: tf.Tensor1D }[];
  private readonly objective: PenaltyObjective<tf.Tensor1D>;

  /** `growl`: the GrOWL layers of one of the runs (the K runs share their layers and OWL weights). */
  constructor(
    private readonly network: StackedNetwork,
    growl: GrowlLayers,
    scale: TrainerConfig['penalty'],
  ) {
    this.layers = growl.layers.map((l, i) => ({ name: l.spec.name, theta: tf.tensor1d(Float32Array.from(growl.thetas[i])) }));
    this.objective = new PenaltyObjective(() => this.raw(), scale);
  }

  /** f_0 of every network, [K]; the caller disposes it. */
  value(): tf.Tensor1D {
    return this.objective.value();
  }

  dispose(): void {
    this.layers.forEach((l) => l.theta.dispose());
    this.objective.dispose();
  }

  /** Ω(θ_k) of every network, [K]. */
  private raw(): tf.Tensor1D {
    return tf.tidy(() => {
      let total: tf.Tensor1D = tf.zeros([this.network.count]);
      for (const { name, theta } of this.layers) {
        const norms = stackedRowNorms(this.network.layer(name).kernel);
        // On webgpu one program sorts by rank and sums for all K (topk takes about 60 a layer).
        if (webgpuKernelsReady()) total = sortedWeightedSumsKernel(total, norms, theta);
        else total = tf.add(total, tf.sum(tf.mul(tf.topk(norms, norms.shape[1], true).values, theta), 1));
      }
      return total;
    });
  }
}
