/**
 * A Pareto set model for problems small enough to have all their parameters generated: a hypernetwork (Navon et
 * al. 2021, "Pareto HyperNetworks"; LibMOON's PSL 'hyper' model) maps a preference k [m] to the whole parameter
 * vector θ(k) [P] of the problem,
 *   θ(k) = θ₀ + W₃ relu(W₂ relu(W₁ k + b₁) + b₂) + b₃,
 * where θ₀ is the problem's own seeded start (a constant), so that before training every preference starts where a
 * single run would. W₃ starts small (a tenth of Glorot) and b₃ at 0: θ(k) ≈ θ₀ at first, and the preference
 * still reaches the output through W₃ from the first step. Seeded; the model is one variable holding W₁ b₁ W₂ b₂ W₃ b₃
 * in that order, which is also how a trained model is saved and rebuilt.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';
import { hypernetworkShapes, hypernetworkSize, type HypernetworkShape } from './hypernetworkShape';

export { hypernetworkSize, type HypernetworkShape } from './hypernetworkShape';

function initialValues(shape: HypernetworkShape, seed: number): Float32Array[] {
  const rng = new Rng(seed).fork(501);
  const uniform = (count: number, limit: number) => Float32Array.from({ length: count }, () => (2 * rng.next() - 1) * limit);
  const { objectives: m, hidden: h, outputs: p } = shape;
  return [
    uniform(m * h, Math.sqrt(6 / m)),
    new Float32Array(h),
    uniform(h * h, Math.sqrt(6 / h)),
    new Float32Array(h),
    uniform(h * p, 0.1 * Math.sqrt(6 / (h + p))),
    new Float32Array(p),
  ];
}

export class Hypernetwork {
  readonly variables: tf.Variable[];
  private readonly start: tf.Tensor1D;
  private readonly shapes: number[][];

  /** `values`: a saved model's flattened values (hypernetworkSize of them); absent: the seeded initial values. */
  constructor(
    readonly shape: HypernetworkShape,
    start: Float32Array,
    seed: number,
    values?: ArrayLike<number>,
  ) {
    if (start.length !== shape.outputs) throw new Error(`the start has ${start.length} values, the model makes ${shape.outputs}`);
    const shapes = hypernetworkShapes(shape);
    let parts: Float32Array[];
    if (values) {
      if (values.length !== hypernetworkSize(shape)) throw new Error(`a saved model of this shape has ${hypernetworkSize(shape)} values, not ${values.length}`);
      let offset = 0;
      parts = shapes.map((s) => {
        const n = s.reduce((a, b) => a * b, 1);
        const part = Float32Array.from({ length: n }, (_, i) => values[offset + i]);
        offset += n;
        return part;
      });
    } else {
      parts = initialValues(shape, seed);
    }
    const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      flat.set(p, at);
      at += p.length;
    }
    // One variable for the whole model: the optimiser's update is one set of ops a step instead of six.
    this.variables = [tf.tidy(() => tf.variable(tf.tensor1d(flat), true))];
    this.shapes = shapes;
    this.start = tf.tensor1d(start);
  }

  /** The model's six tensors (W₁ b₁ W₂ b₂ W₃ b₃) as views of the one variable; call inside tidy. */
  private parts(): tf.Tensor[] {
    let offset = 0;
    return this.shapes.map((s) => {
      const n = s.reduce((a, b) => a * b, 1);
      const part = tf.reshape(tf.slice(this.variables[0], [offset], [n]), s);
      offset += n;
      return part;
    });
  }

  /** θ(k) for a batch of preferences k [B, m] → [B, P]. */
  parametersAt(k: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [w1, b1, w2, b2, w3, b3] = this.parts();
      const h1 = tf.relu(tf.add(tf.matMul(k, w1 as tf.Tensor2D), b1));
      const h2 = tf.relu(tf.add(tf.matMul(h1, w2 as tf.Tensor2D), b2));
      return tf.add(tf.add(tf.matMul(h2, w3 as tf.Tensor2D), b3), this.start) as tf.Tensor2D;
    });
  }

  /** The trained values (W₁ b₁ W₂ b₂ W₃ b₃ flattened: what a saved model holds). */
  async values(): Promise<Float32Array> {
    const parts = await Promise.all(this.variables.map((v) => v.data() as Promise<Float32Array>));
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.start.dispose();
  }
}
