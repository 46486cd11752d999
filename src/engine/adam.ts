/**
 * Adam with its constants on the device: the same update as tf.train.adam (TF.js 4.22's AdamOptimizer,
 * operation for operation, so runs are bit-identical; on webgpu with Paretoscope's WGSL kernels the same arithmetic
 * written in place, three variables a program at WebGPU's default limits instead of fourteen programs a variable,
 * equal up to float32 rounding), but β₁, 1 − β₁, β₂, 1 − β₂, ε, 1 and −lr live in scalar
 * tensors created once instead of being passed as JS numbers. TF.js turns every JS number operand into a fresh
 * scalar tensor, i.e. on WebGPU/WebGL a fresh upload (on WebGPU a throw-away staging buffer): tf.train.adam made
 * 5 of them per variable per step (docs/decisions/device-adam.md). −lr is re-uploaded only when the learning rate
 * changes (once per outer iteration).
 *
 * Moments are kept per variable name (TF.js keys them by position in the gradient list): two variables each for the
 * composition, or with the WGSL kernels a place in one arena tensor of all variables (webgpuKernels/adamInPlace.ts),
 * moved from one form to the other when the kernels' flag changes between steps. In place, a variable's buffer is
 * rewritten, so a variable whose data another tensor shares (a clone, a snapshot), or whose read (data()) is not yet
 * answered, is first given a copy of its own: the read answers with the values it was asked at and cannot leave them
 * cached as the variable's after the step (adamInPlace.ts trackReads).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_CONSTANTS, ADAM_CONSTANT_COUNT } from './webgpuKernels/adamPrograms';
import { fusedAdamGroupSize, maxBindingBytes, runFusedAdam, trackReads, writableInPlace, type InPlaceBackend } from './webgpuKernels/adamInPlace';
import { adamConstantsKernel, webgpuKernelsReady } from './webgpuKernels/webgpuKernels';

type Separate = { first: tf.Variable; second: tf.Variable };
/** The in-place form of the moments: one tensor, each variable's first then second moments at its offset. */
interface Arena {
  tensor: tf.Tensor1D;
  at: Map<string, { offset: number; size: number; shape: number[] }>;
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
  /** The moments per variable name: two variables each (the composition's form), or a place in the arena. */
  private readonly separate = new Map<string, Separate>();
  private arena: Arena | null = null;
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
    // From here on (not only from the first step): a read of a variable asked before that step is known to it.
    if (webgpuKernelsReady()) trackReads(tf.backend() as unknown as InPlaceBackend);
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
      if (!(webgpuKernelsReady() && this.applyInPlace(present))) this.applyComposed(present);
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

  /**
   * The same arithmetic in WGSL: the step's constants in one program, then every variable's moments and value in
   * place, fusedAdamGroupSize() variables a dispatch (adamInPlace.ts). False, before anything is done, where it
   * cannot: a variable named twice, or an arena larger than a binding may be.
   */
  private applyInPlace(updates: { value: tf.Variable; gradient: tf.Tensor }[]): boolean {
    const backend = tf.backend() as unknown as InPlaceBackend;
    if (new Set(updates.map(({ value }) => value.name)).size !== updates.length) return false;
    // Nothing to update in an empty variable (and WebGPU binds no empty buffer).
    const live = updates.filter(({ value }) => value.size > 0);
    for (const { value, gradient } of live) if (gradient.size !== value.size) throw new Error(`Adam: the gradient of ${value.name} has ${gradient.size} elements, the variable ${value.size}`);
    const arena = this.arenaFor(live.map(({ value }) => value), maxBindingBytes(backend));
    if (!arena) return false;
    const reads = trackReads(backend);
    for (const { value } of live) {
      const reading = reads.get(value.dataId);
      if (!reading && writableInPlace(backend, value)) continue;
      // Shared with another tensor (a clone, a snapshot), or read and not yet answered: the variable gets a buffer of
      // its own, x · 1 = x. A read's data lives on until it is answered, with the values it was asked at.
      if (reading) {
        const held = tf.keep(tf.clone(value));
        void Promise.allSettled([...reading]).then(() => held.dispose());
      }
      const own = tf.mul(value, this.constants.one);
      value.assign(own);
      own.dispose();
      if (!writableInPlace(backend, value)) throw new Error(`Adam: ${value.name} has no buffer of its own after a copy`);
    }
    // A gradient that is a value's buffer cannot be bound beside it written: it is read from a copy.
    const written = new Set(live.map(({ value }) => value.dataId));
    const flat = (t: tf.Tensor): tf.TensorInfo => ({ dataId: t.dataId, shape: [t.size], dtype: t.dtype });
    const members = live.map(({ value, gradient }) => ({
      value: flat(value),
      gradient: flat(written.has(gradient.dataId) ? tf.mul(gradient, this.constants.one) : gradient),
      offset: arena.at.get(value.name)!.offset,
    }));
    const constants = adamConstantsKernel(this.fixed(), this.accBeta1 as tf.Scalar, this.accBeta2 as tf.Scalar);
    const group = fusedAdamGroupSize(backend);
    for (let i = 0; i < members.length; i += group) runFusedAdam(backend, flat(arena.tensor), flat(constants), members.slice(i, i + group));
    return true;
  }

