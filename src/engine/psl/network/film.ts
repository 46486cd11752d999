/**
 * FiLM conditioning (Perez et al. 2018; YOTO, Dosovitskiy & Djolonga 2020; as in GMOOAR for MultiMNIST): a small
 * seeded MLP maps the preference r to a per-channel scale and shift of every conditioned trunk output,
 * h ← h · (1 + γ(r)) + β(r). The last layer starts at zero, so the untrained conditioner is the identity and the
 * network starts as the plain one. A few hundred parameters instead of a hypernetwork's ~100× the base net.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../random';

/** A conditioned layer output and its channel count (the last axis). */
export interface FilmTarget {
  layer: string;
  channels: number;
}

/** γ and β [B, channels] per conditioned layer, for one preference (B = 1) or one per example. */
export type FilmModulation = Map<string, { gamma: tf.Tensor2D; beta: tf.Tensor2D }>;

let filmInstances = 0;

export class FilmConditioner {
  readonly targets: FilmTarget[];
  /** w1 [inputs, hidden], b1 [hidden], w2 [hidden, 2 Σ channels], b2 [2 Σ channels]. */
  readonly variables: tf.Variable[];
  private readonly offsets: number[] = [];
  private readonly total: number;

  constructor(inputs: number, targets: FilmTarget[], hidden: number, rng: Rng) {
    this.targets = targets;
    let offset = 0;
    for (const t of targets) {
      this.offsets.push(offset);
      offset += t.channels;
    }
    this.total = offset;
    const id = filmInstances++;
    const limit = Math.sqrt(6 / (inputs + hidden));
    const w1 = Float32Array.from({ length: inputs * hidden }, () => (2 * rng.next() - 1) * limit);
    // Names must be unique: DeviceConstantAdam keys its moments by variable name.
    this.variables = tf.tidy(() => [
      tf.variable(tf.tensor2d(w1, [inputs, hidden]), true, `psl.film${id}.w1`),
      tf.variable(tf.zeros([hidden]), true, `psl.film${id}.b1`),
      tf.variable(tf.zeros([hidden, 2 * this.total]), true, `psl.film${id}.w2`),
      tf.variable(tf.zeros([2 * this.total]), true, `psl.film${id}.b2`),
    ]);
  }

  get parameterCount(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  /**
   * γ(r), β(r) [B, channels] for r [inputs] (B = 1) or one preference per example, r [B, inputs]. Call inside tidy
   * or a gradient scope (differentiable w.r.t. the MLP).
   */
  modulation(r: tf.Tensor1D | tf.Tensor2D): FilmModulation {
    const [w1, b1, w2, b2] = this.variables;
    const rows = r.rank === 1 ? (tf.reshape(r, [1, -1]) as tf.Tensor2D) : (r as tf.Tensor2D);
    const batch = rows.shape[0];
    const hidden = tf.tanh(tf.add(tf.matMul(rows, w1), b1));
    const out = tf.add(tf.matMul(hidden, w2), b2);
    const modulation: FilmModulation = new Map();
    this.targets.forEach((t, i) => {
      const gamma = tf.slice(out, [0, this.offsets[i]], [batch, t.channels]) as tf.Tensor2D;
      const beta = tf.slice(out, [0, this.total + this.offsets[i]], [batch, t.channels]) as tf.Tensor2D;
      modulation.set(t.layer, { gamma, beta });
    });
    return modulation;
  }

  /** γ(r), β(r) as tensors kept beyond any scope (no gradient), and the way to release them: for evaluation. */
  detachedModulation(r: readonly number[]): { modulation: FilmModulation; dispose: () => void } {
    const tensors = tf.tidy(() => [...this.modulation(tf.tensor1d(r as number[])).values()].flatMap((m) => [m.gamma, m.beta]));
    const modulation: FilmModulation = new Map(this.targets.map((t, i) => [t.layer, { gamma: tensors[2 * i], beta: tensors[2 * i + 1] }]));
    return { modulation, dispose: () => tensors.forEach((t) => t.dispose()) };
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }
}

/** h · (1 + γ) + β over h's last axis, per example (h unchanged for a layer without modulation). */
export function applyFilm(modulation: FilmModulation, layer: string, h: tf.Tensor): tf.Tensor {
  const m = modulation.get(layer);
  if (!m) return h;
  const shape = h.rank === 4 ? [m.gamma.shape[0], 1, 1, m.gamma.shape[1]] : m.gamma.shape;
  return tf.add(tf.mul(h, tf.reshape(tf.add(m.gamma, 1), shape)), tf.reshape(m.beta, shape));
}
