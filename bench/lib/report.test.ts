import { describe, expect, it } from 'vitest';
import type { BrowserResult } from '../browser/protocol';
import { groupKernels, type StepMeasurement, type StepWorkload } from '../workloads/step';
import { summarize } from './format';
import { benchProblems, memoryCell, nodeDetails, readsCell, tableRows, whereTimeGoes, HEADER, type BenchResults } from './report';

function measurement(workload: Partial<StepWorkload>, times: number[], extra: Partial<StepMeasurement> = {}): StepMeasurement {
  const w: StepWorkload = { net: 'mdmtn', ops: 'tuned', batch: 256, warmup: 3, steps: times.length, profile: false, ...workload };
  const summary = summarize(times);
  return {
    workload: w,
    backend: 'wasm',
    setupMs: 1,
    warmupMs: [5, 4, 3],
    timesMs: times,
    summary,
    imagesPerSecond: (1000 * w.batch) / summary.median,
    tensorBytesAfterStep: 2 ** 20,
    probeMax: {},
    readbacks: { sync: 0, kernelSync: 0, async: 2 * times.length, asyncWaitMs: 0 },
    ...extra,
  };
}

const node: BenchResults['node'] = [
  { backend: 'wasm', threads: 1, measurement: measurement({ ops: 'plain' }, [400, 420, 380]), loadAverage: [2, 2, 2] },
  { backend: 'wasm', threads: 1, measurement: measurement({ ops: 'tuned' }, [200, 210, 190]), loadAverage: [2, 2, 2] },
];

function browser(overrides: Partial<BrowserResult> = {}): BrowserResult {
  return {
    backend: 'wasm',
    pageCrossOriginIsolated: true,
    report: { name: 'wasm', forced: true, passedOver: [], runsAtOnce: 1, threads: 1, device: 'WebAssembly SIMD, threaded build' },
    teaching: { backend: 'wasm', workload: 'ff', steps: 800, ms: 900, objectives: [0.5, 0.5] },
    teachingRoundTripMs: 1000,
    teachingMainThread: { longTasks: 0, longestTaskMs: 0, maxTimerLagMs: 3 },
    steps: [{ result: measurement({}, [250, 260, 240]), mainThread: { longTasks: 2, longestTaskMs: 80, maxTimerLagMs: 70 } }],
    loadAverage: [1.5, 1, 1],
    ...overrides,
  };
}

describe('tableRows', () => {
  const results: BenchResults = {
    node,
    nodeTeaching: { backend: 'wasm', measurement: { backend: 'wasm', workload: 'ff', steps: 800, ms: 500, objectives: [0.5, 0.5] }, loadAverage: [2, 2, 2] },
    nodeErrors: [],
    browser: [browser()],
  };
  const rows = tableRows(results);
  const col = (name: string) => HEADER.indexOf(name);

  it('has a header and one row per measurement, all as wide as the header', () => {
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(1 + 2 + 1 + 2);
    for (const r of rows) expect(r).toHaveLength(HEADER.length);
  });

  it('compares Node tuned with plain, and the browser with Node wasm tuned and Node teaching', () => {
    const [, plain, tuned, nodeTeaching, browserTeaching, browserStep] = rows;
    expect(plain[col('speed vs baseline')]).toBe('baseline');
    expect(tuned[col('speed vs baseline')]).toBe('2.00× plain');
    expect(tuned[col('median')]).toBe('200 ms');
    expect(tuned[col('throughput')]).toBe('1280 img/s');
    expect(nodeTeaching[col('speed vs baseline')]).toBe('baseline');
    expect(browserTeaching[col('speed vs baseline')]).toBe('0.50× Node wasm');
    expect(browserTeaching[col('longest main-thread task')]).toBe('none ≥ 50 ms (lag 3 ms)');
    expect(browserStep[col('speed vs baseline')]).toBe('0.80× Node wasm');
    expect(browserStep[col('longest main-thread task')]).toBe('80 ms (2 long)');
    expect(browserStep[col('steps')]).toBe('3+3');
    expect(browserStep[col('reads in timed steps')]).toBe('0 sync (0 in kernels), 2.0 async/step');
  });

  it('shows GPU dispatches per step, and the adapter of Node webgpu below the table', () => {
    const gpu = { backend: 'webgpu', device: 'google, swiftshader (software fallback)', measurement: measurement({}, [900], { backend: 'webgpu', dispatchesPerStep: 761 }), loadAverage: [1] };
    const withGpu = tableRows({ ...results, node: [...node, gpu] });
    expect(withGpu[3][col('dispatches/step')]).toBe('761');
    expect(withGpu[1][col('dispatches/step')]).toBe('—');
    expect(nodeDetails([...node, gpu])).toEqual(['Node webgpu: adapter google, swiftshader (software fallback)']);
    const composed = { ...gpu, measurement: measurement({ kernels: false }, [900], { backend: 'webgpu', dispatchesPerStep: 779 }) };
    expect(tableRows({ ...results, node: [composed] })[1][col('workload')]).toBe('MDMTN tuned without kernels, batch 256');
  });

  it('adds a row for a backend that failed', () => {
    const failed = tableRows({ ...results, browser: [browser({ backend: 'webgpu', error: 'no adapter', steps: [], teaching: undefined })] });
    expect(failed.at(-1)?.[col('workload')]).toBe('ERROR (see below)');
  });
});

