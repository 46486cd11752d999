/**
 * The sparsity axis of a PSL network: preference-conditioned nested row masks over the GrOWL-eligible layers.
 * At preference r every eligible layer keeps its rows with the largest norms and zeroes the rest; the zeroed
 * fraction z(k₀) = maskSparsity · min(1, k₀ / fullSparsityK0) grows monotonically with k₀, so k₀ = 0 is the
 * dense network, and the masks at a larger k₀ are subsets of those at a smaller one (the same norm order).
 *
 * Zeroing row i of a layer's kernel is the same function as zeroing input feature i of that layer, i.e. feature
 * i of the previous stage's output: the masks are applied there, through the forward pass's `condition` hook,
 * without touching the weights. Evaluation reports the sparsity of the kernels with those rows set to 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelValues } from '../../kernel';
import type { Layer, MultiTaskNetwork } from '../../models';
import { rowNormsTensor } from '../../sparsity';

/** An eligible layer and the trunk output its rows read. */
export interface MaskedLayer {
  layer: Layer;
  /** Name of the layer whose stage output feeds this one. */
  source: string;
  rows: number;
}

/** Every GrOWL-eligible layer with its source: the previous stage of the same trunk (eligible layers never read the image). */
export function maskedLayers(network: MultiTaskNetwork): MaskedLayer[] {
  const out: MaskedLayer[] = [];
  network.layers.forEach((layer, i) => {
    if (layer.spec.isHead || layer.spec.readsInput) return;
    const rows = layer.spec.kind === 'conv' ? layer.spec.shape[2] : layer.spec.shape[0];
    out.push({ layer, source: network.layers[i - 1].spec.name, rows });
  });
  return out;
}

/** Zero-row fraction of every eligible layer at sparsity weight k₀: 0 at k₀ = 0, linear up to the cap. */
export function zeroRowFraction(k0: number, schedule: { maskSparsity: number; fullSparsityK0: number }): number {
  return schedule.maskSparsity * Math.min(1, Math.max(0, k0) / schedule.fullSparsityK0);
}

/** Rows a layer of `rows` rows keeps at zero-row fraction z (at least one). */
export function keptRows(rows: number, z: number): number {
  return Math.max(1, rows - Math.floor(z * rows + 1e-9));
}

/**
 * Row masks [rows] (1 keep, 0 zero) of every masked layer at zero-row fraction z, null where a layer keeps all
 * its rows. The kept rows are those with the largest current norms. The caller disposes the masks. Computed from
 * the weights' values only (no gradient flows through the choice: it is a constant of the step).
 */
export function rowMasks(layers: MaskedLayer[], z: number): (tf.Tensor1D | null)[] {
  return layers.map(({ layer, rows }) => {
    const keep = keptRows(rows, z);
    if (keep >= rows) return null;
    return tf.tidy(() => {
      const norms = rowNormsTensor(layer.kernel);
      const threshold = tf.min(tf.topk(norms, keep, true).values);
      return tf.cast(tf.greaterEqual(norms, threshold), 'float32') as tf.Tensor1D;
    });
  });
}

/**
 * h with the features a mask zeroes set to 0. The mask is [rows] (one for the batch) or [B, rows] (one per example);
 * its rows cover h's features ([h, w, c] flattened) or its channels.
 */
export function applyRowMask(mask: tf.Tensor1D | tf.Tensor2D, h: tf.Tensor): tf.Tensor {
  const [b, rows] = mask.rank === 1 ? [1, mask.size] : mask.shape;
  const features = h.shape.slice(1);
  const size = features.reduce((x, y) => x * y, 1);
  if (rows === size) return tf.mul(h, tf.reshape(mask, [b, ...features]));
  if (rows === h.shape[h.rank - 1]) return tf.mul(h, tf.reshape(mask, h.rank === 4 ? [b, 1, 1, rows] : [b, rows]));
  throw new Error(`row mask of ${rows} rows does not fit an output of shape [${h.shape.join(', ')}]`);
}

/**
 * Per-example masks [N, rows] for a batch split into groups of `sizes` examples, group g at zero-row fraction zs[g]
 * (null for a layer that keeps all its rows in every group). The caller disposes them.
 */
export function groupRowMasks(layers: MaskedLayer[], zs: readonly number[], sizes: readonly number[]): (tf.Tensor2D | null)[] {
  const perGroup = zs.map((z) => rowMasks(layers, z));
  try {
    return layers.map(({ rows }, i) => {
      if (perGroup.every((g) => g[i] === null)) return null;
      return tf.tidy(() => {
        const blocks = perGroup.map((g, j) => tf.tile(tf.reshape(g[i] ?? tf.ones([rows]), [1, rows]), [sizes[j], 1]));
        return tf.concat(blocks, 0) as tf.Tensor2D;
      });
    });
  } finally {
    perGroup.forEach((g) => g.forEach((m) => m?.dispose()));
  }
}

/** A mask [rows] shaped to broadcast over a kernel's rows (conv: axis 2, dense: axis 0). */
function kernelMask(kernel: tf.Tensor, mask: tf.Tensor1D): tf.Tensor {
  return tf.reshape(mask, kernel.rank === 4 ? [1, 1, mask.size, 1] : [mask.size, 1]);
}

/** Kernels of every conv/dense layer with the masked rows set to 0 (for rowMetrics: the model at this preference). */
export async function maskedKernelValues(network: MultiTaskNetwork, layers: MaskedLayer[], masks: (tf.Tensor1D | null)[]): Promise<KernelValues[]> {
  const byName = new Map(layers.map((l, i) => [l.layer.spec.name, masks[i]]));
  const out: KernelValues[] = [];
  for (const layer of network.layers) {
    const mask = byName.get(layer.spec.name);
    if (!mask) {
      out.push({ shape: layer.kernel.shape, values: (await layer.kernel.data()) as Float32Array });
      continue;
    }
    const masked = tf.tidy(() => tf.mul(layer.kernel, kernelMask(layer.kernel, mask)));
    try {
      out.push({ shape: masked.shape, values: (await masked.data()) as Float32Array });
    } finally {
      masked.dispose();
    }
  }
  return out;
}

/** The GrOWL penalty Ω = Σ_layers Σ_j θ_j n_[j] of the masked kernels (SPEC §3), as a scalar; call inside tidy. */
export function maskedPenalty(layers: MaskedLayer[], masks: (tf.Tensor1D | null)[], thetas: tf.Tensor1D[]): tf.Scalar {
  let total: tf.Scalar = tf.scalar(0);
  layers.forEach(({ layer }, i) => {
    const mask = masks[i];
    const norms = mask ? tf.mul(rowNormsTensor(layer.kernel), mask) : rowNormsTensor(layer.kernel);
    const sorted = tf.topk(norms, norms.shape[0], true).values;
    total = tf.add(total, tf.sum(tf.mul(sorted, thetas[i])));
  });
  return total;
}
