/**
 * One optimiser step driven by a scalarization method, shared by the network Trainer and the teaching
 * trainer. Two gradient modes (the method's type says which it has, methods/types.ts):
 * - 'scalarized': differentiate method.loss(f) with respect to the model's and the method's variables;
 * - 'per-objective' (MGDA): one gradient per smooth objective, their Gram matrix read back, the method's
 *   weights applied to combine them into the step's gradient. This costs one forward and backward pass per
 *   objective.
 * Either way there is one readback per step in scalarized mode (f with the method's values) and two in
 * per-objective mode (f with the Gram matrix, before the step can be applied).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PerObjectiveMethod, ScalarizationMethod, ScalarizedMethod } from './types';

export interface MethodStepInputs<M extends ScalarizationMethod = ScalarizationMethod> {
  method: M;
  /**
   * Builds the objective vector f from the model's variables. Called inside a gradient scope (once per
   * smooth objective in per-objective mode); a non-smooth f_0 must enter as a tensor computed outside it.
   */
  objectives: () => tf.Tensor1D;
  /** The model's trainable variables (the method's own variables are added in scalarized mode). */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  /** Indices of the objectives that carry gradients (all but the GrOWL penalty f_0). */
  smoothObjectives: number[];
  /**
   * Tensors to read back with the step's values, made after the optimiser's step (the GrOWL row norms the step's prox
   * needs): one readback a step, not two. Scalarized mode only.
   */
  alsoRead?: () => tf.Tensor[];
}

export interface MethodStepValues {
  /** f at the start of the step. */
  objectives: number[];
  /** The method's read-back values (method.loss readback, then readbackAfterStep). */
  readback: number[];
  /** The values of `alsoRead`'s tensors, in its order (absent without it). */
  alsoRead?: Float32Array[];
}

export async function methodStep(inputs: MethodStepInputs): Promise<MethodStepValues> {
  const { method } = inputs;
  method.beginStep();
  switch (method.gradientMode) {
    case 'scalarized':
      return scalarizedStep({ ...inputs, method });
    case 'per-objective':
      return perObjectiveStep({ ...inputs, method });
  }
}

async function scalarizedStep({ method, objectives, variables, optimizer, alsoRead }: MethodStepInputs<ScalarizedMethod>): Promise<MethodStepValues> {
  let m = 0;
  let methodValues = 0;
  let extraSizes: number[] = [];
  const packed = tf.tidy(() => {
    let kept: tf.Tensor[] = [];
    const { grads } = tf.variableGrads(() => {
      const f = objectives();
      m = f.size;
      const { loss, readback } = method.loss(f);
      // Keep f and the method's values beyond the gradient scope for the reading.
      kept = [tf.keep(f), ...readback.map((r) => tf.keep(r))];
      return loss;
    }, [...variables, ...method.variables]);
    optimizer.applyGradients(grads);
    const own = [...kept, ...method.readbackAfterStep()];
    methodValues = own.reduce((n, t) => n + t.size, 0);
    const extra = alsoRead?.() ?? [];
    extraSizes = extra.map((t) => t.size);
    const out = tf.concat([...own, ...extra.map((t) => tf.reshape(t, [-1]))]);
    kept.forEach((tensor) => tensor.dispose());
    return out;
  });
  const data = (await packed.data()) as Float32Array;
  packed.dispose();
  const values = Array.from(data.subarray(0, methodValues));
  if (!alsoRead) return { objectives: values.slice(0, m), readback: values.slice(m) };
  let at = methodValues;
  const extra = extraSizes.map((size) => data.slice(at, (at += size)));
  return { objectives: values.slice(0, m), readback: values.slice(m), alsoRead: extra };
}

async function perObjectiveStep({ method, objectives, variables, optimizer, smoothObjectives }: MethodStepInputs<PerObjectiveMethod>): Promise<MethodStepValues> {
  const n = smoothObjectives.length;
  // Per objective: a map variable name → gradient (variables an objective does not reach are absent).
  const gradMaps: tf.NamedTensorMap[] = [];
  let m = 0;
  const packed = tf.tidy(() => {
    // f from the first pass, kept beyond its gradient scope for the readback.
    const first: tf.Tensor1D[] = [];
    for (const index of smoothObjectives) {
      const { grads } = tf.variableGrads(() => {
        const all = objectives();
        if (first.length === 0) {
          first.push(tf.keep(all));
          m = all.size;
        }
        return tf.reshape(tf.slice(all, [index], [1]), []) as tf.Scalar;
      }, variables);
      for (const g of Object.values(grads)) tf.keep(g);
      gradMaps.push(grads);
    }
    const gram: tf.Scalar[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gram.push(j < i ? gram[j * n + i] : dot(gradMaps[i], gradMaps[j]));
    const out = tf.concat([first[0], tf.stack(gram) as tf.Tensor1D]);
    first[0].dispose();
    return out;
  });
  try {
    const values = Array.from(await packed.data());
    const f = values.slice(0, m);
    const gram = Array.from({ length: n }, (_, i) => values.slice(m + i * n, m + (i + 1) * n));
    const weights = method.weightsFromGradients(gram, f);
    tf.tidy(() => {
      const combined: tf.NamedTensorMap = {};
      smoothObjectives.forEach((index, i) => {
        const w = weights[index];
        for (const [name, g] of Object.entries(gradMaps[i])) {
          const scaled = tf.mul(g, w);
          combined[name] = combined[name] ? tf.add(combined[name], scaled) : scaled;
        }
      });
      optimizer.applyGradients(combined);
    });
    return { objectives: f, readback: [] };
  } finally {
    packed.dispose();
    for (const grads of gradMaps) for (const g of Object.values(grads)) g.dispose();
  }
}

/** ⟨a, b⟩ summed over the variables both maps have (a missing gradient is zero). */
function dot(a: tf.NamedTensorMap, b: tf.NamedTensorMap): tf.Scalar {
  let total: tf.Scalar = tf.scalar(0);
  for (const [name, g] of Object.entries(a)) {
    const h = b[name];
    if (h) total = tf.add(total, tf.sum(tf.mul(g, h)));
  }
  return total;
}