describe('app rows', () => {
  const app = (backend: 'wasm' | 'webgpu', pointSeconds: number[], extra: object = {}) => ({
    backend,
    detail: 'WebAssembly SIMD, threaded build · 1 thread · asked for by the link (backend=)',
    crossOriginIsolated: true,
    preferences: [],
    setupSeconds: 1,
    limitMinutes: 3,
    pointSeconds,
    elapsedSeconds: pointSeconds.at(-1) ?? 180,
    limitHit: pointSeconds.length < 5,
    longestTaskMs: 101,
    longTasks: 8,
    longTasksOver200: 0,
    loadAverage: [6.5, 6, 6],
    consoleErrors: [],
    failedRequests: [],
    ...extra,
  });

  it('shows the time to the first point, the longest task, and compares with the app on wasm', () => {
    const rows = tableRows({ node: [], nodeErrors: [], browser: [], app: { budget: 'tiny', limitMinutes: 3, results: [app('wasm', [3.5, 4.9, 5.8, 6.9, 7.6]), app('webgpu', [70])] } });
    const col = (name: string) => HEADER.indexOf(name);
    expect(rows[1][col('median')]).toBe('3500 ms');
    expect(rows[1][col('throughput')]).toBe('5 points in 7.6 s');
    expect(rows[1][col('speed vs baseline')]).toBe('baseline');
    expect(rows[1][col('threads')]).toBe('1');
    expect(rows[1][col('longest main-thread task')]).toBe('101 ms (8 long)');
    expect(rows[2][col('throughput')]).toBe('limit 3 min: 1/5 points');
    expect(rows[2][col('speed vs baseline')]).toBe('0.050× app wasm');
  });

  it('flags an app page that is not cross-origin isolated', () => {
    const results = { node: [], nodeErrors: [], browser: [], app: { budget: 'tiny', limitMinutes: 3, results: [app('wasm', [1], { crossOriginIsolated: false })] } };
    expect(benchProblems(results)).toEqual([expect.stringMatching(/app wasm: the page is not crossOriginIsolated/)]);
  });
});

