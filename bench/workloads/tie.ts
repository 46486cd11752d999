/**
 * The row tie of retraining (`GrowlLayers.tie`: after every step with tieEvery 'step', SPEC §4 once per epoch) on an
 * MDMTN or HPS network's GrOWL layers, timed call by call: labels shaped like the held recipe's runs
 * (docs/reproduction.md: 55 % zero rows per layer, the live rows in clusters of 1.5 rows on average, seeded).
 * `onDevice` picks the webgpu kernels' tie (a program a layer, no readback) or the host tie (read, float64 means,
 * write) on the same backend; on wasm and cpu the tie is the host's either way.
 */
import * as tf from '@tensorflow/tfjs-core';
import { rowLayout } from '../../src/engine/kernel';
import { Rng } from '../../src/engine/random';
import { GrowlLayers } from '../../src/engine/sparsity';
import { WEBGPU_KERNELS_FLAG } from '../../src/engine/webgpuKernels/webgpuKernels';
import { summarize, type Summary } from '../lib/format';
import { syntheticClusterLabels } from '../../src/engine/testing/clusterLabels';
import { stepTrainer, type NetName } from './step';

export interface TieTiming {
  summary: Summary;
  layers: number;
  zeroRows: number;
  rows: number;
}

/** Median (and spread) of `calls` ties after 3 untimed ones; each timed call waits until the backend is done. */
export async function timeTies(net: NetName, calls: number, onDevice: boolean): Promise<TieTiming> {
  const trainer = stepTrainer({ net, ops: 'tuned', batch: 8 }, 1);
  const growl = new GrowlLayers(trainer.network.growlLayers(), { kind: 'spike', beta1: 0.8, beta2: 0.2 });
  const rng = new Rng(7);
  const labels = growl.layers.map((l) => syntheticClusterLabels(rowLayout(l.kernel.shape).rows, 0.55, 1.5, rng));
  const flag = tf.env().getBool(WEBGPU_KERNELS_FLAG);
  tf.env().set(WEBGPU_KERNELS_FLAG, onDevice);
  const times: number[] = [];
  try {
    for (let i = 0; i < calls + 3; i++) {
      const started = performance.now();
      await growl.tie(labels);
      // Reading a kernel waits for the backend to finish (no wait on wasm and cpu).
      await growl.layers[0].kernel.data();
      if (i >= 3) times.push(performance.now() - started);
    }
  } finally {
    tf.env().set(WEBGPU_KERNELS_FLAG, flag);
    growl.dispose();
    trainer.dispose();
  }
  return {
    summary: summarize(times),
    layers: labels.length,
    zeroRows: labels.reduce((n, l) => n + l.filter((v) => v < 0).length, 0),
    rows: labels.reduce((n, l) => n + l.length, 0),
  };
}
