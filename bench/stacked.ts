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
import { benchCommandLine, benchFailed } from './lib/commandLine';
import { nodeBackendDevice, useNodeBackend } from '../src/engine/node/tfjsNode';
import { NODE_BACKEND_NAMES, DATA_PROBLEM_NAMES, RECIPE_NAMES, type NodeBackendName, type ProblemName, type SparseRecipe } from '../src/experiment/choices';
import { ms, table } from './lib/format';
import { timeStackedSteps, type StackedStepsWorkload } from './workloads/stackedSteps';
import { NETS, type NetName } from './workloads/step';

const USAGE = 'usage: npm run bench:stacked -- [--backend wasm|cpu|webgpu] [--problem multimnist|cifar10mnist] [--net mdmtn|hps] [--batch N ≤ 4096] [--runs 1,4,8] [--recipe paper|held] [--steps N] [--warmup N]';

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:stacked', summary: 'K runs at once: the step time of a StackedTrainer of K runs against one run alone.' },
    {
      backend: { type: 'string', default: 'wasm' },
      problem: { type: 'string', default: 'multimnist' },
      net: { type: 'string', default: 'mdmtn' },
      batch: { type: 'string', default: '256' },
      runs: { type: 'string', default: '1,4,8' },
      recipe: { type: 'string', default: 'paper' },
      steps: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
    },
  );
  const workload: StackedStepsWorkload = { problem: values.problem as ProblemName, net: values.net as NetName, recipe: values.recipe as SparseRecipe, batch: Number(values.batch), steps: Number(values.steps), warmup: Number(values.warmup) };
  const runs = (values.runs ?? '').split(',').map(Number);
  const integer = (n: number, low: number, high: number) => Number.isInteger(n) && n >= low && n <= high;
  if (
    !(NODE_BACKEND_NAMES as readonly string[]).includes(values.backend ?? '') ||
    !(DATA_PROBLEM_NAMES as readonly string[]).includes(values.problem ?? '') ||
    !NETS.includes(workload.net) ||
    !(RECIPE_NAMES as readonly string[]).includes(workload.recipe) ||
    !integer(workload.batch, 1, 4096) ||
    !integer(workload.steps, 1, 1000) ||
    !integer(workload.warmup, 0, 100) ||
    !runs.every((k) => integer(k, 1, 64))
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  const backend = await useNodeBackend(values.backend as NodeBackendName);
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
