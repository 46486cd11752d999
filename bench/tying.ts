/**
 * `npm run bench:tying` — what tying rows after every retraining step (`tieEvery: 'step'`, the held and graded
 * recipes) costs against the training step it follows.
 *
 * Workload: MDMTN-MultiMNIST on a Node backend (default wasm with Paretoscope's kernels; webgpu through Dawn), batch 256.
 *   - baseline: the engine's `Trainer.step()` on synthetic MultiMNIST-shaped data (bench/workloads/step.ts, the
 *     same workload as `npm run bench`), median of the timed steps;
 *   - the tie: `GrowlLayers.tie()` on the same network's GrOWL layers (bench/workloads/tie.ts), median of as many
 *     calls: on wasm and cpu the host tie (read back, float64 means, write); on webgpu both the host tie and the
 *     device tie (one program a layer, no readback), the latter what a retraining step runs there.
 * Prints ms and the ratio to the step. Timings are wall clock on a shared machine: the load average is printed.
 */
import os from 'node:os';
import { benchCommandLine, benchFailed } from './lib/commandLine';
import { UsageError } from '../src/experiment/cli';
import { nodeBackendDevice, useNodeBackend, type NodeBackend } from '../src/engine/node/tfjsNode';
import { load, ms, table } from './lib/format';
import { measureSteps } from './workloads/step';
import { timeTies } from './workloads/tie';
import { numberOfText } from '../src/experiment/link/fields';

const BACKENDS: readonly NodeBackend[] = ['wasm', 'cpu', 'webgpu'];

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:tying', summary: 'The cost of tying rows: an MDMTN step with and without tied rows.' },
    {
      steps: { type: 'string', default: '20', value: 'N', help: 'timed training steps, and as many timed ties, after 3 untimed of each (at least 3)' },
      backend: { type: 'string', default: 'wasm', value: BACKENDS.join('|'), help: 'the Node TF.js backend (webgpu: Dawn, npm run setup:webgpu; it times the device tie too)' },
    },
  );
  const steps = numberOfText(values.steps ?? 20);
  const backend = (values.backend ?? 'wasm') as NodeBackend;
  if (!Number.isInteger(steps) || steps < 3) throw new UsageError(`--steps must be a whole number ≥ 3, got '${values.steps}'`);
  if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  await useNodeBackend(backend);
  const batch = 256;
  const device = nodeBackendDevice();
  console.error(`MDMTN training step, ${backend}${device ? ` (${device})` : ''}, batch ${batch}: 3 + ${steps} steps …`);
  const step = await measureSteps({ net: 'mdmtn', ops: 'tuned', batch, warmup: 3, steps, profile: false });
  const stepMs = step.summary.median;
  const rows = [
    ['what', 'median ms', 'min ms', 'max ms', 'ratio to the step'],
    ['training step (baseline)', ms(stepMs), ms(step.summary.min), ms(step.summary.max), '1.00'],
  ];
  const ties = backend === 'webgpu' ? ([['host tie (read, float64, write)', false], ['device tie (one program a layer)', true]] as const) : ([['tying the rows (host tie)', false]] as const);
  let labels = '';
  for (const [what, onDevice] of ties) {
    console.error(`${what}: 3 + ${steps} calls …`);
    const tie = await timeTies('mdmtn', steps, onDevice);
    rows.push([what, ms(tie.summary.median), ms(tie.summary.min), ms(tie.summary.max), (tie.summary.median / stepMs).toFixed(3)]);
    labels = `labels: ${tie.zeroRows}/${tie.rows} zero rows over ${tie.layers} GrOWL layers`;
  }
  console.log(table(rows, [1, 2, 3, 4]));
  console.log(`${labels}; load ${load(os.loadavg())}`);
}

main().catch(benchFailed);
