/**
 * The largest batch a link allows (4096) on every Node backend, with MDMTN (its image patches are the largest
 * tensors: [4096·576, 25]). MultiMNIST's MDMTN has no batch normalisation, so the gradient of a batch's mean loss
 * is the mean of its halves' gradients: that checks the big batch against two smaller ones.
 * - wasm with Paretoscope's kernels (the app's wasm path): forward + gradient of the whole network;
 * - cpu: the convolution from image patches and its filter gradient at batch 2048, against wasm's (the whole network
 *   takes plain JS minutes, and no synchronous op may hold a test worker past vitest's RPC timeout);
 * - webgpu: the whole training step encoded at batch 4096 without being run (the queue drops the command
 *   buffers; running it takes SwiftShader most of an hour): no dispatch exceeds WebGPU's limits (TF.js checks
 *   its own dispatch sizes, Dawn validates every command), the failure issue 16 reported.
 */
import { describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../experiment/config';
import { MultiTaskNetwork } from './models';
import { convFromPatches } from './ops';
import { syntheticDataset } from './testing/syntheticData';
import { webgpuForTests, webgpuSuiteName } from './testing/webgpu';
import { Trainer } from './trainer';
import { prepareWasmKernels } from './wasmKernels/wasmKernels';

const BATCH = 4096;
const CPU_BATCH = BATCH / 2;
const webgpu = await webgpuForTests();

/** Largest |a − b| over the largest |b|. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Gradient of the mean over the batch of f(x), flattened, for x and for its two halves (mean of the two). */
async function gradientAndHalves(x: tf.Tensor4D, gradient: (x: tf.Tensor4D) => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  const half = x.shape[0] / 2;
  const whole = tf.tidy(() => gradient(x));
  const halves = tf.tidy(() => tf.div(tf.add(gradient(tf.slice(x, 0, half)), gradient(tf.slice(x, half, half))), 2));
  const result: [Float32Array, Float32Array] = [(await whole.data()) as Float32Array, (await halves.data()) as Float32Array];
  tf.dispose([whole, halves]);
  return result;
}

function images(batch: number): tf.Tensor4D {
  return tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
}

describe(`batch ${BATCH}`, () => {
  it('wasm with the kernels: MDMTN forward and gradient equal the mean of the two halves', async () => {
    await tf.setBackend('wasm');
    expect(await prepareWasmKernels()).toBe(true);
    const net = new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 });
    const x = images(BATCH);
    const gradient = (batch: tf.Tensor4D) => {
      const loss = () => tf.addN(net.forward(batch, { mode: 'train' }).map((o) => tf.mean(tf.sum(o, 1)))) as tf.Scalar;
      const { grads } = tf.variableGrads(loss, net.trainableVariables());
      return tf.concat(Object.values(grads).map((g) => tf.reshape(g, [-1])));
    };
    const [whole, halves] = await gradientAndHalves(x, gradient);
    expect(relativeDifference(whole, halves)).toBeLessThan(1e-4);
    x.dispose();
    net.dispose();
  });

  it(`cpu: the convolution from patches [${CPU_BATCH}·576, 25] and its filter gradient equal wasm’s`, async () => {
    // From given patches: the image-patch convolution itself takes plain JS about a minute at this size. cpu has no
    // dispatch limits; the check is that its op agrees with wasm's on a large matrix. Half the largest batch, and the
    // value and the gradient in two awaited parts: a synchronous op that holds a test worker for more than vitest's
    // 60 s RPC timeout (20 s a part at batch 4096 on an idle machine, more on a busy one) fails the whole run.
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const patches = tf.randomUniform([CPU_BATCH, 24, 24, 25], 0, 1, 'float32', 3) as tf.Tensor4D;
      const w = tf.randomUniform([5, 5, 1, 20], -0.5, 0.5, 'float32', 4) as tf.Tensor4D;
      const y = tf.tidy(() => tf.reshape(tf.slice(convFromPatches(patches, w), [CPU_BATCH - 8, 0, 0, 0], [8, -1, -1, -1]), [-1]));
      const values = Array.from((await y.data()) as Float32Array);
      const dw = tf.tidy(() => tf.reshape(tf.grad((ww: tf.Tensor) => tf.mean(tf.relu(convFromPatches(patches, ww as tf.Tensor4D))))(w), [-1]));
      values.push(...((await dw.data()) as Float32Array));
      tf.dispose([patches, w, y, dw]);
      return Float32Array.from(values);
    };
    const wasm = await run('wasm');
    expect(relativeDifference(await run('cpu'), wasm)).toBeLessThan(1e-4);
  });
});

/** The parts of Dawn's GPUDevice this test uses. */
interface DeviceLike {
  queue: { submit: (buffers: unknown[]) => void };
  pushErrorScope(filter: 'validation' | 'out-of-memory'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

describe.skipIf(!webgpu.ok)(webgpuSuiteName(`batch ${BATCH} on webgpu`, webgpu), () => {
  it('a whole MDMTN training step is encoded within WebGPU’s dispatch limits', async () => {
    await tf.setBackend('webgpu');
    const backend = tf.backend() as unknown as { device: DeviceLike; recordAndSubmit: (...args: unknown[]) => unknown };
    const { device } = backend;
    const data = syntheticDataset({ train: 2 * BATCH, val: 8, test: 8 });
    const trainer = new Trainer({ ...defaultConfig({ network: 'mdmtn' }), batchSize: BATCH }, data, { ops: 'tuned' });
    let dispatches = 0;
    const record = backend.recordAndSubmit;
    backend.recordAndSubmit = function (this: unknown, ...args: unknown[]) {
      dispatches++;
      return record.apply(this, args);
    };
    // Dropped command buffers: nothing runs, every read returns zeros (finite objectives), and Dawn still
    // validates each command when its encoder finishes.
    device.queue.submit = () => {};
    device.pushErrorScope('validation');
    device.pushErrorScope('out-of-memory');
    try {
      await trainer.step();
    } finally {
      delete (device.queue as Partial<DeviceLike['queue']>).submit;
      delete (backend as Partial<typeof backend>).recordAndSubmit;
    }
    const [outOfMemory, invalid] = [await device.popErrorScope(), await device.popErrorScope()];
    expect(invalid?.message ?? null).toBeNull();
    expect(outOfMemory?.message ?? null).toBeNull();
    // The whole step was encoded: about 115 programs with the WGSL kernels (about 780 without).
    expect(dispatches).toBeGreaterThan(100);
    trainer.dispose();
  });
});
