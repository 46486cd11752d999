import { describe, expect, it } from 'vitest';
import type { StepReading } from '../../engine/readings';
import { packSteps } from '../../workers/stepPacking';
import { StepHistory } from './stepHistory';

function reading(step: number): StepReading {
  return {
    kind: 'step', phase: 'search', outer: 0, epoch: 0, batch: 0, globalStep: step,
    objectives: [0, 10 * step, 0], constraints: [0, 0, 0], weights: [0, 0, 0], preference: [0.2, 0.4, 0.4],
    learningRate: 0.1, samplesPerSecond: 50 + step, maxViolation: 0, proxEta: 0, value: 0,
    method: 'chebyshev-al', multipliers: [0, 0, 0], penalty: 1, epigraph: 0,
  };
}
/** Packed readings with step = i and objective 1 = 10·i. */
function packed(from: number, n: number): Float64Array {
  return packSteps(Array.from({ length: n }, (_, i) => reading(from + i)), 3, 'chebyshev-al');
}
const series = (h: StepHistory) => ({ x: h.column('step'), y: h.column('objective', 1) });

describe('step history', () => {
  it('appends readings and reads columns', () => {
    const h = StepHistory.empty(3, 'chebyshev-al').append(packed(0, 3)).append(packed(3, 2));
    expect(h.count).toBe(5);
    expect(series(h)).toEqual({ x: [0, 1, 2, 3, 4], y: [0, 10, 20, 30, 40] });
    expect(h.latest('samplesPerSecond')).toBe(54);
    expect(h.latestVector('preference')).toEqual([0.2, 0.4, 0.4]);
    expect(h.columns().objective[1]).toEqual([0, 10, 20, 30, 40]);
  });

  it('stays bounded by thinning evenly, and always shows the newest reading', () => {
    let h = StepHistory.empty(3, 'chebyshev-al');
    for (let i = 0; i < 100; i++) h = h.append(packed(i * 10, 10), 64);
    expect(h.seen).toBe(1000);
    expect(h.count).toBeLessThanOrEqual(64);
    expect(h.count).toBeGreaterThanOrEqual(32);
    const x = h.column('step');
    const gaps = new Set(x.slice(1, -1).map((v, i) => v - x[i]));
    expect(gaps.size).toBe(1); // evenly spaced
    expect(x[0]).toBe(0);
    expect(x[x.length - 1]).toBe(999);
    expect(h.latest('step')).toBe(999);
    expect(h.column('objective', 1)[x.length - 1]).toBe(9990);
    expect(h.columns().step).toEqual(x);
  });

  it('does not change the history it was given', () => {
    const a = StepHistory.empty(3, 'chebyshev-al').append(packed(0, 2));
    const b = a.append(packed(2, 2));
    expect(a.count).toBe(2);
    expect(b.count).toBe(4);
    expect(a.append(new Float64Array(0))).toBe(a);
  });

  it('has no readings before the first, and round-trips through its columns', () => {
    const empty = StepHistory.empty(3, 'chebyshev-al');
    expect(empty.latest('penalty')).toBeNull();
    expect(empty.latestVector('objective')).toBeNull();
    expect(empty.columns().objective).toEqual([[], [], []]);
    const h = StepHistory.empty(3, 'chebyshev-al').append(packed(0, 7), 4);
    const restored = StepHistory.fromColumns(h.columns());
    expect(restored.columns()).toEqual(h.columns());
    expect(restored.latest('step')).toBe(6);
  });
});
