/**
 * Adam with its constants on the device: the same update as tf.train.adam (TF.js 4.22's AdamOptimizer,
 * operation for operation, so runs are bit-identical; on webgpu with Paretoscope's WGSL kernels the same arithmetic
 * in three programs a variable instead of fourteen, equal up to float32 rounding), but β₁, 1 − β₁, β₂, 1 − β₂, ε, 1 and −lr live in scalar
 * tensors created once instead of being passed as JS numbers. TF.js turns every JS number operand into a fresh
 * scalar tensor, i.e. on WebGPU/WebGL a fresh upload (on WebGPU a throw-away staging buffer): tf.train.adam made
 * 5 of them per variable per step (docs/decisions/device-adam.md). −lr is re-uploaded only when the learning rate
 * changes (once per outer iteration).
 *
 * Moments are kept per variable name (TF.js keys them by position in the gradient list).
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamMomentKernel, adamUpdateKernel, webgpuKernelsReady } from './webgpuKernels/webgpuKernels';

interface Moments {
  first: tf.Variable;
  second: tf.Variable;
}

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
  }

  applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const named: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const c = this.constants;
    const fused = webgpuKernelsReady();
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(c.one, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(c.one, this.accBeta2);
      for (const [name, gradient] of named) {
        if (gradient == null) continue;
        const value = tf.engine().registeredVariables[name];
        const { first, second } = this.momentsOf(name, value);
        if (fused) {
          const newFirst = adamMomentKernel(first, gradient, c.beta1, c.oneMinusBeta1, false);
          const newSecond = adamMomentKernel(second, gradient, c.beta2, c.oneMinusBeta2, true);
          first.assign(newFirst);
          second.assign(newSecond);
          value.assign(adamUpdateKernel(value, newFirst, newSecond, { correction1: oneMinusAccBeta1, correction2: oneMinusAccBeta2, epsilon: c.epsilon, negLr: this.negativeLearningRate }));
          continue;
        }
        const newFirst = tf.add(tf.mul(first, c.beta1), tf.mul(gradient, c.oneMinusBeta1));
        const newSecond = tf.add(tf.mul(second, c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2));
        const correctedFirst = tf.div(newFirst, oneMinusAccBeta1);
        const correctedSecond = tf.div(newSecond, oneMinusAccBeta2);
        first.assign(newFirst);
        second.assign(newSecond);
        value.assign(tf.add(tf.mul(tf.div(correctedFirst, tf.add(tf.sqrt(correctedSecond), c.epsilon)), this.negativeLearningRate), value));
      }
      this.accBeta1.assign(tf.mul(this.accBeta1, c.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, c.beta2));
    });
    this.incrementIterations();
  }

  private momentsOf(name: string, value: tf.Variable): Moments {
    let m = this.moments.get(name);
    if (!m) {
      m = {
        first: tf.tidy(() => tf.zerosLike(value).variable(false)),
        second: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      this.moments.set(name, m);
    }
    return m;
  }

  override dispose(): void {
    super.dispose();
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    this.negativeLearningRate.dispose();
    Object.values(this.constants).forEach((t) => t.dispose());
    for (const { first, second } of this.moments.values()) {
      first.dispose();
      second.dispose();
    }
    this.moments.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRateValue, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