  /**
   * The moments arena holding every variable of `values` (the variables seen before stay in it): grown by the new
   * ones — their moments moved from the composition's variables, or zero — or null where it would be larger than
   * `maxBytes`.
   */
  private arenaFor(values: tf.Variable[], maxBytes: number): Arena | null {
    const held = this.arena;
    for (const value of values) {
      const place = held?.at.get(value.name);
      if (place && place.size !== value.size) throw new Error(`Adam: ${value.name} has ${value.size} elements, its moments ${place.size}`);
    }
    const missing = values.filter((value) => !held?.at.has(value.name));
    if (held && missing.length === 0) return held;
    const size = (held?.tensor.size ?? 0) + 2 * missing.reduce((n, value) => n + value.size, 0);
    if (4 * size > maxBytes) return null;
    const at = new Map(held?.at ?? []);
    const pieces: tf.Tensor[] = held ? [held.tensor] : [];
    let offset = held?.tensor.size ?? 0;
    for (const value of missing) {
      const separate = this.separate.get(value.name);
      pieces.push(separate ? tf.concat([tf.reshape(separate.first, [-1]), tf.reshape(separate.second, [-1])]) : tf.zeros([2 * value.size]));
      if (separate) tf.dispose([separate.first, separate.second]);
      this.separate.delete(value.name);
      at.set(value.name, { offset, size: value.size, shape: value.shape });
      offset += 2 * value.size;
    }
    // (tf.concat of one tensor would share its data: the arena must hold its own.)
    const tensor = tf.keep(pieces.length === 1 ? pieces[0] : tf.concat(pieces)) as tf.Tensor1D;
    held?.tensor.dispose();
    this.arena = { tensor, at };
    return this.arena;
  }

  /** The moments as two variables of the value's shape (zero at first; the whole arena unpacked if it holds them). */
  private separateMoments(value: tf.Variable): Separate {
    if (this.arena?.at.has(value.name)) this.unpackArena(this.arena);
    let separate = this.separate.get(value.name);
    if (!separate) {
      separate = tf.tidy(() => ({ first: tf.zerosLike(value).variable(false), second: tf.zerosLike(value).variable(false) }));
      this.separate.set(value.name, separate);
    }
    return separate;
  }

  private unpackArena(arena: Arena): void {
    tf.tidy(() => {
      for (const [name, { offset, size, shape }] of arena.at) {
        const half = (start: number) => tf.reshape(tf.slice(arena.tensor, start, size), shape).variable(false);
        this.separate.set(name, { first: half(offset), second: half(offset + size) });
      }
    });
    arena.tensor.dispose();
    this.arena = null;
  }

  override dispose(): void {
    super.dispose();
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    this.negativeLearningRate.dispose();
    Object.values(this.constants).forEach((t) => t.dispose());
    this.fixedConstants?.dispose();
    for (const { first, second } of this.separate.values()) tf.dispose([first, second]);
    this.separate.clear();
    this.arena?.tensor.dispose();
    this.arena = null;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRateValue, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
