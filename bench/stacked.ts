/**
 * `npm run bench:stacked` — K runs at once against one run alone (bench/workloads/stackedSteps.ts), on a Node
 * backend, each K measured in the same process as the run alone:
 *
 *   npm run bench:stacked -- [--backend wasm|cpu|webgpu] [--problem multimnist|cifar10mnist] [--net mdmtn|hps]
 *                            [--batch 256] [--runs 1,4,8] [--recipe paper|held] [--steps 10] [--warmup 2]
 *
 * Per K: ms per stacked step, ms per run, and the ratio to one run's step alone (on a GPU the target is K = 8 in at
 * most 2×; on a CPU backend the work grows with K, and stacking can at best save per-op overhead).
 */
import { benchCommandLine, benchFailed, oneOf, wholeNumber } from './lib/commandLine';
import { nodeBackendDevice, useNodeBackend } from '../src/engine/node/tfjsNode';
import { NODE_BACKEND_NAMES, DATA_PROBLEM_NAMES, RECIPE_NAMES } from '../src/experiment/choices';
import { ms, table } from './lib/format';
import { timeStackedSteps, type StackedStepsWorkload } from './workloads/stackedSteps';
import { NETS } from './workloads/step';

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:stacked', summary: 'K runs at once: the step time of a StackedTrainer of K runs against one run alone.' },
    {
      backend: { type: 'string', default: 'wasm', value: NODE_BACKEND_NAMES.join('|'), help: 'the Node TF.js backend (webgpu: Dawn, npm run setup:webgpu)' },
      problem: { type: 'string', default: 'multimnist', value: DATA_PROBLEM_NAMES.join('|'), help: "whose networks and synthetic data: cifar10mnist's have batch normalisation" },
      net: { type: 'string', default: 'mdmtn', value: NETS.join('|'), help: 'the network, as npm run train --net' },
      batch: { type: 'string', default: '256', value: 'N', help: 'images per training step, every run (1–4096)' },
      runs: { type: 'string', default: '1,4,8', value: 'K,K,…', help: 'runs stepped at once, one row each (1–64 each); each against one run alone' },
      recipe: { type: 'string', default: 'paper', value: RECIPE_NAMES.join('|'), help: 'the sparse recipe of the runs, as npm run train --recipe' },
      steps: { type: 'string', default: '10', value: 'N', help: 'timed steps per row (1–1000): the median and min are over these' },
      warmup: { type: 'string', default: '2', value: 'N', help: 'untimed steps before them (0–100)' },
    },
  );
  const workload: StackedStepsWorkload = {
    problem: oneOf('problem', values.problem, DATA_PROBLEM_NAMES),
    net: oneOf('net', values.net, NETS),
    recipe: oneOf('recipe', values.recipe, RECIPE_NAMES),
    batch: wholeNumber('batch', values.batch, 1, 4096),
    steps: wholeNumber('steps', values.steps, 1, 1000),
    warmup: wholeNumber('warmup', values.warmup, 0, 100),
  };
  const runs = (values.runs ?? '').split(',').map((k) => wholeNumber('runs', k, 1, 64));
  const backend = await useNodeBackend(oneOf('backend', values.backend, NODE_BACKEND_NAMES));
  const device = nodeBackendDevice();
  console.log(`K runs at once: ${workload.net.toUpperCase()} on ${workload.problem}, batch ${workload.batch}, recipe ${workload.recipe}, ${workload.steps} timed steps after ${workload.warmup}, backend ${backend}${device ? ` on ${device}` : ''}`);
  const alone = await timeStackedSteps(workload, 1, true);
  const rows = [['runs', 'ms/step (median)', 'min', 'ms per run', 'vs one run alone', ...(alone.dispatchesPerStep !== undefined ? ['programs/step'] : [])]];
  const row = (label: string, t: typeof alone) => [label, ms(t.summary.median), ms(t.summary.min), ms(t.summary.median / t.runs), `${(t.summary.median / alone.summary.median).toFixed(2)}×`, ...(t.dispatchesPerStep !== undefined ? [String(Math.round(t.dispatchesPerStep))] : [])];
  rows.push(row('1 alone (Trainer)', alone));
  for (const k of runs) rows.push(row(`${k} at once`, await timeStackedSteps(workload, k)));
  console.log(table(rows, [1, 2, 3, 4, 5]));
}

main().then(() => process.exit(0), benchFailed);
