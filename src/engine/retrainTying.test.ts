/**
 * RetrainTying on its own: nothing is tied before the clustering; after it, every epoch end ties, and every step
 * too only with tieEvery 'step'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { kernelRows } from './kernel';
import type { Layer } from './models';
import { Rng } from './random';
import { clusteringWork, RetrainTying } from './retrainTying';
import { GrowlLayers } from './sparsity';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A dense [12, 4] layer whose rows come in near-identical pairs (so the clustering ties them) and two zero rows. */
function pairedLayer(): Layer {
  const rng = new Rng(11);
  const base = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.normal()));
  const rows = [...base.flatMap((r) => [r, r.map((v) => v * (1 + 1e-3 * rng.normal()))]), [0, 0, 0, 0], [0, 0, 0, 0]];
  return { spec: { name: 'd', kind: 'dense', shape: [12, 4], readsInput: false, isHead: false }, kernel: tf.variable(tf.tensor2d(rows)), bias: tf.variable(tf.zeros([4])) };
}

const values = async (layer: Layer) => kernelRows({ shape: layer.kernel.shape, values: await layer.kernel.data() }).map((r) => Array.from(r));
/** Moves every row a little, as an optimiser step would. */
const nudge = (layer: Layer) => tf.tidy(() => layer.kernel.assign(tf.add(layer.kernel, tf.randomNormal(layer.kernel.shape, 0, 0.01, 'float32', 5))));

describe('RetrainTying', () => {
  it('says what it clusters, and how far it got', () => {
    expect(clusteringWork('monitor1.fc', 2, 4)).toBe('clustering the rows of monitor1.fc (layer 3 of 4)');
    expect(clusteringWork('fc', 0, 1, { stage: 'similarities', done: 648, of: 1296 })).toBe('clustering the rows of fc (layer 1 of 1): similarities of 1296 rows, 50 %');
    expect(clusteringWork('fc', 0, 1, { stage: 'preparing', done: 1, of: 3 })).toBe('clustering the rows of fc (layer 1 of 1): preparing 3 rows, 33 %');
    expect(clusteringWork('fc', 0, 1, { stage: 'messages', done: 57, of: 200 })).toBe('clustering the rows of fc (layer 1 of 1): iteration 57 (at most 200)');
  });

  it.each(['step', 'epoch'] as const)('tieEvery %s: ties after the clustering, at epoch ends, and after steps only for step', async (tieEvery) => {
    const layer = pairedLayer();
    const growl = new GrowlLayers([layer], { kind: 'spike', beta1: 0.8, beta2: 0.2 });
    const work: (string | null)[] = [];
    const tying = new RetrainTying(growl, { apPreference: 0.7, tieEvery }, undefined, (w) => work.push(w));
    const untouched = await values(layer);
    await tying.afterStep(); // nothing clustered yet: nothing changes
    expect(await tying.atEpochEnd()).toBe(false);
    expect(await values(layer)).toEqual(untouched);

    expect(await tying.cluster()).toMatch(/^clustered rows: d \d+ clusters, 2\/12 zero$/);
    expect(work).toEqual(['clustering the rows of d (layer 1 of 1)', null]);
    const tied = await values(layer);
    expect(new Set(tied.map((r) => r.join())).size).toBeLessThan(12);

    // The rows the clustering tied, by the first row of each group.
    const groups = tied.map((r) => tied.findIndex((q) => q.join() === r.join()));
    nudge(layer);
    const nudged = await values(layer);
    await tying.afterStep();
    const afterStep = await values(layer);
    if (tieEvery === 'epoch') expect(afterStep).toEqual(nudged);
    else afterStep.forEach((row, i) => expect(row).toEqual(afterStep[groups[i]]));
    expect(afterStep.slice(10)).toEqual(tieEvery === 'step' ? [[0, 0, 0, 0], [0, 0, 0, 0]] : nudged.slice(10));

    nudge(layer);
    expect(await tying.atEpochEnd()).toBe(true);
    const atEpochEnd = await values(layer);
    atEpochEnd.forEach((row, i) => expect(row).toEqual(atEpochEnd[groups[i]]));
    expect(atEpochEnd.slice(10)).toEqual([[0, 0, 0, 0], [0, 0, 0, 0]]);
    growl.dispose();
    [layer.kernel, layer.bias].forEach((v) => v.dispose());
  });
});
