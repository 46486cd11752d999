/**
 * `npm run bench` — training throughput, memory and responsiveness, in Node and in a headless-Chromium worker.
 *
 * Step rows (workload: bench/workloads/step.ts, the same module in Node and in the browser worker): the engine's
 * `Trainer.step()` — forward, backward, Adam, the Chebyshev-AL readback, the GrOWL prox — of MDMTN and HPS for
 * MultiMNIST on synthetic MultiMNIST-shaped data, PHR, k = (0.001, 0.2, 0.799); `warmup` untimed steps, then
 * `steps` timed ones: median/min/max ms per step, images/s, memory (the tensors' peak within the profiled step, else
 * what a step leaves; report.ts memoryCell), reads of tensor data (synchronous ones
 * are an error on the GPU backends), plus one profiled step for "where the time goes".
 *   - Node (wasm, cpu): tuned and plain op compositions; the plain row is the baseline of the tuned one.
 *   - Chromium worker (bench/browser: page + worker built with Vite, served with the COOP/COEP headers of
 *     vite.config.ts, backend forced through src/workers/backend.ts): tuned ops; baseline = Node wasm tuned, in
 *     images/s. webgpu/webgl run a smaller batch and fewer steps by default (SwiftShader here).
 * Teaching rows (bench/workloads/teaching.ts): one Fonseca–Fleming run from start to its final point; in the
 * browser timed on the page from the request to the answer; baseline = the same run in Node wasm.
 * Main thread: long tasks (PerformanceObserver 'longtask') and the lag of a 50 ms timer on the page while the
 * worker trains.
 *
 * Options: BENCH_FLAGS in lib/args.ts (`npm run bench -- --help`). Exit code 1 on errors, synchronous readbacks in
 * timed steps or a page that is not cross-origin isolated; 2 on bad arguments. Timings are wall clock on a
 * shared machine: the load average is printed.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { nodeBackendDevice, useNodeBackend } from '../src/engine/node/tfjsNode';
import { runBrowserBenchmarks } from './browser/driver';
import { runAppFront } from './front/app';
import type { BrowserRequest } from './browser/protocol';
import { BENCH_COMMAND, BENCH_FLAGS, benchOptions, browserSchedule, MIN_STEPS, nodeSchedule, type BenchOptions } from './lib/args';
import { benchCommandLine, benchFailed } from './lib/commandLine';
import type { OpSet } from '../src/engine/models';
import { load } from './lib/format';
import { appDetails, benchProblems, browserDetails, MEMORY_NOTE, nodeDetails, renderTable, type BenchResults } from './lib/report';
import { benchFailures, nothingMeasured } from './lib/failures';
import { runMetadata } from '../scripts/runMetadata';
import { backendMemoryProbe, measureSteps } from './workloads/step';
import { TEACHING_WORKLOAD, timeTeachingRun } from './workloads/teaching';

const log = (line: string) => console.error(line);

async function nodeRows(options: BenchOptions, results: BenchResults): Promise<void> {
  // The backends that set up: the teaching run takes one of them (a failed one is said once, not again for it).
  const ready: BenchOptions['nodeBackends'] = [];
  for (const backend of options.nodeBackends) {
    try {
      await useNodeBackend(backend);
    } catch (error) {
      // A missing backend (webgpu without Dawn or an adapter) is one error line; the others still run.
      results.nodeErrors.push(`Node ${backend}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    ready.push(backend);
    const threads = backend === 'wasm' ? getThreadsCount() : undefined;
    const device = nodeBackendDevice() ?? undefined;
    const { batch, steps, warmup } = nodeSchedule(options, backend);
    for (const net of options.nets) {
      // Plain TF.js ops (the baseline), the tuned compositions alone, then with Paretoscope's own kernels (wasm
      // SIMD, webgpu WGSL).
      const hasKernels = backend === 'wasm' || backend === 'webgpu';
      const variants: { ops: OpSet; kernels: boolean }[] = [
        { ops: 'plain', kernels: false },
        ...(hasKernels ? [{ ops: 'tuned' as const, kernels: false }] : []),
        { ops: 'tuned', kernels: true },
      ];
      for (const { ops, kernels } of variants) {
        const label = `${ops}${ops === 'tuned' && hasKernels && !kernels ? ' without kernels' : ''}`;
        log(`Node ${backend} ${net} ${label}: ${warmup}+${steps} steps at batch ${batch} …`);
        try {
          const measurement = await measureSteps(
            { net, ops, kernels, batch, warmup, steps, profile: options.profile },
            { probe: () => ({ ...backendMemoryProbe(), rssBytes: process.memoryUsage().rss }) },
          );
          results.node.push({ backend, ...(threads !== undefined ? { threads } : {}), ...(device ? { device } : {}), measurement, loadAverage: os.loadavg() });
        } catch (error) {
          results.nodeErrors.push(`Node ${backend} ${net} ${label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
  if (!options.skipTeaching && ready.length > 0) {
    const backend = ready.includes('wasm') ? 'wasm' : ready[0];
    log(`Node ${backend}: teaching run …`);
    try {
      await useNodeBackend(backend);
      results.nodeTeaching = { backend, measurement: await timeTeachingRun(), loadAverage: os.loadavg() };
    } catch (error) {
      results.nodeErrors.push(`Node ${backend} teaching: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function browserRequests(options: BenchOptions): BrowserRequest[] {
  return options.backends.map((backend) => {
    const s = browserSchedule(options, backend);
    return {
      backend,
      teaching: !options.skipTeaching,
      workloads: options.nets.map((net) => ({ net, ops: 'tuned' as const, batch: s.batch, warmup: s.warmup, steps: s.steps, profile: options.profile })),
    };
  });
}

function printHeader(options: BenchOptions, startLoad: number[]): void {
  const steps = !options.skipNode || !options.skipBrowser;
  if (steps) console.log(`Workload (steps): Trainer.step() — forward, backward, Adam, AL readback, GrOWL prox — PHR, k = (0.001, 0.2, 0.799), synthetic MultiMNIST-shaped data; nets ${options.nets.join(', ')}.`);
  if (!options.skipNode) {
    for (const b of options.nodeBackends) {
      const s = nodeSchedule(options, b);
      const note = b === 'webgpu' ? ' (Dawn; --gpu-batch/--gpu-steps/--gpu-warmup)' : b === 'cpu' ? ' (a third of --steps)' : '';
      console.log(`  Node ${b}: batch ${s.batch}, ${s.warmup} warm-up + ${s.steps} timed steps${note}; tuned vs plain ops.`);
    }
  }
  if (!options.skipBrowser) {
    for (const b of options.backends) {
      const s = browserSchedule(options, b);
      const note = s.reduced ? ' (reduced: SwiftShader emulates the GPU here; --gpu-batch/--gpu-steps/--gpu-warmup)' : '';
      console.log(`  Chromium worker ${b}: batch ${s.batch}, ${s.warmup} warm-up + ${s.steps} timed steps, tuned ops${note}.`);
    }
  }
  if (steps) console.log(`  ${MEMORY_NOTE}`);
  if (options.steps < MIN_STEPS) console.log(`  NOTE: --steps ${options.steps} is below ${MIN_STEPS}, the fewest timed steps of a number docs/performance.md reports (--allow-few-steps).`);
  if (steps && !options.skipTeaching) console.log(`Workload (teaching): ${TEACHING_WORKLOAD}; time from start to the run's final point.`);
  if (!options.skipApp) {
    console.log(
      `Workload (app): the app itself (production build) on ${options.appBackends.join(', ')}, budget ${options.appBudget}: 5 queued preference runs from "Start queue" (as npm run bench:front); time to the 1st front point and the main thread's long tasks meanwhile; limit ${options.appLimitMinutes} min.`,
    );
  }
  console.log(
    'Baselines: Node tuned rows vs plain ops (median ms/step ratio, > 1 = faster); browser step rows vs Node wasm tuned, same net (images/s ratio); browser teaching vs Node teaching; app rows vs the app on wasm.',
  );
  console.log(`Machine: ${os.cpus().length} cores, load average (1/5/15 min) ${load(startLoad)} at the start; wall-clock timings on a shared machine are noisy.`);
}

async function main(): Promise<number> {
  const options = benchOptions(benchCommandLine(BENCH_COMMAND, BENCH_FLAGS));
  // Taken at the start: the date, commit and command line of the run the numbers come from.
  const metadata = runMetadata(BENCH_COMMAND.script);
  const startLoad = os.loadavg();
  const results: BenchResults = { node: [], nodeErrors: [], browser: [] };
  let buildSeconds: number | undefined;
  if (!options.skipNode) await nodeRows(options, results);
  if (!options.skipBrowser) {
    const run = await runBrowserBenchmarks({ requests: browserRequests(options), timeoutMinutes: options.browserTimeoutMinutes, log });
    results.browser = run.results;
    buildSeconds = run.buildSeconds;
  }
  if (!options.skipApp) {
    try {
      const app = await runAppFront(options.appBackends, options.appBudget, options.appLimitMinutes, log);
      results.app = { budget: app.budget, limitMinutes: app.limitMinutes, results: app.results };
    } catch (error) {
      results.nodeErrors.push(`app: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }

  const failures = benchFailures(results);
  if (failures.length > 0 && nothingMeasured(results)) {
    // Every requested backend failed: one line, as the other benches say it, not an empty table.
    process.stderr.write(`error: every requested backend failed, nothing was measured: ${failures.join('; ')}\n`);
    return 1;
  }

  console.log('');
  printHeader(options, startLoad);
  console.log('');
  console.log(renderTable(results));
  // What is not in the table, or is there as an ERROR row, and why.
  if (failures.length > 0) console.log(`FAILED: ${failures.join('; ')}`);
  console.log('');
  for (const line of nodeDetails(results.node)) console.log(line);
  for (const b of results.browser) for (const line of browserDetails(b)) console.log(line);
  if (results.app) for (const line of appDetails(results.app)) console.log(line);
  const problems = benchProblems(results);
  const pages = results.browser.length > 0 || results.app ? '; every browser page that ran was crossOriginIsolated' : '';
  console.log(problems.length === 0 ? `Checks: no synchronous readback in any timed step${pages}.` : `FAILED CHECKS:\n  ${problems.join('\n  ')}`);
  console.log(`Load average at the end: ${load(os.loadavg())}${buildSeconds !== undefined ? `; the bench page built in ${buildSeconds.toFixed(0)} s` : ''}.`);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ metadata, options, cores: os.cpus().length, startLoad, endLoad: os.loadavg(), teachingWorkload: TEACHING_WORKLOAD, results }, null, 2));
    console.log(`Wrote ${options.json}.`);
  }
  return failures.length > 0 || problems.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), benchFailed);
