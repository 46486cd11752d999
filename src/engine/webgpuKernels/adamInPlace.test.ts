/**
 * Adam's in-place update (adamInPlace.ts through DeviceConstantAdam) against the two programs a variable it
 * replaces and the TF.js composition, on variables of MDMTN's shapes; a variable whose data is shared is not
 * written in place; gradients that are a written buffer, variables left out of a step, a value read before the
 * step; the programs of a step for N variables; no tensors left behind. Dawn + SwiftShader in Node.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { DeviceConstantAdam } from '../adam';
import { MultiTaskNetwork } from '../models';
import { expectClose, normals } from '../testing/kernelComparison';
import { countPrograms, webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { fusedAdamGroupSize, type InPlaceBackend } from './adamInPlace';
import { ADAM_CONSTANT_COUNT, ADAM_CONSTANTS } from './adamPrograms';
import { flatProgram, type WebGpuProgramLike } from './program';
import { adamConstantsKernel, WEBGPU_KERNELS_FLAG } from './webgpuKernels';

const webgpu = await webgpuForTests();

const [LR, BETA1, BETA2, EPSILON] = [0.01, 0.9, 0.999, 1e-8];

/** A step's gradient of a variable: depends on its value, so a wrong step shows in every later one. */
function gradientOf(value: tf.Tensor, step: number, i: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.mul(tf.sin(value), 0.5), tf.tensor(normals(value.size, 100 * step + i), value.shape)));
}

let names = 0;
function variablesOf(shapes: number[][]): tf.Variable[] {
  return shapes.map((shape, i) => {
    const initial = tf.tensor(normals(shape.reduce((a, b) => a * b, 1), 30 + i), shape);
    const variable = tf.variable(initial, true, `adamInPlace${names++}`);
    initial.dispose();
    return variable;
  });
}

const c = (name: keyof typeof ADAM_CONSTANTS) => `constants[${ADAM_CONSTANTS[name]}]`;

/** The programs the in-place one replaced, as they ran: both new moments [2n] of one variable from its moments and g. */
const momentsProgram = (size: number) =>
  flatProgram(
    [2 * size],
    'paretoscopeAdamMoments',
    ['moments', 'grad', 'constants'],
    `let n = uniforms.gradShape;
          if (index < n) {
            setOutputAtIndex(index, moments[index] * ${c('beta1')} + grad[index] * ${c('oneMinusBeta1')});
          } else {
            let g = grad[index - n];
            setOutputAtIndex(index, moments[index] * ${c('beta2')} + g * g * ${c('oneMinusBeta2')});
          }`,
  );

/** Then its new value from the new moments. */
const updateProgram = (size: number) =>
  flatProgram(
    [size],
    'paretoscopeAdamUpdate',
    ['value', 'moments', 'constants'],
    `let step = (moments[index] / ${c('correction1')}) / (sqrt(moments[index + uniforms.size] / ${c('correction2')}) + ${c('epsilon')});
          setOutputAtIndex(index, step * ${c('negLr')} + value[index]);`,
  );

function run(program: WebGpuProgramLike, inputs: tf.Tensor[]): tf.Tensor {
  const backend = tf.backend() as unknown as { runWebGPUProgram(p: WebGpuProgramLike, inputs: tf.TensorInfo[], dtype: 'float32'): tf.TensorInfo };
  return tf.engine().makeTensorFromTensorInfo(backend.runWebGPUProgram(program, inputs, 'float32'));
}

