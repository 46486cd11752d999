import { describe, expect, it } from 'vitest';
import { stepLayout } from '../../workers/stepPacking';
import { appendSteps, emptyHistory, historyColumn } from './stepHistory';

const L = stepLayout(3);
/** Packed readings with step = i and objective 1 = 10·i. */
function packed(from: number, n: number): Float64Array {
  const out = new Float64Array(n * L.stride);
  for (let i = 0; i < n; i++) {
    out[i * L.stride + L.step] = from + i;
    out[i * L.stride + L.objectives + 1] = 10 * (from + i);
  }
  return out;
}

describe('step history', () => {
  it('appends readings and reads columns', () => {
    const h = appendSteps(appendSteps(emptyHistory(3), packed(0, 3)), packed(3, 2));
    expect(h.count).toBe(5);
    expect(historyColumn(h, L.objectives + 1)).toEqual({ x: [0, 1, 2, 3, 4], y: [0, 10, 20, 30, 40] });
  });

  it('stays bounded by thinning evenly, and always shows the newest reading', () => {
    let h = emptyHistory(3);
    for (let i = 0; i < 100; i++) h = appendSteps(h, packed(i * 10, 10), 64);
    expect(h.seen).toBe(1000);
    expect(h.count).toBeLessThanOrEqual(64);
    expect(h.count).toBeGreaterThanOrEqual(32);
    const { x } = historyColumn(h, L.step);
    const gaps = new Set(x.slice(1, -1).map((v, i) => v - x[i]));
    expect(gaps.size).toBe(1); // evenly spaced
    expect(x[0]).toBe(0);
    expect(x[x.length - 1]).toBe(999);
  });

  it('does not change the history it was given', () => {
    const a = appendSteps(emptyHistory(3), packed(0, 2));
    const b = appendSteps(a, packed(2, 2));
    expect(a.count).toBe(2);
    expect(b.count).toBe(4);
    expect(appendSteps(a, new Float64Array(0))).toBe(a);
  });
});
