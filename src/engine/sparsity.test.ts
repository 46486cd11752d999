/**
 * GrOWL on TF.js variables against the float64 reference functions: the penalty tensor, the layer prox (with
 * and without the cap) and row tying, on a dense and a conv kernel.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { growlPenalty, owlWeights, proxOwl } from './growl';
import { kernelRows } from './kernel';
import type { Layer, LayerSpec } from './models';
import { Rng } from './random';
import { GrowlLayers } from './sparsity';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function makeLayer(spec: LayerSpec, seed: number, scale = 1): Layer {
  const rng = new Rng(seed);
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => rng.normal() * scale);
  return {
    spec,
    kernel: tf.variable(tf.tensor(values, spec.shape)),
    bias: tf.variable(tf.zeros([spec.shape[spec.shape.length - 1]])),
  };
}

const denseSpec: LayerSpec = { name: 'd', kind: 'dense', shape: [12, 5], readsInput: false, isHead: false };
const convSpec: LayerSpec = { name: 'c', kind: 'conv', shape: [3, 3, 6, 4], readsInput: false, isHead: false };
const owl = { kind: 'spike' as const, beta1: 0.8, beta2: 0.2 };

async function rowsOf(layer: Layer): Promise<Float64Array[]> {
  return kernelRows({ shape: layer.kernel.shape, values: await layer.kernel.data() });
}

describe('GrowlLayers', () => {
  it('penaltyTensor equals Σ growlPenalty over the layers', async () => {
    const layers = [makeLayer(denseSpec, 1), makeLayer(convSpec, 2)];
    const growl = new GrowlLayers(layers, owl);
    let expected = 0;
    for (const l of layers) {
      const rows = await rowsOf(l);
      expected += growlPenalty(rows.map((r) => Array.from(r)), owlWeights('spike', rows.length));
    }
    const value = (await growl.penaltyTensor().data())[0];
    expect(value).toBeCloseTo(expected, 3);
  });

  it('applyProx is the exact prox of ηΩ row-wise (no cap binding)', async () => {
    for (const spec of [denseSpec, convSpec]) {
      const layer = makeLayer(spec, 3, 0.3);
      const before = await rowsOf(layer);
      const growl = new GrowlLayers([layer], owl);
      const norms = before.map((r) => Math.hypot(...r));
      // η such that the spike weight 0.2·η equals the median row norm: about half the rows go to zero.
      const eta = [...norms].sort((a, b) => a - b)[Math.floor(norms.length / 2)] / 0.2;
      await growl.applyProx(eta, (rows) => rows);
      const after = await rowsOf(layer);
      const theta = owlWeights('spike', before.length).map((v) => v * eta);
      const x = proxOwl(norms, theta);
      let zeros = 0;
      after.forEach((row, i) => {
        if (x[i] === 0) zeros++;
        row.forEach((v, j) => expect(v).toBeCloseTo((before[i][j] * x[i]) / norms[i], 5));
      });
      expect(zeros).toBeGreaterThan(0); // the case exercises zeroing
    }
  });

  it('applyProx respects the layer cap: the smallest rows stay zero, the rest are restored', async () => {
    const layer = makeLayer(denseSpec, 4, 0.1);
    const before = await rowsOf(layer);
    const growl = new GrowlLayers([layer], owl);
    const zeroRows = await growl.applyProx(10, () => 3); // η large enough to zero every row
    expect(zeroRows).toBe(3);
    const after = await rowsOf(layer);
    const norms = before.map((r) => Math.hypot(...r));
    const order = norms.map((n, i) => [n, i]).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    order.forEach((rowIndex, rank) => {
      const expected = rank < 3 ? before[rowIndex].map(() => 0) : before[rowIndex];
      after[rowIndex].forEach((v, j) => expect(v).toBeCloseTo(expected[j], 6));
    });
  });

  it('tie sets zero rows to 0 and clustered rows to their mean', async () => {
    const layer = makeLayer(convSpec, 5);
    const growl = new GrowlLayers([layer], owl);
    const before = await rowsOf(layer);
    const labels = Int32Array.from([0, 0, -1, 1, 1, 1]);
    await growl.tie([labels]);
    const after = await rowsOf(layer);
    const mean = (idx: number[]) => before[0].map((_, j) => idx.reduce((s, i) => s + before[i][j], 0) / idx.length);
    const m0 = mean([0, 1]);
    const m1 = mean([3, 4, 5]);
    [0, 1].forEach((i) => after[i].forEach((v, j) => expect(v).toBeCloseTo(m0[j], 5)));
    [3, 4, 5].forEach((i) => after[i].forEach((v, j) => expect(v).toBeCloseTo(m1[j], 5)));
    expect(after[2].every((v) => v === 0)).toBe(true);
  });

  describe.each(['cpu', 'wasm'])('tie on %s (also what every retraining step runs with tieEvery step)', (backend) => {
    const cases: [string, LayerSpec, number[]][] = [
      ['conv, unsorted clusters and zero rows', convSpec, [1, 0, -1, 1, 0, 2]],
      ['dense, zero rows and one shared cluster', denseSpec, [0, -1, 0, 1, 2, 3, 0, -1, 4, 5, 6, 7]],
      ['dense, every row zero', denseSpec, new Array(12).fill(-1)],
      ['dense, every row its own cluster', denseSpec, Array.from({ length: 12 }, (_, i) => i)],
    ];
    it.each(cases)('%s: each row is its cluster\'s float64 mean rounded to float32, bit for bit; idempotent; no leaks', async (_, spec, given) => {
      await tf.setBackend(backend);
      const labels = Int32Array.from(given);
      const layer = makeLayer(spec, 7);
      const before = await rowsOf(layer);
      const tensorsBefore = tf.memory().numTensors;
      const growl = new GrowlLayers([layer], owl);
      await growl.tie([labels]);
      const tied = await rowsOf(layer);
      await growl.tie([labels]); // idempotent: tying a tied kernel changes nothing
      expect(await rowsOf(layer)).toEqual(tied);
      labels.forEach((l, i) => {
        const members = before.filter((_, r) => labels[r] === l);
        const expected = Array.from(before[i], (_, j) => (l < 0 ? 0 : Math.fround(members.reduce((sum, row) => sum + row[j], 0) / members.length)));
        expect(Array.from(tied[i])).toEqual(expected);
      });
      growl.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      [layer.kernel, layer.bias].forEach((v) => v.dispose());
      await tf.setBackend('cpu');
    });
  });
});
