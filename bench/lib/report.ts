/**
 * The report of `npm run bench`: one table with a row per measurement (Node and browser training steps, the
 * teaching run's time to the first point), each compared with its baseline from the same run, then the
 * per-backend details (device, isolation, threads, where the time goes). Pure: measurements in, text out.
 */
import type { BrowserResult, MainThreadReading } from '../browser/protocol';
import { TARGET_POINTS, type Result as AppResult } from '../front/measure';
import type { StepMeasurement, StepProfile } from '../workloads/step';
import type { TeachingMeasurement } from '../workloads/teaching';
import { load, mib, ms, ratio, secs, table } from './format';

export interface NodeStepRow {
  backend: string;
  threads?: number;
  /** The adapter (Node webgpu through Dawn). */
  device?: string;
  measurement: StepMeasurement;
  loadAverage: number[];
}

export interface NodeTeachingRow {
  backend: string;
  measurement: TeachingMeasurement;
  loadAverage: number[];
}

export interface AppRows {
  budget: string;
  limitMinutes: number;
  results: AppResult[];
}

export interface BenchResults {
  node: NodeStepRow[];
  nodeTeaching?: NodeTeachingRow;
  nodeErrors: string[];
  browser: BrowserResult[];
  app?: AppRows;
}

const NET_LABEL: Record<string, string> = { mdmtn: 'MDMTN', hps: 'HPS' };

export function stepLabel(m: StepMeasurement): string {
  const composedOnly = m.workload.ops === 'tuned' && m.workload.kernels === false && (m.backend === 'wasm' || m.backend === 'webgpu');
  return `${NET_LABEL[m.workload.net] ?? m.workload.net} ${m.workload.ops}${composedOnly ? ' without kernels' : ''}, batch ${m.workload.batch}`;
}

/**
 * A step row's memory, each reading said as what it is (MiB). The tensors' peak within a step comes from the
 * profiled step alone (tf.profile's peakBytes); without it (--skip-profile) the row has what a step leaves — the live
 * model, the optimiser's state and caches: tf.memory() after each timed step, the largest — which is no peak and is
 * said so. The backend's readings (wasm heap, GPU bytes, RSS) are the largest of those sampled after each timed step
 * (the wasm heap only grows: its size is its peak).
 */
export function memoryCell(m: StepMeasurement): string {
  const after = mib(m.tensorBytesAfterStep);
  const parts = [m.profile ? `${mib(m.profile.peakBytes)} tensors at peak (${after} after a step)` : `${after} tensors after a step (no peak: not profiled)`];
  const p = m.probeMax;
  if (p.wasmHeapBytes !== undefined) parts.push(`${mib(p.wasmHeapBytes)} wasm heap`);
  const allocated = p.numBytesAllocatedInGPU ?? p.numBytesInGPUAllocated;
  if (p.numBytesInGPU !== undefined) parts.push(`${mib(p.numBytesInGPU)} GPU in use${allocated !== undefined ? ` (${mib(allocated)} allocated)` : ''}`);
  else if (allocated !== undefined) parts.push(`${mib(allocated)} GPU allocated`);
  if (p.rssBytes !== undefined) parts.push(`${mib(p.rssBytes)} RSS`);
  return parts.join(', ');
}

/** What the memory column holds, for the lines above the table. */
export const MEMORY_NOTE =
  'Memory (MiB = 2^20 bytes): the tensors at their peak within one extra profiled step (tf.profile; no peak with --skip-profile) and what a timed step leaves (the largest tf.memory() after one); wasm heap, GPU bytes and RSS: the largest reading after a timed step.';

export function readsCell(m: StepMeasurement): string {
  const r = m.readbacks;
  const n = m.timesMs.length;
  // On a GPU backend, the CPU's wait per step for the device to finish and return the readings: what pipelined steps
  // could save at most (readbacks.ts).
  const waited = m.dispatchesPerStep !== undefined && Number.isFinite(r.asyncWaitMs) ? ` (waited ${ms(r.asyncWaitMs / n)}/step)` : '';
  return `${r.sync} sync (${r.kernelSync} in kernels), ${(r.async / n).toFixed(1)} async/step${waited}`;
}

