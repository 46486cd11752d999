/**
 * LSUV (SPEC §2): orthonormal starting kernels, then every layer's output std within 1 ± 0.1 on the batch it was
 * fitted on, checked afresh after all layers were done (a later layer's rescaling must not move an earlier one);
 * seeded; no tensors left behind; the Trainer runs it once, before its first step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../experiment/config';
import { lsuvInit, orthonormalMatrix } from './lsuv';
import { MultiTaskNetwork } from './models';
import { Rng } from './random';
import { syntheticDataset } from './testing/syntheticData';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function gram(m: Float64Array, rows: number, cols: number, ofColumns: boolean): number[][] {
  const n = ofColumns ? cols : rows;
  const at = (i: number, j: number) => m[i * cols + j];
  return Array.from({ length: n }, (_, a) =>
    Array.from({ length: n }, (_, b) => {
      let s = 0;
      if (ofColumns) for (let i = 0; i < rows; i++) s += at(i, a) * at(i, b);
      else for (let j = 0; j < cols; j++) s += at(a, j) * at(b, j);
      return s;
    }),
  );
}

function expectIdentity(g: number[][]): void {
  g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 10)));
}

/** Every layer's output std on x, from one forward pass. */
function layerStds(network: MultiTaskNetwork, x: tf.Tensor4D): Map<string, number> {
  const stds = new Map<string, number>();
  tf.tidy(() => {
    network.forward(x, { mode: 'train', onLayerOutput: (name, output) => stds.set(name, Math.sqrt(tf.moments(output).variance.dataSync()[0])) });
  });
  return stds;
}

describe('LSUV', () => {
  it('orthonormalMatrix: orthonormal columns (tall) or rows (wide), the same for the same seed', () => {
    expectIdentity(gram(orthonormalMatrix(50, 8, new Rng(1)), 50, 8, true));
    expectIdentity(gram(orthonormalMatrix(5, 20, new Rng(2)), 5, 20, false));
    expectIdentity(gram(orthonormalMatrix(6, 6, new Rng(3)), 6, 6, true));
    expect(orthonormalMatrix(7, 3, new Rng(4))).toEqual(orthonormalMatrix(7, 3, new Rng(4)));
    expect(orthonormalMatrix(7, 3, new Rng(4))).not.toEqual(orthonormalMatrix(7, 3, new Rng(5)));
  });

  it('brings every layer of MDMTN to output std 1 ± 0.1 on the batch, and leaves no tensors behind', async () => {
    const data = syntheticDataset({ train: 64, val: 8, test: 8 });
    const network = new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 });
    const x = tf.tidy(() => tf.div(tf.sub(tf.tensor4d(Float32Array.from(data.train.images.slice(0, 64 * 28 * 28), (v) => v / 255), [64, 28, 28, 1]), 0.1307), 0.3081) as tf.Tensor4D);
    const before = tf.memory().numTensors;
    const reports = await lsuvInit(network, x, new Rng(7));
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.map((r) => r.layer)).toEqual(network.layers.map((l) => l.spec.name));
    const stds = layerStds(network, x);
    for (const layer of network.layers) {
      const std = stds.get(layer.spec.name)!;
      expect(Math.abs(std - 1), `${layer.spec.name}: std ${std}`).toBeLessThanOrEqual(0.1);
    }
    // Glorot/He starts elsewhere: the rescaling was needed, not a coincidence.
    const plain = layerStds(new MultiTaskNetwork({ kind: 'mdmtn', seed: 1 }), x);
    expect([...plain.values()].some((s) => Math.abs(s - 1) > 0.1)).toBe(true);
    x.dispose();
    network.dispose();
  });

  it('runs in the Trainer once, before the first step, reproducibly for a seed', async () => {
    const data = syntheticDataset({ train: 64, val: 32, test: 32 });
    const config = { ...defaultConfig({ network: 'hps' }), batchSize: 16, evalBatchSize: 32, initialization: 'lsuv' as const, seed: 3 };
    const firstReadings = async () => {
      const trainer = new Trainer(config, data);
      const first = await trainer.step();
      const second = await trainer.step();
      trainer.dispose();
      return { first, second };
    };
    const a = await firstReadings();
    const b = await firstReadings();
    expect(a.first.events.some((e) => e.startsWith('LSUV: shared.conv1 std'))).toBe(true);
    expect(a.second.events.some((e) => e.startsWith('LSUV'))).toBe(false);
    expect(a.second.step.objectives).toEqual(b.second.step.objectives);
  });
});
