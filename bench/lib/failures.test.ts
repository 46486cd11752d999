import { describe, expect, it } from 'vitest';
import type { BrowserResult } from '../browser/protocol';
import { benchFailures, nothingMeasured } from './failures';
import type { BenchResults, NodeTeachingRow } from './report';

const teaching: NodeTeachingRow = { backend: 'wasm', measurement: { backend: 'wasm', workload: 'ff', steps: 800, ms: 900, objectives: [0.5, 0.5] }, loadAverage: [1, 1, 1] };
const failedPage: BrowserResult = { backend: 'webgpu', pageCrossOriginIsolated: false, steps: [], error: 'no adapter\n  at somewhere' };

describe('what of npm run bench failed', () => {
  it('names each failure in one line, Node, browser and app alike', () => {
    const results: BenchResults = { node: [], nodeErrors: ['Node webgpu: WebGPU: Dawn found no GPU adapter'], browser: [failedPage] };
    expect(benchFailures(results)).toEqual(['Node webgpu: WebGPU: Dawn found no GPU adapter', 'Chromium webgpu: no adapter']);
  });

  it('has measured nothing only when every requested backend failed', () => {
    expect(nothingMeasured({ node: [], nodeErrors: ['Node webgpu: no adapter'], browser: [] })).toBe(true);
    expect(nothingMeasured({ node: [], nodeErrors: ['Node webgpu: no adapter'], browser: [failedPage] })).toBe(true);
    // A backend that set up and measured the teaching run is a row of the table.
    expect(nothingMeasured({ node: [], nodeTeaching: teaching, nodeErrors: ['Node webgpu: no adapter'], browser: [] })).toBe(false);
    expect(nothingMeasured({ node: [], nodeErrors: [], browser: [{ ...failedPage, error: undefined, teachingRoundTripMs: 1000 }] })).toBe(false);
  });
});
