import { describe, expect, it } from 'vitest';
import type { MethodSummary } from '../compare/methodSummary';
import { tourReadout } from './tourReadout';

const summary = (key: MethodSummary['key'], gap: number, distance: number, hypervolume: number): MethodSummary => ({
  key,
  count: 11,
  nonDominated: 11,
  nonDominatedPoints: 11,
  hypervolume,
  distance: { each: [distance], mean: distance, max: distance },
  coverage: { each: [gap], mean: gap, max: gap },
  seconds: 1,
});

describe('tourReadout', () => {
  const summaries = [summary('chebyshev-al', 0.05612, 0.00002, 0.4301), summary('linear', 0.70711, 0.0003, 0.21)];

  it("names the step's measures for its methods, in the step's order, as the table reads them", () => {
    expect(tourReadout(['linear'], ['gap'], summaries, false)).toBe('Linear: largest gap 0.707');
    expect(tourReadout(['linear', 'chebyshev-al'], ['distance', 'hypervolume'], summaries, false)).toBe(
      'Linear: mean distance 3.0e-4, hypervolume 0.21 · Chebyshev-AL: mean distance 2.0e-5, hypervolume 0.43',
    );
  });

  it('says nothing before a method of the step has a point, and leaves out what a one-point front has not', () => {
    expect(tourReadout(['psl'], ['distance'], summaries, false)).toBeNull();
    expect(tourReadout(['chebyshev-al'], ['gap', 'hypervolume'], summaries, true)).toBeNull();
    expect(tourReadout(['chebyshev-al'], ['distance', 'hypervolume'], summaries, true)).toBe('Chebyshev-AL: mean distance 2.0e-5');
  });
});