function taskCell(t: MainThreadReading | undefined): string {
  if (!t) return '—';
  return t.longTasks === 0 ? `none ≥ 50 ms (lag ${t.maxTimerLagMs.toFixed(0)} ms)` : `${t.longestTaskMs.toFixed(0)} ms (${t.longTasks} long)`;
}

export const HEADER = ['where', 'backend', 'workload', 'steps', 'median', 'min', 'max', 'throughput', 'speed vs baseline', 'dispatches/step', 'memory', 'threads', 'reads in timed steps', 'longest main-thread task', 'load 1 min'];
const RIGHT = [4, 5, 6, 7, 8, 9];

/** GPU programs per timed step (webgpu, webgl); '—' where the backend dispatches none. */
export function dispatchCell(m: StepMeasurement): string {
  return m.dispatchesPerStep === undefined ? '—' : m.dispatchesPerStep.toFixed(0);
}

/** The baseline of a Node step row: the plain-ops row of the same backend and net. */
function nodeBaseline(rows: NodeStepRow[], row: NodeStepRow): NodeStepRow | undefined {
  const w = row.measurement.workload;
  return rows.find((r) => r.backend === row.backend && r.measurement.workload.net === w.net && r.measurement.workload.ops === 'plain');
}

/** The baseline of a browser step row: Node wasm, tuned ops with kernels, same net (compared in images per second). */
function browserBaseline(rows: NodeStepRow[], m: StepMeasurement): NodeStepRow | undefined {
  return rows.find((r) => r.backend === 'wasm' && r.measurement.workload.net === m.workload.net && r.measurement.workload.ops === 'tuned' && r.measurement.workload.kernels !== false);
}

