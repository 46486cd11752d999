/**
 * `npm run bench:front` — time to the Pareto front in the browser, per TF.js backend.
 *
 * Builds the app (`npx vite build`, into a temporary folder so that `dist/` of the e2e tests is left alone),
 * serves it with `npx vite preview` on a free localhost port (with the COOP/COEP headers of vite.config.ts;
 * checked) and drives Debian Chromium (headless; CHROMIUM_PATH overrides /usr/bin/chromium) through the UI
 * only — test ids and accessible names, as e2e/explorer.spec.ts does. For each backend, in a fresh browser
 * context: open `/#v=<today's link version>&budget=<budget>&backend=<b>` (today's default recipe), wait until the
 * worker is ready on that backend, queue 5 preference vectors spread over the simplex (the number fields, "Add to
 * queue"), press "Start queue" and
 * measure from that click
 *   - the time to the first front point and to 5 front points (the page is sampled every 100 ms),
 *   - the main-thread long tasks (PerformanceObserver 'longtask') while training: the longest and how many.
 * The workload (network, training images, epochs) is read from the page's settings.
 *
 * Each backend has a time limit from "Start queue": when it is hit, the row reports how many points were
 * reached and the elapsed time (and the active run's step counter), and the bench goes on — that is a
 * measurement, not a failure. WebGPU in headless Chromium here is SwiftShader, a CPU emulation: expect it to
 * be very slow and to hit the limit under the quick budget.
 *
 * Options:
 *   --backends wasm,webgpu   backends to measure, in order (webgpu|webgl|wasm|cpu)
 *   --budget quick           quick | tiny (smoke test) | paper
 *   --limit-minutes 15       per backend, from "Start queue": one number for all, or wasm=15,webgpu=30
 *                            (default 15 for every backend; 3 with --budget tiny, so that the smoke run stays
 *                            short; WebGPU on SwiftShader is slow: docs/performance.md)
 *   --setup-minutes 5        per backend, to open the page and get the worker ready (exceeding it is an error)
 *   --at-once 1,5            measure each backend with the link's atOnce at each value (queued runs trained at
 *                            once; 1 = one at a time), compared with the first; absent: the backend's choice
 *   --json FILE              also write the results as JSON, with the run's metadata (scripts/runMetadata.ts); its folder
 *                            is checked before anything runs
 * Exit code 0 when every backend was measured (limits hit included), 1 on real errors (the build or the
 * server failed, the page threw, the forced backend did not start, a run failed), 2 on bad arguments.
 *
 * Timings are wall clock on whatever else the machine is doing: the load average is printed with them.
 * The page driving is in front/measure.ts and the build/serve/browser plumbing in lib/server.ts, both shared
 * with `npm run bench`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { writableOutputPath } from '../scripts/flags';
import { benchCommandLine, benchFailed } from './lib/commandLine';
import { runMetadata } from '../scripts/runMetadata';
import { UsageError } from '../src/experiment/cli';
import { BACKENDS, BUDGETS, measureBackend, PREFERENCES, TARGET_POINTS, type Backend, type Budget, type Result } from './front/measure';
import { load, secs, table } from './lib/format';
import { startPreview, viteBuild, withServedBuild } from './lib/server';
import { numberOfText } from '../src/experiment/link/fields';

function parseOptions() {
  const values = benchCommandLine({ script: 'bench:front', summary: 'Time to the Pareto front in the browser (the production build in headless Chromium), per TF.js backend.' }, {
      backends: { type: 'string', default: 'wasm,webgpu', value: 'B,B,…', help: `the app's TF.js backends to measure, in order (${BACKENDS.join(', ')})` },
      budget: { type: 'string', default: 'quick', value: BUDGETS.join('|'), help: "the explorer's budget of the 5 queued runs (tiny: a smoke test)" },
      'limit-minutes': { type: 'string', value: 'M|B=M,…', help: 'minutes per backend from "Start queue", for all or per backend (wasm=15,webgpu=30); hitting it is a measurement (default 15; 3 with --budget tiny)' },
      'setup-minutes': { type: 'string', default: '5', value: 'M', help: "minutes per backend to open the page and get the worker ready (exceeding it is an error)" },
      'at-once': { type: 'string', value: 'K,K,…', help: "measure each backend with the link's queued runs trained K at once (1–8; 1 = one at a time), each compared with the first (default: the backend's choice)" },
      json: { type: 'string', value: 'FILE', help: 'also write the results as JSON' },
    });
  const backends = values.backends.split(',').map((b) => b.trim().toLowerCase());
  for (const b of backends) if (!(BACKENDS as readonly string[]).includes(b)) throw new UsageError(`--backends: unknown backend "${b}" (expected ${BACKENDS.join(', ')})`);
  if (backends.length === 0) throw new UsageError('--backends: empty');
  const budget = values.budget.trim().toLowerCase();
  if (!(BUDGETS as readonly string[]).includes(budget)) throw new UsageError(`--budget: "${values.budget}" (expected ${BUDGETS.join(', ')})`);
  const limits = new Map<Backend, number>();
  const defaultLimit = budget === 'tiny' ? 3 : 15;
  const raw = (values['limit-minutes'] ?? String(defaultLimit)).trim();
  const minutes = (s: string, what: string) => {
    const n = numberOfText(s);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--limit-minutes: ${what} "${s}" is not a positive number`);
    return n;
  };
  if (raw.includes('=')) {
    for (const b of backends) limits.set(b as Backend, defaultLimit);
    for (const part of raw.split(',')) {
      const [name, value] = part.split('=').map((s) => s.trim().toLowerCase());
      if (!backends.includes(name)) throw new UsageError(`--limit-minutes: "${name}" is not among --backends`);
      limits.set(name as Backend, minutes(value ?? '', name));
    }
  } else {
    for (const b of backends) limits.set(b as Backend, minutes(raw, 'value'));
  }
  const setupMinutes = numberOfText(values['setup-minutes']);
  if (!Number.isFinite(setupMinutes) || setupMinutes <= 0) throw new UsageError(`--setup-minutes: "${values['setup-minutes']}"`);
  const atOnce = (values['at-once'] ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
  if (atOnce.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new UsageError(`--at-once: "${values['at-once']}" (expected whole numbers from 1 to 8, e.g. 1,5)`);
  // Refused now, not after the build and every backend's minutes.
  return { backends: backends as Backend[], budget: budget as Budget, limits, setupMinutes, atOnce, json: values.json === undefined ? undefined : writableOutputPath('--json', values.json) };
}

// ---------------------------------------------------------------------------------------------------------
// Report

function report(results: Result[], budget: Budget, startLoad: number[]): void {
  const w = results.find((r) => r.workload)?.workload;
  console.log('');
  console.log(`Workload (budget "${budget}", read from the page): ${w ? `${w.budgetLabel}; network ${w.network}; ${w.trainImages} training images (validation ${w.valImages}, test ${w.testImages}), batch ${w.batchSize}; ${w.epochs}` : 'not read (no backend got that far)'}.`);
  console.log(`5 queued runs, k = ${PREFERENCES.map((k) => `(${k.join(', ')})`).join(' ')}; times from the click on "Start queue" (data loading included).`);
  console.log(`Machine: ${os.cpus().length} cores, load average (1/5/15 min) ${load(startLoad)} at the start — wall-clock timings are noisy; compare ratios within one run.`);
  if (results.some((r) => r.backend === 'webgpu')) console.log('WebGPU in headless Chromium here is SwiftShader, a CPU emulation of a GPU: expect it to be far slower than wasm, and to hit its limit.');
  console.log('');
  const rows = [['backend', 'device / threads', 'workload', 'time to 1st point', `time to ${TARGET_POINTS} points`, 'longest task', 'long tasks (>50 / >200 ms)', 'load at end']];
  for (const r of results) {
    const to5 = r.error
      ? `ERROR`
      : r.limitHit
        ? `limit ${r.limitMinutes} min: ${r.pointSeconds.length}/${TARGET_POINTS} points after ${secs(r.elapsedSeconds)}`
        : secs(r.pointSeconds[TARGET_POINTS - 1]);
    const first = r.error && r.pointSeconds.length === 0 ? '—' : r.pointSeconds.length > 0 ? secs(r.pointSeconds[0]) : `> ${secs(r.elapsedSeconds)}`;
    rows.push([
      labelOf(r),
      r.detail || '—',
      r.workload?.short ?? '—',
      first,
      to5,
      r.error ? '—' : `${r.longestTaskMs.toFixed(0)} ms`,
      r.error ? '—' : `${r.longTasks} / ${r.longTasksOver200}`,
      r.loadAverage.length ? load(r.loadAverage) : '—',
    ]);
  }
  console.log(table(rows));
  console.log('');
  for (const r of results) {
    const bits = [`setup (page open → worker ready) ${secs(r.setupSeconds)}`, `crossOriginIsolated ${r.crossOriginIsolated}`];
    if (r.pointSeconds.length) bits.push(`points at ${r.pointSeconds.map((s) => s.toFixed(1)).join(', ')} s`);
    if (r.atLimit) bits.push(`at the limit: ${r.atLimit}`);
    if (r.consoleErrors.length) bits.push(`${r.consoleErrors.length} console error(s), first: ${r.consoleErrors[0].slice(0, 200)}`);
    if (r.failedRequests.length) bits.push(`failed requests: ${[...new Set(r.failedRequests)].slice(0, 5).join(', ')}`);
    console.log(`${labelOf(r)}: ${bits.join('; ')}`);
    if (r.error) console.log(`${labelOf(r)}: ERROR ${r.error}`);
  }
  // Against wasm (one backend against another), and against each backend's first atOnce (--at-once).
  const wasm = results.find((r) => r.backend === 'wasm' && !r.error && r.pointSeconds.length > 0);
  for (const r of results) {
    const first = results.find((b) => b.backend === r.backend && !b.error && b.pointSeconds.length > 0);
    const bases = [...(wasm && wasm.backend !== r.backend ? [wasm] : []), ...(first && first !== r && r.atOnce !== undefined ? [first] : [])];
    for (const base of bases) {
      if (r.error) continue;
      const firstPoint = r.pointSeconds.length > 0 ? `${(r.pointSeconds[0] / base.pointSeconds[0]).toFixed(1)}×` : `> ${(r.elapsedSeconds / base.pointSeconds[0]).toFixed(1)}× (no point within its limit)`;
      const all =
        r.pointSeconds.length >= TARGET_POINTS && base.pointSeconds.length >= TARGET_POINTS
          ? `${(r.pointSeconds[TARGET_POINTS - 1] / base.pointSeconds[TARGET_POINTS - 1]).toFixed(1)}×`
          : base.pointSeconds.length >= TARGET_POINTS && r.limitHit
            ? `> ${(r.elapsedSeconds / base.pointSeconds[TARGET_POINTS - 1]).toFixed(1)}×`
            : 'n/a';
      console.log(`ratio ${labelOf(r)} / ${labelOf(base)}: time to 1st point ${firstPoint}; time to ${TARGET_POINTS} points ${all}`);
    }
  }
}

/** "webgpu", or "webgpu, atOnce 5" for a run of --at-once. */
function labelOf(r: Pick<Result, 'backend' | 'atOnce'>): string {
  return r.atOnce === undefined ? r.backend : `${r.backend}, atOnce ${r.atOnce}`;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  // A bad option is a UsageError: said with the usage, exit code 2 (lib/commandLine.ts).
  const options = parseOptions();
  const metadata = runMetadata('bench:front');
  const startLoad = os.loadavg();
  try {
    console.error(`bench:front — budget ${options.budget}, backends ${options.backends.join(', ')}, limits ${options.backends.map((b) => `${b} ${options.limits.get(b)} min`).join(', ')}`);
    console.error('building (npx vite build) …');
    const opts = options;
    return await withServedBuild('paretoscope-bench-front-', (outDir) => viteBuild(outDir), (outDir) => startPreview(outDir), async ({ preview, browser, buildSeconds }) => {
      console.error(`built in ${buildSeconds.toFixed(0)} s; serving on ${preview.url}`);
      const results: Result[] = [];
      for (const backend of opts.backends) {
        for (const atOnce of opts.atOnce.length > 0 ? opts.atOnce : [undefined]) {
          const limit = opts.limits.get(backend)!;
          const what = labelOf({ backend, atOnce });
          console.error(`${what}: measuring (limit ${limit} min from "Start queue") …`);
          const r = await measureBackend(browser, preview.url, backend, opts.budget, limit, opts.setupMinutes, atOnce);
          console.error(`${what}: ${r.error ? `ERROR ${r.error}` : `${r.pointSeconds.length}/${TARGET_POINTS} points in ${secs(r.elapsedSeconds)}${r.limitHit ? ' (limit hit)' : ''}`}`);
          results.push(r);
        }
      }
      report(results, opts.budget, startLoad);
      if (opts.json) writeFileSync(opts.json, JSON.stringify({ metadata, budget: opts.budget, cores: os.cpus().length, startLoad, preferences: PREFERENCES, results }, null, 2));
      return results.some((r) => r.error) ? 1 : 0;
    });
  } catch (error) {
    console.error(`bench:front: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main().then((code) => process.exit(code), benchFailed);
