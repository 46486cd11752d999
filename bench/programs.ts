/**
 * `npm run bench:programs` — which GPU programs one training step dispatches, and from where: the engine's own
 * `Trainer.step()` (bench/workloads/step.ts's workload) on Node webgpu (Dawn), each dispatched program counted by
 * the TF.js kernel it runs for, its program class and the first two engine source lines on the call stack, so a
 * composition worth a kernel of its own shows up with its place. On a GPU each program costs host time (issue 16),
 * so this is the list to shorten; `npm run bench` prints only the total.
 *
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npm run bench:programs -- --net mdmtn [--batch 8] [--kernels off] [--runs K]
 *
 * --runs K: a StackedTrainer step of K runs at once instead (bench/workloads/stackedSteps.ts's runs, SPEC's recipe).
 *
 * The count does not depend on the device; SwiftShader (no GPU) gives the same list as a GPU.
 */
import { benchCommandLine, benchFailed, oneOf, wholeNumber } from './lib/commandLine';
import * as tf from '@tensorflow/tfjs-core';
import { nodeBackendDevice, useNodeBackend } from '../src/engine/node/tfjsNode';
import { WEBGPU_KERNELS_FLAG } from '../src/engine/webgpuKernels/webgpuKernels';
import { table } from './lib/format';
import { stackedStepTrainer } from './workloads/stackedSteps';
import { NETS, stepTrainer } from './workloads/step';

/** The engine's source lines on the stack, outside the kernel wrappers themselves. */
function engineLines(stack: string): string[] {
  return stack
    .split('\n')
    .filter((line) => line.includes('/src/engine/') && !line.includes('/webgpuKernels/') && !line.includes('/webgpu/dispatchLimits'))
    .map((line) => line.replace(/.*\/src\/engine\//, '').replace(/\)$/, ''));
}

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:programs', summary: 'The WebGPU programs one training step dispatches (Dawn; SwiftShader without a GPU), by the engine line that asked for each.' },
    {
      net: { type: 'string', default: 'mdmtn', value: NETS.join('|'), help: 'the network, as npm run train --net' },
      batch: { type: 'string', default: '8', value: 'N', help: 'images per training step (1–4096)' },
      kernels: { type: 'string', default: 'on', value: 'on|off', help: "Paretoscope's WGSL kernels, or TF.js's programs alone" },
      runs: { type: 'string', value: 'K', help: "a StackedTrainer step of K runs at once (1–64; SPEC's recipe) instead of one run's Trainer step" },
    },
  );
  const net = oneOf('net', values.net, NETS);
  const batch = wholeNumber('batch', values.batch, 1, 4096);
  const kernels = oneOf('kernels', values.kernels, ['on', 'off'] as const);
  const runs = values.runs === undefined ? null : wholeNumber('runs', values.runs, 1, 64);
  await useNodeBackend('webgpu');
  tf.env().set(WEBGPU_KERNELS_FLAG, kernels === 'on');
  const trainer = runs === null ? stepTrainer({ net, ops: 'tuned', batch }, 4) : stackedStepTrainer({ net, recipe: 'paper', batch }, runs, 4);
  // Two steps first: the optimiser's moments and the device constants are made on the first.
  await trainer.step();
  await trainer.step();

  const backend = tf.backend() as unknown as { recordAndSubmit: (program: object, ...rest: unknown[]) => unknown };
  const engine = tf.engine() as unknown as { runKernelFunc: (args: { kernelName?: string }) => unknown };
  const record = backend.recordAndSubmit;
  const runKernelFunc = engine.runKernelFunc;
  const counts = new Map<string, number>();
  let kernel: string | null = null;
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  // The outermost kernel a program runs for (a kernel may run others: its programs count for it).
  engine.runKernelFunc = function (this: unknown, args: { kernelName?: string }) {
    const outer = kernel;
    kernel ??= args.kernelName ?? 'custom gradient';
    try {
      return runKernelFunc.call(this, args);
    } finally {
      kernel = outer;
    }
  };
  backend.recordAndSubmit = function (this: unknown, program: object, ...rest: unknown[]) {
    const where = engineLines(new Error().stack ?? '').slice(0, 2).join(' < ');
    const key = `${kernel ?? '?'}\t${program.constructor.name === 'Object' ? 'Paretoscope WGSL' : program.constructor.name}\t${where}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return record.call(this, program, ...rest);
  };
  try {
    await trainer.step();
  } finally {
    backend.recordAndSubmit = record;
    engine.runKernelFunc = runKernelFunc;
    Error.stackTraceLimit = stackLimit;
    trainer.dispose();
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = rows.reduce((n, [, c]) => n + c, 0);
  console.log(`${net.toUpperCase()} training step${runs === null ? '' : ` of ${runs} runs at once`}, batch ${batch}, Node webgpu on ${nodeBackendDevice()}, Paretoscope's WGSL kernels ${values.kernels}: ${total} programs`);
  console.log(table([['programs', 'kernel', 'program', 'called from (engine source)'], ...rows.map(([key, count]) => [String(count), ...key.split('\t')])]));
}

main().catch(benchFailed);