export function tableRows(results: BenchResults): string[][] {
  const rows: string[][] = [HEADER];
  const stepCells = (m: StepMeasurement) => [
    `${m.workload.warmup}+${m.timesMs.length}`,
    ms(m.summary.median),
    ms(m.summary.min),
    ms(m.summary.max),
    `${m.imagesPerSecond.toFixed(0)} img/s`,
  ];
  for (const r of results.node) {
    const m = r.measurement;
    const base = nodeBaseline(results.node, r);
    const vs = base === r ? 'baseline' : base ? `${ratio(base.measurement.summary.median / m.summary.median)} plain` : '—';
    rows.push(['Node', r.backend, stepLabel(m), ...stepCells(m), vs, dispatchCell(m), memoryCell(m), r.threads !== undefined ? String(r.threads) : '—', readsCell(m), '—', r.loadAverage[0].toFixed(1)]);
  }
  const t = results.nodeTeaching;
  if (t) {
    rows.push(['Node', t.backend, 'teaching: 1st point', `${t.measurement.steps} (1 run)`, ms(t.measurement.ms), '—', '—', `${((1000 * t.measurement.steps) / t.measurement.ms).toFixed(0)} steps/s`, 'baseline', '—', '—', '—', '—', '—', t.loadAverage[0].toFixed(1)]);
  }
  for (const b of results.browser) {
    const threads = b.report?.threads !== undefined ? String(b.report.threads) : '—';
    const loadCell = b.loadAverage ? b.loadAverage[0].toFixed(1) : '—';
    if (b.teaching && b.teachingRoundTripMs !== undefined) {
      const vs = t ? `${ratio(t.measurement.ms / b.teachingRoundTripMs)} Node ${t.backend}` : '—';
      rows.push(['Chromium', b.backend, 'teaching: 1st point', `${b.teaching.steps} (1 run)`, ms(b.teachingRoundTripMs), '—', '—', `${((1000 * b.teaching.steps) / b.teachingRoundTripMs).toFixed(0)} steps/s`, vs, '—', '—', threads, '—', taskCell(b.teachingMainThread), loadCell]);
    }
    for (const s of b.steps) {
      const m = s.result;
      const base = browserBaseline(results.node, m);
      const vs = base ? `${ratio(m.imagesPerSecond / base.measurement.imagesPerSecond)} Node wasm` : '—';
      rows.push(['Chromium', b.backend, stepLabel(m), ...stepCells(m), vs, dispatchCell(m), memoryCell(m), threads, readsCell(m), taskCell(s.mainThread), loadCell]);
    }
    if (b.error) rows.push(['Chromium', b.backend, `ERROR (see below)`, '—', '—', '—', '—', '—', '—', '—', '—', threads, '—', '—', loadCell]);
  }
  if (results.app) {
    const { budget, limitMinutes } = results.app;
    const appBase = results.app.results.find((r) => r.backend === 'wasm' && !r.error && r.pointSeconds.length > 0);
    for (const r of results.app.results) {
      const first = r.pointSeconds[0];
      const all = r.pointSeconds[TARGET_POINTS - 1];
      const vs = r === appBase ? 'baseline' : appBase && first !== undefined ? `${ratio(appBase.pointSeconds[0] / first)} app wasm` : '—';
      const progress = r.error
        ? 'ERROR (see below)'
        : all !== undefined
          ? `${TARGET_POINTS} points in ${secs(all)}`
          : `limit ${limitMinutes} min: ${r.pointSeconds.length}/${TARGET_POINTS} points`;
      const task = r.error ? '—' : r.longTasks === 0 ? 'none ≥ 50 ms' : `${r.longestTaskMs.toFixed(0)} ms (${r.longTasks} long)`;
      const threads = /(\d+) threads?/.exec(r.detail)?.[1] ?? '—';
      rows.push(['Chromium app', r.backend, `app, ${budget} budget: 1st front point`, `${TARGET_POINTS} runs`, first !== undefined ? ms(first * 1000) : '—', '—', '—', progress, vs, '—', '—', threads, '—', task, r.loadAverage.length ? r.loadAverage[0].toFixed(1) : '—']);
    }
  }
  return rows;
}

export function renderTable(results: BenchResults): string {
  return table(tableRows(results), RIGHT);
}

/** "Conv2D 41% (12 calls), MatMul 20% (30), …" — the kernels that take most of the profiled step. */
export function whereTimeGoes(p: StepProfile, top = 6): string {
  if (p.kernelMs <= 0) return `no kernel times from this backend (profiled step ${ms(p.wallMs)} wall, ${p.kernelCalls} kernel calls)`;
  const head = p.kernels
    .slice(0, top)
    .map((k) => `${k.name} ${((100 * k.ms) / p.kernelMs).toFixed(0)}% (${k.calls})`)
    .join(', ');
  return `kernels ${ms(p.kernelMs)} of ${ms(p.wallMs)} wall in the profiled step (${p.kernelCalls} kernel calls): ${head}`;
}

/**
 * What makes the run fail besides errors: synchronous reads in timed steps (on the GPU backends any, elsewhere
 * those our code asks for) and a browser page that is not cross-origin isolated (no threaded wasm).
 */
export function benchProblems(results: BenchResults): string[] {
  const problems: string[] = [];
  for (const r of results.app?.results ?? []) {
    if (!r.error && !r.crossOriginIsolated) problems.push(`Chromium app ${r.backend}: the page is not crossOriginIsolated`);
  }
  for (const b of results.browser) {
    if (!b.error && !b.pageCrossOriginIsolated) problems.push(`Chromium ${b.backend}: the page is not crossOriginIsolated (COOP/COEP headers missing?)`);
  }
  const check = (where: string, backend: string, m: StepMeasurement) => {
    const gpu = backend === 'webgpu' || backend === 'webgl';
    const n = m.readbacks.sync + (gpu ? m.readbacks.kernelSync : 0);
    if (n > 0) problems.push(`synchronous readback: ${where} ${backend} ${stepLabel(m)}: ${m.readbacks.sync} dataSync-style and ${m.readbacks.kernelSync} kernel synchronous reads in ${m.timesMs.length} timed steps`);
  };
  for (const r of results.node) check('Node', r.backend, r.measurement);
  for (const b of results.browser) for (const s of b.steps) check('Chromium', b.backend, s.result);
  return problems;
}

