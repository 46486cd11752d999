import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { BackendBadge, detailParts, threadsTitle } from './BackendBadge';
import type { BackendReport } from '../workers/protocol';

const wasm: BackendReport = {
  name: 'wasm',
  forced: false,
  passedOver: [
    { name: 'webgpu', reason: 'the only WebGPU adapter is a software fallback' },
    { name: 'webgl', reason: 'a training step would take about a minute' },
  ],
  runsAtOnce: 1,
  threads: 1,
  device: 'WebAssembly SIMD, threaded build + Paretoscope kernels',
};

describe('the backend line', () => {
  it('reads as before, word for word: the thread count is no longer, only explained on hover', () => {
    const parts = detailParts(wasm, 2);
    expect(parts.map((p) => p.text).join(' · ')).toBe('WebAssembly SIMD, threaded build + Paretoscope kernels · 1 thread · chosen automatically');
    expect(parts.filter((p) => p.title).map((p) => p.text)).toEqual(['1 thread']);
  });

  it('says why the threaded build has this many threads: half the logical cores, 1 to 4', () => {
    const title = threadsTitle(1, wasm.device, 2);
    expect(title).toContain('1 thread');
    expect(title).toContain('half the logical cores, from 1 to 4');
    expect(title).toContain('This browser reports 2 logical cores, so 1 thread.');
    expect(threadsTitle(4, wasm.device, 16)).toContain('16 logical cores, so 4 threads');
    expect(threadsTitle(2, wasm.device, undefined)).not.toContain('This browser reports');
  });

  it('says why the single-threaded build runs when it does', () => {
    expect(threadsTitle(1, 'WebAssembly', 8)).toContain('the single-threaded build runs');
  });

  it('has no thread part off wasm', () => {
    const webgpu: BackendReport = { name: 'webgpu', forced: true, passedOver: [], runsAtOnce: 3, device: 'SwiftShader' };
    const parts = detailParts(webgpu, 2);
    expect(parts.map((p) => p.text)).toEqual(['SwiftShader', 'trains up to 3 queued runs at once', 'asked for by the link (backend=)']);
    expect(parts.some((p) => p.title)).toBe(false);
  });

  it('renders the same text in backend-detail, the thread count with its title; the reasons folded under the summary', () => {
    const html = renderToStaticMarkup(createElement(BackendBadge, { report: wasm, status: 'ready' }));
    const detail = /data-testid="backend-detail">(.*?)<\/span><details/.exec(html)?.[1] ?? '';
    expect(detail.replace(/<[^>]+>/g, '')).toBe('WebAssembly SIMD, threaded build + Paretoscope kernels · 1 thread · chosen automatically');
    expect(html).toMatch(/<span class="backend-detail-hint" data-testid="backend-threads" title="[^"]*half the logical cores[^"]*" data-tip="[^"]*" tabindex="0" role="note" aria-label="1 thread: [^"]*half the logical cores[^"]*">1 thread<\/span>/);
    expect(html).toContain('<summary data-testid="passed-over-summary">why not webgpu, webgl?</summary>');
    expect(html).toContain('data-testid="passed-over"');
  });
});
