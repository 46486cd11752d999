/**
 * Adam with its constants on the device: the same update as tf.train.adam (TF.js 4.22's AdamOptimizer,
 * operation for operation, so runs are bit-identical; on webgpu with Paretoscope's WGSL kernels the same arithmetic
 * in two programs a variable instead of fourteen, equal up to float32 rounding), but β₁, 1 − β₁, β₂, 1 − β₂, ε, 1 and −lr live in scalar
 * tensors created once instead of being passed as JS numbers. TF.js turns every JS number operand into a fresh
 * scalar tensor, i.e. on WebGPU/WebGL a fresh upload (on WebGPU a throw-away staging buffer): tf.train.adam made
 * 5 of them per variable per step (docs/decisions/device-adam.md). −lr is re-uploaded only when the learning rate
 * changes (once per outer iteration).
 *
 * Moments are kept per variable name (TF.js keys them by position in the gradient list): two variables, or with the
 * WGSL kernels one [2n] (first, then second), converted when the kernels' flag changes between steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_CONSTANTS, ADAM_CONSTANT_COUNT } from './webgpuKernels/adamPrograms';
import { adamConstantsKernel, adamMomentsKernel, adamUpdateKernel, webgpuKernelsReady } from './webgpuKernels/webgpuKernels';

type Moments = { packed: false; first: tf.Variable; second: tf.Variable } | { packed: true; both: tf.Variable };

export class DeviceConstantAdam extends tf.Optimizer {
  static get className(): string {
    return 'ParetoscopeAdam';
  }

  private learningRateValue: number;
  private negativeLearningRate: tf.Scalar;
  private readonly constants: { one: tf.Scalar; beta1: tf.Scalar; oneMinusBeta1: tf.Scalar; beta2: tf.Scalar; oneMinusBeta2: tf.Scalar; epsilon: tf.Scalar };
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private readonly moments = new Map<string, Moments>();
  /** β₁, 1 − β₁, β₂, 1 − β₂, ε, −lr at their ADAM_CONSTANTS places (the WGSL kernels' form); made when first used. */
  private fixedConstants: tf.Tensor1D | null = null;

  constructor(
    learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    super();
    this.learningRateValue = learningRate;
    this.negativeLearningRate = tf.keep(tf.scalar(-learningRate));
    this.constants = {
      one: tf.keep(tf.scalar(1)),
      beta1: tf.keep(tf.scalar(beta1)),
      oneMinusBeta1: tf.keep(tf.scalar(1 - beta1)),
      beta2: tf.keep(tf.scalar(beta2)),
      oneMinusBeta2: tf.keep(tf.scalar(1 - beta2)),
      epsilon: tf.keep(tf.scalar(epsilon)),
    };
    this.accBeta1 = tf.tidy(() => tf.scalar(beta1).variable(false));
    this.accBeta2 = tf.tidy(() => tf.scalar(beta2).variable(false));
  }

  get learningRate(): number {
    return this.learningRateValue;
  }

  /** Changes the learning rate (the moments are kept). */
  setLearningRate(learningRate: number): void {
    if (learningRate === this.learningRateValue) return;
    this.learningRateValue = learningRate;
    this.negativeLearningRate.dispose();
    this.negativeLearningRate = tf.keep(tf.scalar(-learningRate));
    this.fixedConstants?.dispose();
    this.fixedConstants = null;
  }

  private fixed(): tf.Tensor1D {
    if (!this.fixedConstants) {
      const values = new Float32Array(ADAM_CONSTANT_COUNT);
      values[ADAM_CONSTANTS.beta1] = this.beta1;
      values[ADAM_CONSTANTS.oneMinusBeta1] = 1 - this.beta1;
      values[ADAM_CONSTANTS.beta2] = this.beta2;
      values[ADAM_CONSTANTS.oneMinusBeta2] = 1 - this.beta2;
      values[ADAM_CONSTANTS.epsilon] = this.epsilon;
      values[ADAM_CONSTANTS.negLr] = -this.learningRateValue;
      this.fixedConstants = tf.keep(tf.tensor1d(values));
    }
    return this.fixedConstants;
  }

  applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const named: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const c = this.constants;
    tf.tidy(() => {
      const present = named.filter((entry): entry is [string, tf.Tensor] => entry[1] != null).map(([name, gradient]) => ({ value: tf.engine().registeredVariables[name], gradient }));
      if (webgpuKernelsReady()) this.applyWithKernels(present);
      else this.applyComposed(present);
      this.accBeta1.assign(tf.mul(this.accBeta1, c.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, c.beta2));
    });
    this.incrementIterations();
  }

  /** TF.js 4.22's AdamOptimizer, op for op. */
  private applyComposed(updates: { value: tf.Variable; gradient: tf.Tensor }[]): void {
    const c = this.constants;
    const oneMinusAccBeta1 = tf.sub(c.one, this.accBeta1);
    const oneMinusAccBeta2 = tf.sub(c.one, this.accBeta2);
    for (const { value, gradient } of updates) {
      const { first, second } = this.separateMoments(value);
      const newFirst = tf.add(tf.mul(first, c.beta1), tf.mul(gradient, c.oneMinusBeta1));
      const newSecond = tf.add(tf.mul(second, c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2));
      const correctedFirst = tf.div(newFirst, oneMinusAccBeta1);
      const correctedSecond = tf.div(newSecond, oneMinusAccBeta2);
      first.assign(newFirst);
      second.assign(newSecond);
      value.assign(tf.add(tf.mul(tf.div(correctedFirst, tf.add(tf.sqrt(correctedSecond), c.epsilon)), this.negativeLearningRate), value));
    }
  }

  /** The same arithmetic in the WGSL kernels: the step's constants once, then two programs a variable. */
  private applyWithKernels(updates: { value: tf.Variable; gradient: tf.Tensor }[]): void {
    const constants = adamConstantsKernel(this.fixed(), this.accBeta1 as tf.Scalar, this.accBeta2 as tf.Scalar);
    for (const { value, gradient } of updates) {
      const { both } = this.packedMoments(value);
      const moments = adamMomentsKernel(both as tf.Tensor1D, gradient, constants);
      both.assign(moments);
      value.assign(adamUpdateKernel(value, moments, constants));
    }
  }

  /** The moments as two variables of the value's shape (zero at first; unpacked if the kernels made them). */
  private separateMoments(value: tf.Variable): { first: tf.Variable; second: tf.Variable } {
    const name = value.name;
    const m = this.moments.get(name);
    if (m && !m.packed) return m;
    const separate = tf.tidy(() => {
      const [first, second] = m ? tf.split(m.both, 2).map((half) => tf.reshape(half, value.shape)) : [tf.zerosLike(value), tf.zerosLike(value)];
      return { packed: false as const, first: first.variable(false), second: second.variable(false) };
    });
    if (m) m.both.dispose();
    this.moments.set(name, separate);
    return separate;
  }

  /** The moments as one variable [2n], first then second (zero at first; packed if the composition made them). */
  private packedMoments(value: tf.Variable): { both: tf.Variable } {
    const name = value.name;
    const m = this.moments.get(name);
    if (m?.packed) return m;
    const packed = tf.tidy(() => ({
      packed: true as const,
      both: (m ? tf.concat([tf.reshape(m.first, [-1]), tf.reshape(m.second, [-1])]) : tf.zeros([2 * value.size])).variable(false),
    }));
    if (m) tf.dispose([m.first, m.second]);
    this.moments.set(name, packed);
    return packed;
  }

  override dispose(): void {
    super.dispose();
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    this.negativeLearningRate.dispose();
    Object.values(this.constants).forEach((t) => t.dispose());
    this.fixedConstants?.dispose();
    for (const m of this.moments.values()) tf.dispose(m.packed ? [m.both] : [m.first, m.second]);
    this.moments.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRateValue, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
