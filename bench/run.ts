/**
 * `npm run bench` — training throughput of the step-driven Trainer in Node.
 *
 * Workload: MultiMNIST-shaped batches (28×28×1, two 10-class tasks; synthetic pixels, so no prepared data is
 * needed and the numbers do not depend on it), batch 256, PHR variant with k = (0.001, 0.2, 0.799), so every
 * step includes the GrOWL prox. For each backend and network it times `trainer.step()` after warm-up and
 * reports median/min/max ms per step and images/s, for the tuned op compositions and for the baseline measured
 * in the same run: plain TF.js ops with only the conv weight gradient supplied ('plain').
 *
 * Options: --backends wasm,cpu  --nets mdmtn,hps  --steps N (wasm; cpu uses a third)  --warmup N  --batch N
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig } from '../src/engine/config';
import type { OpSet } from '../src/engine/models';
import { useNodeBackend, type NodeBackend } from '../src/engine/node/tfjsNode';
import { syntheticDataset } from '../src/engine/testing/syntheticData';
import { Trainer } from '../src/engine/trainer';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    nets: { type: 'string', default: 'mdmtn,hps' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '256' },
  },
});
const backends = values.backends.split(',') as NodeBackend[];
const nets = values.nets.split(',') as ('mdmtn' | 'hps')[];
const batch = Number(values.batch);
const warmup = Number(values.warmup);

interface Row {
  backend: string;
  net: string;
  ops: OpSet;
  median: number;
  min: number;
  max: number;
  imagesPerSecond: number;
  peakMB: number;
}

async function measure(backend: NodeBackend, net: 'mdmtn' | 'hps', ops: OpSet, steps: number): Promise<Row> {
  const data = syntheticDataset({ train: batch * (warmup + steps + 1), val: 8, test: 8 });
  const trainer = new Trainer({ ...defaultConfig('phr'), network: net, batchSize: batch }, data, { ops });
  for (let i = 0; i < warmup; i++) await trainer.step();
  const times: number[] = [];
  let peak = tf.memory().numBytes;
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    await trainer.step();
    times.push(performance.now() - started);
    peak = Math.max(peak, tf.memory().numBytes);
  }
  trainer.dispose();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return { backend, net, ops, median, min: times[0], max: times[times.length - 1], imagesPerSecond: (1000 * batch) / median, peakMB: peak / 2 ** 20 };
}

async function main(): Promise<void> {
  console.log(`Workload: Trainer.step() (forward, backward, Adam, GrOWL prox), batch ${batch}, ${warmup} warm-up steps; tuned vs plain ops measured in this run.`);
  const rows: Row[] = [];
  for (const backend of backends) {
    await useNodeBackend(backend);
    const steps = backend === 'cpu' ? Math.max(3, Math.round(Number(values.steps) / 3)) : Number(values.steps);
    for (const net of nets) {
      for (const ops of ['plain', 'tuned'] as const) {
        const row = await measure(backend, net, ops, steps);
        rows.push(row);
        console.log(
          `${backend.padEnd(5)} ${net.padEnd(6)} ${ops.padEnd(6)} ${steps} steps  median ${row.median.toFixed(0).padStart(6)} ms  min ${row.min.toFixed(0).padStart(6)}  max ${row.max.toFixed(0).padStart(6)}  ${row.imagesPerSecond.toFixed(0).padStart(6)} img/s  tensors peak ${row.peakMB.toFixed(0)} MB`,
        );
      }
      const [plain, tuned] = rows.slice(-2);
      console.log(`${backend.padEnd(5)} ${net.padEnd(6)} speed-up tuned / plain: ${(plain.median / tuned.median).toFixed(2)}x`);
    }
  }
  console.log('Reference points (issue #2): authors’ PyTorch, one thread, MDMTN batch 256 ≈ 234 ms/step (≈ 1,100 img/s).');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
