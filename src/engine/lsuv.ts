/**
 * LSUV initialisation (SPEC §2, an option for the sparse search phase; Mishkin & Matas, "All you need is a good
 * init", 2016): every conv/dense kernel starts orthonormal, then, layer by layer in forward order, is rescaled
 * until its output on one training batch has a standard deviation within 1 ± tolerance (at most `maxTries`
 * rescalings per layer). Seeded: the orthonormal matrices come from the run's Rng, the batch from the run's
 * first training batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MultiTaskNetwork } from './models';
import type { Rng } from './random';

export interface LsuvOptions {
  tolerance?: number;
  maxTries?: number;
}

export interface LsuvLayerReport {
  layer: string;
  /** Output std after the orthonormal init, and after the last rescaling. */
  initialStd: number;
  finalStd: number;
  tries: number;
}

/**
 * A [rows, cols] matrix with orthonormal columns (rows ≥ cols) or orthonormal rows (rows < cols): modified
 * Gram–Schmidt on Gaussian vectors, in float64. Row-major.
 */
export function orthonormalMatrix(rows: number, cols: number, rng: Rng): Float64Array {
  const count = Math.min(rows, cols);
  const length = Math.max(rows, cols);
  const vectors: Float64Array[] = [];
  while (vectors.length < count) {
    const v = Float64Array.from({ length }, () => rng.normal());
    for (const u of vectors) {
      let dot = 0;
      for (let i = 0; i < length; i++) dot += u[i] * v[i];
      for (let i = 0; i < length; i++) v[i] -= dot * u[i];
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue; // (a draw in the span of the others: probability 0, redrawn)
    for (let i = 0; i < length; i++) v[i] /= norm;
    vectors.push(v);
  }
  const out = new Float64Array(rows * cols);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < length; i++) {
      // rows ≥ cols: vector k is column k; otherwise it is row k.
      if (rows >= cols) out[i * cols + k] = vectors[k][i];
      else out[k * cols + i] = vectors[k][i];
    }
  }
  return out;
}

/**
 * Orthonormal kernels, then per layer (in the network's layer order, which is forward order within each trunk)
 * rescale by 1/std of its output on `x` until |std − 1| ≤ tolerance. Returns what each layer went through.
 */
export async function lsuvInit(network: MultiTaskNetwork, x: tf.Tensor4D, rng: Rng, options: LsuvOptions = {}): Promise<LsuvLayerReport[]> {
  const tolerance = options.tolerance ?? 0.1;
  const maxTries = options.maxTries ?? 10;
  for (const layer of network.layers) {
    const shape = layer.kernel.shape;
    const cols = shape[shape.length - 1];
    const rows = layer.kernel.size / cols;
    const values = orthonormalMatrix(rows, cols, rng);
    tf.tidy(() => layer.kernel.assign(tf.tensor(Float32Array.from(values), shape)));
  }
  const reports: LsuvLayerReport[] = [];
  for (const layer of network.layers) {
    const name = layer.spec.name;
    // Std (population) of the layer's output on x, from one forward pass.
    const outputStd = async (): Promise<number> => {
      const std = tf.tidy(() => {
        const found: tf.Tensor[] = [];
        network.forward(x, {
          mode: 'train',
          onLayerOutput: (n, output) => {
            if (n === name) found.push(tf.sqrt(tf.moments(output).variance));
          },
        });
        if (found.length !== 1) throw new Error(`LSUV: layer ${name} produced ${found.length} outputs`);
        return found[0];
      });
      const [value] = await std.data();
      std.dispose();
      return value;
    };
    let std = await outputStd();
    const initialStd = std;
    let tries = 0;
    while (Math.abs(std - 1) > tolerance && tries < maxTries && std > 0 && Number.isFinite(std)) {
      const scale = 1 / std;
      tf.tidy(() => layer.kernel.assign(tf.mul(layer.kernel, scale)));
      tries++;
      std = await outputStd();
    }
    reports.push({ layer: name, initialStd, finalStd: std, tries });
  }
  return reports;
}
