/**
 * `npm run bench:tying` — what tying rows after every retraining step (`tieEvery: 'step'`, the held recipe) costs
 * against the training step it follows.
 *
 * Workload: MDMTN-MultiMNIST on the Node backend (default wasm with Paretoscope's kernels), batch 256.
 *   - baseline: the engine's `Trainer.step()` on synthetic MultiMNIST-shaped data (bench/workloads/step.ts, the
 *     same workload as `npm run bench`), median of the timed steps;
 *   - the tie: `GrowlLayers.tie()` (read back, float64 means, write: what retrainTying.ts does after every step,
 *     and SPEC §4 once per epoch) on the same network's GrOWL layers, with cluster labels shaped like the held recipe's runs (docs/reproduction.md):
 *     55 % zero rows per layer, the live rows in clusters of 1.5 rows on average (seeded), median of as many calls.
 * Prints ms and the ratio to the step. Timings are wall clock on a shared machine: the load average is printed.
 */
import os from 'node:os';
import { benchCommandLine } from './lib/commandLine';
import { useNodeBackend, type NodeBackend } from '../src/engine/node/tfjsNode';
import { Rng } from '../src/engine/random';
import { GrowlLayers } from '../src/engine/sparsity';
import { load, ms, summarize, table } from './lib/format';
import { measureSteps, stepTrainer } from './workloads/step';
import { syntheticClusterLabels } from './workloads/clusterLabels';

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:tying', summary: 'The cost of tying rows: an MDMTN step with and without tied rows.' },
    { steps: { type: 'string', default: '20' }, backend: { type: 'string', default: 'wasm' } },
  );
  const steps = Number(values.steps ?? 20);
  const backend = (values.backend ?? 'wasm') as NodeBackend;
  if (!Number.isInteger(steps) || steps < 3 || (backend !== 'wasm' && backend !== 'cpu')) {
    console.error('usage: npm run bench:tying -- [--steps N ≥ 3] [--backend wasm|cpu]');
    process.exit(2);
  }
  await useNodeBackend(backend);
  const batch = 256;
  console.error(`MDMTN training step, ${backend}, batch ${batch}: 3 + ${steps} steps …`);
  const step = await measureSteps({ net: 'mdmtn', ops: 'tuned', batch, warmup: 3, steps, profile: false });

  const trainer = stepTrainer({ net: 'mdmtn', ops: 'tuned', batch }, 1);
  const growl = new GrowlLayers(trainer.network.growlLayers(), { kind: 'spike', beta1: 0.8, beta2: 0.2 });
  const rng = new Rng(7);
  const labels = growl.layers.map((l) => syntheticClusterLabels(l.spec.kind === 'conv' ? l.spec.shape[2] : l.spec.shape[0], 0.55, 1.5, rng));
  const timeCalls = async (call: () => unknown, count: number): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < count + 3; i++) {
      const started = performance.now();
      await call();
      // Reading a kernel waits for the backend to finish (no wait on wasm and cpu).
      await growl.layers[0].kernel.data();
      if (i >= 3) times.push(performance.now() - started);
    }
    return times;
  };
  console.error(`tying: 3 + ${steps} calls …`);
  const perStep = summarize(await timeCalls(() => growl.tie(labels), steps));
  growl.dispose();
  trainer.dispose();

  const stepMs = step.summary.median;
  const rows = [
    ['what', 'median ms', 'min ms', 'max ms', 'ratio to the step'],
    ['training step (baseline)', ms(stepMs), ms(step.summary.min), ms(step.summary.max), '1.00'],
    ['tying the rows (tie)', ms(perStep.median), ms(perStep.min), ms(perStep.max), (perStep.median / stepMs).toFixed(3)],
  ];
  console.log(table(rows, [1, 2, 3, 4]));
  const zeroRows = labels.reduce((n, l) => n + l.filter((v) => v < 0).length, 0);
  const totalRows = labels.reduce((n, l) => n + l.length, 0);
  console.log(`labels: ${zeroRows}/${totalRows} zero rows over ${labels.length} GrOWL layers; load ${load(os.loadavg())}`);
}

void main();