/** The update as it was: the step's constants, then per variable its moments [2n] and its value, 2 programs. */
async function twoProgramsRun(shapes: number[][], steps: number): Promise<Float32Array[]> {
  const fixedValues = new Float32Array(ADAM_CONSTANT_COUNT);
  Object.assign(fixedValues, { [ADAM_CONSTANTS.beta1]: BETA1, [ADAM_CONSTANTS.oneMinusBeta1]: 1 - BETA1, [ADAM_CONSTANTS.beta2]: BETA2, [ADAM_CONSTANTS.oneMinusBeta2]: 1 - BETA2, [ADAM_CONSTANTS.epsilon]: EPSILON, [ADAM_CONSTANTS.negLr]: -LR });
  const fixed = tf.tensor1d(fixedValues);
  let [acc1, acc2]: tf.Scalar[] = [tf.scalar(BETA1), tf.scalar(BETA2)];
  let values: tf.Tensor[] = variablesOf(shapes).map((v) => {
    const copy = tf.mul(v, 1);
    v.dispose();
    return copy;
  });
  let moments = values.map((v) => tf.zeros([2 * v.size]) as tf.Tensor1D);
  for (let step = 0; step < steps; step++) {
    const next = tf.tidy(() => {
      const constants = adamConstantsKernel(fixed, acc1, acc2);
      const m = values.map((v, i) => run(momentsProgram(v.size), [moments[i], tf.reshape(gradientOf(v, step, i), [-1]), constants]) as tf.Tensor1D);
      const v = values.map((v, i) => tf.reshape(run(updateProgram(v.size), [tf.reshape(v, [-1]), m[i], constants]), v.shape));
      return { m, v, acc: [tf.mul(acc1, tf.scalar(BETA1)), tf.mul(acc2, tf.scalar(BETA2))] as tf.Scalar[] };
    });
    tf.dispose([...values, ...moments, acc1, acc2]);
    [values, moments, [acc1, acc2]] = [next.v, next.m, next.acc];
  }
  const out = await Promise.all(values.map(async (v) => (await v.data()) as Float32Array));
  tf.dispose([...values, ...moments, acc1, acc2, fixed]);
  return out;
}

/** DeviceConstantAdam on the same gradients; `during(step, variables)` runs before each step's update. */
async function optimizerRun(shapes: number[][], steps: number, during?: (step: number, variables: tf.Variable[]) => unknown) {
  const variables = variablesOf(shapes);
  const optimizer = new DeviceConstantAdam(LR, BETA1, BETA2, EPSILON);
  const counts: number[] = [];
  const tensors: number[] = [];
  for (let step = 0; step < steps; step++) {
    await during?.(step, variables);
    const grads = Object.fromEntries(variables.map((v, i) => [v.name, gradientOf(v, step, i)]));
    counts.push(await countPrograms(() => optimizer.applyGradients(grads)));
    tf.dispose(Object.values(grads));
    tensors.push(tf.memory().numTensors);
  }
  const values = await Promise.all(variables.map(async (v) => (await v.data()) as Float32Array));
  optimizer.dispose();
  variables.forEach((v) => v.dispose());
  return { values, counts, tensors };
}

const same = (a: Float32Array[], b: Float32Array[]) => expect(a.map((v) => Array.from(v))).toEqual(b.map((v) => Array.from(v)));