describe('checks', () => {
  it('flags synchronous reads: any on the GPU backends, only dataSync-style ones elsewhere', () => {
    const kernelReads = measurement({}, [1, 2, 3], { readbacks: { sync: 0, kernelSync: 4, async: 6, asyncWaitMs: 0 } });
    const ok: BenchResults = { node: [{ backend: 'wasm', measurement: kernelReads, loadAverage: [0] }], nodeErrors: [], browser: [] };
    expect(benchProblems(ok)).toEqual([]);
    const gpu = { ...ok, browser: [browser({ backend: 'webgpu', steps: [{ result: kernelReads, mainThread: { longTasks: 0, longestTaskMs: 0, maxTimerLagMs: 0 } }] })] };
    expect(benchProblems(gpu)).toEqual([expect.stringMatching(/^synchronous readback: Chromium webgpu MDMTN tuned, batch 256: 0 dataSync-style and 4 kernel/)]);
    const dataSync = measurement({}, [1, 2, 3], { readbacks: { sync: 1, kernelSync: 0, async: 6, asyncWaitMs: 0 } });
    expect(benchProblems({ ...ok, node: [{ backend: 'cpu', measurement: dataSync, loadAverage: [0] }] })).toHaveLength(1);
  });

  it('says how long a GPU step waited for its readings (what pipelined steps could save at most)', () => {
    const gpu = measurement({}, [10, 12, 14], { readbacks: { sync: 0, kernelSync: 0, async: 3, asyncWaitMs: 12.6 }, dispatchesPerStep: 80 });
    expect(readsCell(gpu)).toBe('0 sync (0 in kernels), 1.0 async/step (waited 4.2 ms/step)');
    expect(readsCell({ ...gpu, dispatchesPerStep: undefined })).toBe('0 sync (0 in kernels), 1.0 async/step');
  });

  it('flags a page that is not cross-origin isolated', () => {
    expect(benchProblems({ node: [], nodeErrors: [], browser: [browser({ pageCrossOriginIsolated: false })] })).toEqual([expect.stringMatching(/not crossOriginIsolated/)]);
  });
});

describe('memory and kernels', () => {
  it('shows the profiled peak of tensors, what a step leaves, and the backend memory, in MiB', () => {
    const m = measurement({}, [1], {
      probeMax: { wasmHeapBytes: 64 * 2 ** 20, numBytesInGPU: 2 * 2 ** 20, numBytesAllocatedInGPU: 3 * 2 ** 20 },
      profile: { wallMs: 1, kernelMs: 1, kernelCalls: 1, kernels: [], peakBytes: 5 * 2 ** 20 },
    });
    expect(memoryCell(m)).toBe('5.0 MiB tensors at peak (1.0 MiB after a step), 64 MiB wasm heap, 2.0 MiB GPU in use (3.0 MiB allocated)');
    // The probe's 17,214,336 bytes: 16.4 MiB, not "16 MB".
    expect(memoryCell({ ...m, profile: { ...m.profile!, peakBytes: 17_214_336 } })).toMatch(/^16 MiB tensors at peak/);
  });

  it('says that an unprofiled row has no peak, only what a step leaves', () => {
    const m = measurement({}, [1], { tensorBytesAfterStep: 0.3 * 2 ** 20, probeMax: { rssBytes: 300 * 2 ** 20 } });
    expect(memoryCell(m)).toBe('0.3 MiB tensors after a step (no peak: not profiled), 300 MiB RSS');
    expect(memoryCell(m)).not.toMatch(/peak \(|at peak/);
    expect(HEADER).toContain('memory');
    expect(HEADER.join(' ')).not.toMatch(/peak/);
  });

  it('groups kernels by name, the most time first; timer errors count as 0 ms', () => {
    const g = groupKernels([
      { name: 'MatMul', ms: 2 },
      { name: 'Conv2D', ms: 5 },
      { name: 'MatMul', ms: 4 },
      { name: 'Add', ms: { error: 'no timer' } },
    ]);
    expect(g.kernelMs).toBe(11);
    expect(g.kernelCalls).toBe(4);
    expect(g.kernels).toEqual([
      { name: 'MatMul', calls: 2, ms: 6 },
      { name: 'Conv2D', calls: 1, ms: 5 },
      { name: 'Add', calls: 1, ms: 0 },
    ]);
    expect(whereTimeGoes({ ...g, wallMs: 20, peakBytes: 0 }, 2)).toBe('kernels 11.0 ms of 20.0 ms wall in the profiled step (4 kernel calls): MatMul 55% (2), Conv2D 45% (1)');
    expect(whereTimeGoes({ kernels: [], kernelMs: 0, kernelCalls: 3, wallMs: 20, peakBytes: 0 })).toMatch(/^no kernel times from this backend/);
  });
});
