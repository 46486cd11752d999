import { describe, expect, it } from 'vitest';
import { commonReference, groupByMethod, missingText, parsePending, pendingText, summarizeMethods, type MethodPoint } from './methodSummary';
import type { MethodKey } from '../../experiment/choices';

// The segment x + y = 1, densely sampled.
const front = Array.from({ length: 101 }, (_, i) => [i / 100, 1 - i / 100]);

const points: MethodPoint[] = [
  { id: 'a', key: 'linear', objectives: [0, 1] },
  { id: 'b', key: 'chebyshev-al', objectives: [0.5, 0.5] },
  { id: 'c', key: 'linear', objectives: [1, 0] },
  { id: 'd', key: 'chebyshev-al', objectives: [0.25, 0.75] },
  { id: 'e', key: 'chebyshev-al', objectives: [0.8, 0.6] },
];

describe('method summaries', () => {
  it('groups points by method in the fixed method order', () => {
    const groups = groupByMethod(points);
    expect([...groups.keys()]).toEqual(['linear', 'chebyshev-al']);
    expect(groups.get('linear')?.map((p) => p.id)).toEqual(['a', 'c']);
    expect(groups.get('chebyshev-al')?.map((p) => p.id)).toEqual(['b', 'd', 'e']);
  });

  it('a common reference 10 % beyond the worst value, with a floor', () => {
    expect(commonReference(points.map((p) => p.objectives), null)).toEqual([1.1, 1.1]);
    expect(commonReference([[0.2, 3]], [[1, 0]])).toEqual([1.1, 3.3000000000000003]);
    expect(commonReference([[0, 0]], [[0, 0]])).toEqual([1e-3, 1e-3]);
    expect(commonReference([], null)).toEqual([]);
  });

  it('hypervolume, non-dominated count, distance to and coverage of the exact front per method', () => {
    const [linear, cheb] = summarizeMethods(points, [1, 1], front);
    expect(linear.key).toBe('linear');
    expect(linear.count).toBe(2);
    expect(linear.hypervolume).toBe(0);
    expect(linear.distance?.max).toBe(0);
    // The front's middle is 0.5·√2 from either end.
    expect(linear.coverage?.max).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cheb.count).toBe(3);
    expect(cheb.nonDominated).toBe(2); // (0.5, 0.5) dominates (0.8, 0.6)
    // Boxes of (0.25, 0.75) and (0.5, 0.5) under (1, 1); the dominated point adds nothing.
    expect(cheb.hypervolume).toBeCloseTo(0.75 * 0.25 + 0.5 * 0.25, 12);
    expect(cheb.distance?.max).toBeCloseTo(0.4 / Math.SQRT2, 12);
    expect(cheb.hypervolume).toBeGreaterThan(linear.hypervolume);
  });

  it('counts the distinct points among the non-dominated runs: runs on one point (MGDA ignores k) are one trade-off', () => {
    const mgda = Array.from({ length: 5 }, (_, i) => ({ key: 'mgda' as const, id: `m${i}`, objectives: [0.638, 0.626] }));
    const [summary] = summarizeMethods([...mgda, { key: 'mgda', id: 'm5', objectives: [0.9, 0.9] }], [1, 1], null);
    expect([summary.count, summary.nonDominated, summary.nonDominatedPoints]).toEqual([6, 5, 1]);
  });

  it('without an exact front, no distances; 3 objectives use the 3-D hypervolume', () => {
    const [s] = summarizeMethods([{ id: 'x', key: 'mgda', objectives: [0.5, 0.5, 0.5] }], [1, 1, 1], null);
    expect(s.distance).toBeNull();
    expect(s.coverage).toBeNull();
    expect(s.hypervolume).toBeCloseTo(0.125, 12);
  });
});

describe('pending runs per method', () => {
  it('counts the runs that have not ended, in the methods order, and reads back', () => {
    const runs = [
      { key: 'chebyshev-al', ended: false },
      { key: 'linear', ended: true },
      { key: 'linear', ended: false },
      { key: 'chebyshev-al', ended: false },
      { key: 'mgda', ended: true },
    ] as const;
    const text = pendingText(runs);
    expect(text).toBe('linear:1,chebyshev-al:2');
    expect([...parsePending(text)]).toEqual([
      ['linear', 1],
      ['chebyshev-al', 2],
    ]);
    expect(pendingText(runs.filter((r) => r.ended))).toBe('');
    expect(parsePending('').size).toBe(0);
  });

  it('missingText: the grid preferences a method with a run has no run at, finished or to come', () => {
    const grid = [
      [0, 1],
      [0.5, 0.5],
      [1, 0],
    ];
    const run = (key: MethodKey, preference: number[], state: 'finished' | 'queued' | 'stopped') => ({
      key,
      preference,
      finished: state === 'finished',
      finishedOrComing: state !== 'stopped',
    });
    // Linear swept whole; Chebyshev-AL stopped after its first run (one queued run still to come); MGDA only stopped;
    // a Pareto set model is one run read at the grid.
    const runs = [
      ...grid.map((k) => run('linear', k, 'finished')),
      run('chebyshev-al', [0, 1], 'finished'),
      run('chebyshev-al', [0.5, 0.5], 'queued'),
      run('chebyshev-al', [1, 0], 'stopped'),
      run('mgda', [0, 1], 'stopped'),
      run('psl', [0.5, 0.5], 'finished'),
    ];
    expect(missingText(runs, () => grid)).toBe('chebyshev-al:1,mgda:3');
    expect(parsePending(missingText(runs, () => [...grid, [0.25, 0.75]]))).toEqual(
      new Map([
        ['linear', 1],
        ['chebyshev-al', 2],
        ['mgda', 4],
      ]),
    );
    expect(missingText(runs.slice(0, 3), () => grid)).toBe('');
    // Each method against its own grid; one without a grid (not swept) misses nothing.
    expect(missingText(runs, (key) => (key === 'linear' ? [...grid, [0.25, 0.75]] : undefined))).toBe('linear:1');
  });
});
