/**
 * The K runs' methods as one scalarization of the stacked objectives f [K, objectives]: the K losses summed, and what
 * each run's method reads back, a row a run. Chebyshev-AL has a batched form: one epigraph variable t [K] in place of
 * the runs' own, and the constraints and Augmented Lagrangians of all K runs in the programs of one run
 * (chebyshev.ts chebyshevAlRowTensors), each run's k, λ and μ read from its method every step. So has linear
 * scalarization: Σ_k Σ_i k_ki (f_ki − a_ki), the runs' weights as a [K, objectives] matrix. Any other method computes
 * each run's loss from its row, with its own variables. Either way run k's values are those of its method alone
 * (stackedStep.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { chebyshevAlRowTensors } from '../chebyshev';
import type { ScalarizedMethod } from '../methods';
import { ChebyshevAlMethod } from '../methods/chebyshevAl';
import { LinearMethod } from '../methods/linear';

export interface StackedLoss {
  /** The sum of the K runs' losses. */
  loss: tf.Scalar;
  /** What each run's method reads back with f, [K, r]; null when nothing. */
  readback: tf.Tensor2D | null;
}

export interface StackedScalarization {
  /** Trained with the stacked network's variables. */
  readonly variables: tf.Variable[];
  beginStep(): void;
  /** The runs' losses of f [K, objectives]. Call inside a gradient scope. */
  loss(f: tf.Tensor2D): StackedLoss;
  /** What each run's method reads back after the optimiser step, [K, s]; null when nothing. Call inside tidy. */
  readbackAfterStep(): tf.Tensor2D | null;
  dispose(): void;
}

/** The batched form where the runs' method has one, else a row each. */
export function stackedScalarization(methods: readonly ScalarizedMethod[]): StackedScalarization {
  if (methods.every((m): m is ChebyshevAlMethod => m instanceof ChebyshevAlMethod)) return new StackedChebyshevAl(methods);
  if (methods.every((m): m is LinearMethod => m instanceof LinearMethod)) return new StackedLinear(methods);
  return new RowwiseScalarization(methods);
}

/** Run k's tensors [n] as row k of a [K, n] matrix; null when they hold nothing. */
function rowsOf(perRun: tf.Tensor1D[][]): tf.Tensor2D | null {
  if (perRun[0].length === 0) return null;
  return tf.stack(perRun.map((parts) => (parts.length === 1 ? parts[0] : tf.concat(parts)))) as tf.Tensor2D;
}

class StackedChebyshevAl implements StackedScalarization {
  readonly variables: tf.Variable[];
  private readonly t: tf.Variable;

  constructor(private readonly methods: readonly ChebyshevAlMethod[]) {
    // The runs' own t stay as they are: while stacked, this t [K] is trained in their place.
    this.t = tf.tidy(() => tf.variable(tf.stack(methods.map((m) => tf.reshape(m.epigraph, []))), true));
    this.variables = [this.t];
  }

  beginStep(): void {
    this.methods.forEach((m) => m.beginStep());
  }

  loss(f: tf.Tensor2D): StackedLoss {
    const [first] = this.methods;
    const { constraints, losses } = chebyshevAlRowTensors(
      first.variant,
      f,
      this.t as tf.Tensor1D,
      this.methods.map((m) => m.alRow),
      first.epsilon,
    );
    return { loss: tf.sum(losses), readback: constraints };
  }

  readbackAfterStep(): tf.Tensor2D {
    return tf.reshape(this.t, [this.methods.length, 1]);
  }

  dispose(): void {
    this.t.dispose();
  }
}

class StackedLinear implements StackedScalarization {
  readonly variables: tf.Variable[] = [];

  constructor(private readonly methods: readonly LinearMethod[]) {}

  beginStep(): void {
    this.methods.forEach((m) => m.beginStep());
  }

  loss(f: tf.Tensor2D): StackedLoss {
    // Read every step: a run re-targeted in the middle of the stack sums with its new weights.
    const sums = this.methods.map((m) => m.weightedSum);
    const k = tf.tensor2d(sums.map((s) => s.k));
    const a = tf.tensor2d(sums.map((s) => s.a));
    return { loss: tf.sum(tf.mul(k, tf.sub(f, a))), readback: null };
  }

  readbackAfterStep(): null {
    return null;
  }

  dispose(): void {}
}

class RowwiseScalarization implements StackedScalarization {
  readonly variables: tf.Variable[];

  constructor(private readonly methods: readonly ScalarizedMethod[]) {
    this.variables = methods.flatMap((m) => m.variables);
  }

  beginStep(): void {
    this.methods.forEach((m) => m.beginStep());
  }

  loss(f: tf.Tensor2D): StackedLoss {
    const objectives = f.shape[1];
    // Slices, not tf.unstack: TF.js's Unpack gradient fails for a single output (K = 1).
    const parts = this.methods.map((method, k) => method.loss(tf.reshape(tf.slice(f, [k, 0], [1, objectives]), [objectives]) as tf.Tensor1D));
    // Not tf.addN: on webgpu its one program binds every input, and past 7 it exceeds the storage-buffer limit.
    return { loss: tf.sum(tf.stack(parts.map((p) => p.loss))), readback: rowsOf(parts.map((p) => p.readback)) };
  }

  readbackAfterStep(): tf.Tensor2D | null {
    return rowsOf(this.methods.map((m) => m.readbackAfterStep()));
  }

  dispose(): void {}
}