describe.skipIf(!webgpu.ok)(webgpuSuiteName('Adam in place', webgpu), () => {
  const mdmtnShapes = () => {
    const net = new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 });
    const shapes = net.trainableVariables().map((v) => v.shape);
    net.dispose();
    return shapes;
  };
  let group = 0;
  beforeAll(async () => {
    await tf.setBackend('webgpu');
    group = fusedAdamGroupSize(tf.backend() as unknown as InPlaceBackend);
  });
  afterEach(() => {
    tf.env().set(WEBGPU_KERNELS_FLAG, true);
  });

  it("equals the two programs a variable bit for bit, step after step, on MDMTN's variables", async () => {
    const shapes = mdmtnShapes();
    const before = tf.memory().numTensors;
    const inPlace = await optimizerRun(shapes, 4);
    same(inPlace.values, await twoProgramsRun(shapes, 4));
    // The step's constants, ⌈N / group⌉ in-place programs and the β powers (2); the first step also builds the arena.
    expect(inPlace.counts.slice(1)).toEqual([0, 0, 0].map(() => 1 + Math.ceil(shapes.length / group) + 2));
    expect(new Set(inPlace.tensors).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    tf.env().set(WEBGPU_KERNELS_FLAG, false);
    (await optimizerRun(shapes, 4)).values.forEach((v, i) => expectClose(v, inPlace.values[i], 1e-5));
  });

  it('dispatches 1 + ⌈N / group⌉ + 2 programs a step for N variables', async () => {
    // WebGPU's default 8 storage buffers a stage: the arena, the constants, then a value and a gradient a variable.
    expect(group).toBe(Math.floor(((tf.backend() as unknown as InPlaceBackend).device.limits.maxStorageBuffersPerShaderStage - 2) / 2));
    for (const n of [1, group, group + 1, 2 * group + 1]) {
      const { counts } = await optimizerRun(Array.from({ length: n }, (_, i) => [3 + i, 2]), 2);
      expect(counts[1]).toBe(1 + Math.ceil(n / group) + 2);
    }
  });

  it('a variable whose data is shared is not written in place: the sharer keeps its values, the variable its update', async () => {
    const shapes = [[7, 3], [50], [4]];
    const reference = await optimizerRun(shapes, 3);
    const clones: { step: number; clone: tf.Tensor; values: Float32Array }[] = [];
    const shared = await optimizerRun(shapes, 3, async (step, [v]) => {
      if (step === 1) {
        const clone = tf.clone(v);
        clones.push({ step, clone, values: Float32Array.from((await clone.data()) as Float32Array) });
      }
    });
    same(shared.values, reference.values);
    same([(await clones[0].clone.data()) as Float32Array], [clones[0].values]);
    // One copy program for the shared variable at that step.
    expect(shared.counts[1]).toBe(reference.counts[1] + 1);
    expect(shared.counts[2]).toBe(reference.counts[2]);
    clones[0].clone.dispose();
  });

  it('a value read before the step reads as its new value after it', async () => {
    const seen: Float32Array[] = [];
    const run = await optimizerRun([[6, 2]], 3, async (_, [v]) => seen.push(Float32Array.from((await v.data()) as Float32Array)));
    expect(Array.from(run.values[0])).not.toEqual(Array.from(seen[2]));
    same(run.values, (await optimizerRun([[6, 2]], 3)).values);
  });

  it('a read not yet answered when a step starts answers with the values it was asked at; the variable then reads its update', async () => {
    const shapes = [[6, 2], [9]];
    // The values before and after the last step (2): those after two steps and after three.
    const [asked] = (await optimizerRun(shapes, 2)).values;
    const [updated] = (await optimizerRun(shapes, 3)).values;
    const before = tf.memory().numTensors;
    const variables = variablesOf(shapes);
    const optimizer = new DeviceConstantAdam(LR, BETA1, BETA2, EPSILON);
    let pending: Promise<unknown> | null = null;
    let lastStepPrograms = 0;
    for (let step = 0; step < 3; step++) {
      // Asked before the last step, answered after it (a GPU read takes a round trip; the step is encoded at once).
      if (step === 2) pending = variables[0].data();
      const grads = Object.fromEntries(variables.map((v, i) => [v.name, gradientOf(v, step, i)]));
      lastStepPrograms = await countPrograms(() => optimizer.applyGradients(grads));
      tf.dispose(Object.values(grads));
    }
    same([(await pending!) as Float32Array], [asked]);
    // Read again once that read is answered: the update, not the values it would have left cached.
    same([(await variables[0].data()) as Float32Array], [updated]);
    // One copy program at that step; the data held for the read is let go once it is answered.
    expect(lastStepPrograms).toBe(1 + Math.ceil(2 / group) + 2 + 1);
    optimizer.dispose();
    variables.forEach((v) => v.dispose());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a gradient that is a written buffer, and a variable left out of a step, give the composition', async () => {
    const run = async () => {
      const [a, b, c] = variablesOf([[5, 4], [5, 4], [3]]);
      const optimizer = new DeviceConstantAdam(LR);
      for (let step = 0; step < 4; step++) {
        // b's gradient is the variable a itself, whose buffer the step writes (b first: the composition, one
        // variable after the other, then reads a before its update too); c has none at step 2.
        const own = { [a.name]: gradientOf(a, step, 0), ...(step === 2 ? {} : { [c.name]: gradientOf(c, step, 2) }) };
        optimizer.applyGradients({ [b.name]: a, ...own });
        tf.dispose(Object.values(own));
      }
      const values = await Promise.all([a, b, c].map(async (v) => (await v.data()) as Float32Array));
      optimizer.dispose();
      tf.dispose([a, b, c]);
      return values;
    };
    const before = tf.memory().numTensors;
    const inPlace = await run();
    tf.env().set(WEBGPU_KERNELS_FLAG, false);
    const composed = await run();
    inPlace.forEach((v, i) => expectClose(v, composed[i], 1e-5));
    expect(tf.memory().numTensors).toBe(before);
  });
});
