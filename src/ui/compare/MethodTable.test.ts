/** The per-method table: a method of the sweep without a finished run still has its row, saying so. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MethodKey } from '../../experiment/choices';
import { MethodTable } from './MethodTable';
import type { MethodSummary } from './methodSummary';

const linear: MethodSummary = { key: 'linear', count: 8, nonDominated: 8, nonDominatedPoints: 8, hypervolume: 0.2072, distance: null, coverage: null, seconds: null };

const rows = (pending: Map<MethodKey, number>, missing: Map<MethodKey, number>) => {
  const html = renderToStaticMarkup(createElement(MethodTable, { summaries: [linear], reference: [1, 1], exact: false, pending, missing, gridSize: 8 }));
  return [...html.matchAll(/<tr data-testid="method-row" data-method="([^"]+)"[^>]*>(.*?)<\/tr>/g)].map(([, key, row]) => [key, row.replace(/<[^>]+>/g, '').replace(/\u2011/g, '-').trim()]);
};

describe('the method table', () => {
  it("says how many Pareto set models the psl row pools: sweeps of several seeds' models", () => {
    const psl: MethodSummary = { ...linear, key: 'psl', count: 9 };
    const text = (models?: number) => renderToStaticMarkup(createElement(MethodTable, { summaries: [psl], reference: [1, 1], exact: false, models }));
    expect(text()).toContain('9<span class="method-to-come" title="Pareto set learning trains one model: the number is of its answers');
    expect(text()).toContain('(one model)');
    expect(text(3)).toContain('(3 models)');
  });

  it('says that runs in a stopped queue wait for Sweep (after a reload), not that they come', () => {
    const html = (pendingStopped: boolean) => renderToStaticMarkup(createElement(MethodTable, { summaries: [linear], reference: [1, 1], exact: false, pending: new Map<MethodKey, number>([['linear', 3]]), pendingStopped }));
    expect(html(false)).toContain('+ 3 to come');
    expect(html(true)).toContain('+ 3 waiting (Sweep goes on)');
  });

  it('says how many distinct points the non-dominated runs make where they share some', () => {
    const html = (nonDominatedPoints: number) => renderToStaticMarkup(createElement(MethodTable, { summaries: [{ ...linear, key: 'mgda', nonDominated: 5, nonDominatedPoints }], reference: [1, 1], exact: false }));
    expect(html(1)).toContain('>5 (1 distinct)<');
    expect(html(5)).toContain('>5<');
  });

  it('says how finely the exact front is sampled, and below which distance a point is within the sampling', () => {
    const html = renderToStaticMarkup(createElement(MethodTable, { summaries: [linear], reference: [1, 1], exact: true, frontSampling: { spacing: 0.024, tolerance: 0.012 } }));
    expect(html).toContain('to the exact front, sampled about 0.024 apart: a distance below about 0.012 is on the front, as far as its samples tell.');
    expect(html).not.toContain("To its k's point");
  });

  it("measures the lab's Chebyshev methods against their own k's points, in a line under the table (the others aim elsewhere)", () => {
    const summaries: MethodSummary[] = [
      { ...linear, target: null },
      { ...linear, key: 'chebyshev-md', target: { mean: 0.1, max: 0.18, each: [0.02, 0.18] } },
      { ...linear, key: 'chebyshev-al', target: { mean: 4e-4, max: 1e-3, each: [4e-4] } },
    ];
    const html = renderToStaticMarkup(createElement(MethodTable, { summaries, reference: [1, 1], exact: true }));
    const line = /data-testid="method-targets">(.*?)<\/p>/.exec(html)?.[1].replace(/<[^>]+>/g, '').replaceAll('&#x27;', "'");
    expect(line).toBe("To its k's point, where a Chebyshev method's runs should land (their preferences' exact Chebyshev points; on the front is not enough), mean / max: Chebyshev-MD 0.1000 / 0.1800 · Chebyshev-AL 4.0e-4 / 0.001000");
    // No column more (six here, without training times): the lab's table fits beside the tour.
    expect([...html.matchAll(/<th scope="col"/g)]).toHaveLength(6);
    // Only methods that aim elsewhere (the tour's first step, linear alone): no line that would end in nothing.
    const linearOnly = renderToStaticMarkup(createElement(MethodTable, { summaries: [{ ...linear, target: null }], reference: [1, 1], exact: true }));
    expect(linearOnly).not.toContain('method-targets');
  });

  it("writes a column's numbers to 4 significant digits, trailing zeros kept, so that they compare", () => {
    const summaries: MethodSummary[] = [
      { ...linear, hypervolume: 0.08, distance: { mean: 0.5, max: 0.0123, each: [] } },
      { ...linear, key: 'chebyshev-al', hypervolume: 0.08002, distance: { mean: 1e-5, max: 0.25, each: [] } },
    ];
    const html = renderToStaticMarkup(createElement(MethodTable, { summaries, reference: [1, 1], exact: true }));
    const numbers = [...html.matchAll(/<span class="method-number">([^<]+)<\/span>/g)].map(([, v]) => v);
    expect(html).toContain('>0.08000<');
    expect(html).toContain('>0.08002<');
    // A column with a tiny value is written in exponent form down its rows, so that they compare.
    expect(numbers).toEqual(['5.0e-1', '1.2e-2', '1.0e-5', '2.5e-1']);
  });

  it('lists a method whose runs are all queued, with how many are to come', () => {
    expect(rows(new Map([['chebyshev-al', 8]]), new Map())).toEqual([
      ['linear', 'Linear880.2072'],
      ['chebyshev-al', 'Chebyshev-AL0 + 8 to come—no run finished yet'],
    ]);
  });

  it('lists a method of a stopped sweep that finished no run: the table never reads as a finished comparison of the others', () => {
    const [, stopped] = rows(new Map(), new Map([['chebyshev-al', 8]]));
    expect(stopped).toEqual(['chebyshev-al', 'Chebyshev-AL0 at 0 of 8 k—no finished run']);
  });
});
