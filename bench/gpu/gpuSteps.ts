/**
 * The GPU machine's benchmark (bench/gpu/README.md): the engine's own `Trainer.step()` (bench/workloads/step.ts) on
 * TF.js's webgpu backend through Dawn, set up as `npm run train -- --backend webgpu` sets it up (Dawn, the dispatch
 * limit guards, Paretoscope's WGSL kernels: src/engine/node/tfjsNode.ts), with the kernels on and off at each batch.
 * Bundled into one file that needs only Node and dawn.node (DAWN_NODE), so it runs on a bare GPU machine.
 *
 * Args: batches (comma list, default 256,1024,4096), nets (default mdmtn,hps), timed steps (20), warm-up steps (3),
 * profile (0|1: one extra profiled step, the kernel-time breakdown). One JSON line per row on stdout; `readback_wait_ms`
 * is the time per step a read of the step's readings was outstanding — the CPU's wait for the device, at most
 * (readbacks.ts). Then K runs at once
 * (src/engine/stacked/stackedTrainer.ts, bench/workloads/stackedSteps.ts): a StackedTrainer step of K runs at batch
 * 256 for each K of STACKED (default 1,8), after one run's Trainer step alone — the target: K = 8 in at most
 * 2× the time of one. Last, retraining's row tie on each net (bench/workloads/tie.ts): the host tie (read back, float64
 * means, write) against the device tie (one program a layer, no readback), as many calls as timed steps.
 */
import { nodeBackendDevice, useNodeBackend } from '../../src/engine/node/tfjsNode';
import { timeStackedSteps, type StackedStepsWorkload } from '../workloads/stackedSteps';
import { measureSteps, type NetName } from '../workloads/step';
import { timeTies } from '../workloads/tie';

const [batchesArg = '256,1024,4096', netsArg = 'mdmtn,hps', stepsArg = '20', warmupArg = '3', profileArg = '0'] = process.argv.slice(2);

async function main(): Promise<void> {
  await useNodeBackend('webgpu');
  console.log(JSON.stringify({ backend: 'webgpu', adapter: nodeBackendDevice() }));
  for (const net of netsArg.split(',') as NetName[]) {
    for (const batch of batchesArg.split(',').map(Number)) {
      for (const kernels of [true, false]) {
        try {
          const m = await measureSteps({ net, ops: 'tuned', kernels, batch, warmup: Number(warmupArg), steps: Number(stepsArg), profile: profileArg === '1' });
          console.log(
            JSON.stringify({
              net,
              batch,
              kernels,
              median_ms: +m.summary.median.toFixed(2),
              min_ms: +m.summary.min.toFixed(2),
              max_ms: +m.summary.max.toFixed(2),
              images_per_s: Math.round(m.imagesPerSecond),
              dispatches_per_step: m.dispatchesPerStep,
              readbacks: m.readbacks,
              // Per step, the time a read of the step's readings was outstanding: the CPU's wait for the device at most
              // (it may encode meanwhile), so the most that encoding the next step meanwhile (pipelined steps) could save.
              readback_wait_ms: +(m.readbacks.asyncWaitMs / m.timesMs.length).toFixed(2),
              kernel_ms: m.profile?.kernelMs,
              top_kernels: m.profile?.kernels.slice(0, 8).map((k) => `${k.name} ${k.ms.toFixed(2)} ms ×${k.calls}`),
            }),
          );
        } catch (error) {
          console.log(JSON.stringify({ net, batch, kernels, error: error instanceof Error ? error.message : String(error) }));
        }
      }
    }
  }
  for (const net of netsArg.split(',') as NetName[]) {
    const workload: StackedStepsWorkload = { net, recipe: 'paper', batch: 256, warmup: 3, steps: Number(stepsArg) };
    for (const [runs, alone] of [[1, true], ...(process.env.STACKED ?? '1,8').split(',').map((k) => [Number(k), false])] as [number, boolean][]) {
      try {
        const t = await timeStackedSteps(workload, runs, alone);
        console.log(JSON.stringify({ stacked: runs, alone, net, batch: 256, step_median_ms: +t.summary.median.toFixed(2), step_min_ms: +t.summary.min.toFixed(2), dispatches_per_step: t.dispatchesPerStep }));
      } catch (error) {
        console.log(JSON.stringify({ stacked: runs, alone, net, error: error instanceof Error ? error.message : String(error) }));
      }
    }
  }
  for (const net of netsArg.split(',') as NetName[]) {
    for (const onDevice of [false, true]) {
      const tie = onDevice ? 'device' : 'host';
      try {
        const { summary } = await timeTies(net, Number(stepsArg), onDevice);
        console.log(JSON.stringify({ tie, net, median_ms: +summary.median.toFixed(3), min_ms: +summary.min.toFixed(3), max_ms: +summary.max.toFixed(3) }));
      } catch (error) {
        console.log(JSON.stringify({ tie, net, error: error instanceof Error ? error.message : String(error) }));
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