export function browserDetails(b: BrowserResult): string[] {
  const lines: string[] = [];
  const e = b.environment;
  const bits = [
    `device ${b.report?.device ?? '—'}`,
    `crossOriginIsolated page ${b.pageCrossOriginIsolated} / worker ${e?.crossOriginIsolated ?? '—'}`,
    `hardwareConcurrency ${e?.hardwareConcurrency ?? '—'}`,
  ];
  if (b.backend === 'wasm') bits.push(`wasm threads ${b.report?.threads ?? '—'} (threaded build ${e?.wasmMultithread ?? '—'}, SIMD ${e?.wasmSimd ?? '—'})`);
  if (b.backend === 'webgpu') bits.push(`timestamp-query ${e?.timestampQuery ?? '—'}`);
  if (b.setupMs !== undefined) bits.push(`worker start + backend init ${secs(b.setupMs / 1000)}`);
  if (b.userAgentMemoryBytes !== undefined) bits.push(`measureUserAgentSpecificMemory ${mib(b.userAgentMemoryBytes)} after the steps`);
  else if (b.userAgentMemoryNote) bits.push(b.userAgentMemoryNote);
  lines.push(`Chromium ${b.backend}: ${bits.join('; ')}`);
  if (b.error) lines.push(`  ERROR ${b.error}`);
  for (const s of b.steps) {
    const m = s.result;
    const extra: string[] = [`warm-up ${m.warmupMs.map((v) => ms(v)).join(', ') || 'none'}`];
    if (s.gpuBuffers) extra.push(`GPU buffers created in the timed steps ${s.gpuBuffers.createdDuringTimedSteps} (per step ${s.gpuBuffers.createdPerStep.join(', ')}; ${Object.entries(s.gpuBuffers.createdByKind).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; pool: ${s.gpuBuffers.used} in use, ${s.gpuBuffers.free} free)`);
    lines.push(`  ${stepLabel(m)}: ${extra.join('; ')}`);
    if (m.profile) lines.push(`  ${stepLabel(m)}: ${whereTimeGoes(m.profile)}`);
  }
  return lines;
}

export function appDetails(app: AppRows): string[] {
  return app.results.map((r) => {
    const bits = [`device ${r.detail || '—'}`, `crossOriginIsolated ${r.crossOriginIsolated}`, `setup ${secs(r.setupSeconds)}`];
    if (r.workload) bits.push(`workload ${r.workload.short}, batch ${r.workload.batchSize}`);
    if (r.pointSeconds.length) bits.push(`points at ${r.pointSeconds.map((v) => v.toFixed(1)).join(', ')} s after "Start queue"`);
    bits.push(`long tasks > 200 ms: ${r.longTasksOver200}`);
    if (r.error) bits.push(`ERROR ${r.error}`);
    return `Chromium app ${r.backend}: ${bits.join('; ')}`;
  });
}

export function nodeDetails(rows: NodeStepRow[]): string[] {
  const lines: string[] = [];
  for (const [backend, device] of new Map(rows.filter((r) => r.device).map((r) => [r.backend, r.device]))) lines.push(`Node ${backend}: adapter ${device}`);
  for (const r of rows) if (r.measurement.profile) lines.push(`Node ${r.backend} ${stepLabel(r.measurement)}: ${whereTimeGoes(r.measurement.profile)}`);
  return lines;
}

export { load };
