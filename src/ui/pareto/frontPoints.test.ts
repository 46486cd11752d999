import { describe, expect, it } from 'vitest';
import type { NetworkResult } from '../../engine/readings';
import { resolveConfig, defaultSettings } from '../../experiment/config';
import type { NetworkRun } from '../runs/runRecord';
import { addRun, apply, stateWithRuns, view } from '../testing/fakeRuns';
import { automaticReference, frontHypervolume, frontPoints } from './frontPoints';

function finishedRun(nll: [number, number], acc: [number, number], sparsity: number) {
  return { kind: 'network', test: { nll, accuracy: acc }, rows: { sparsityRate: sparsity } } as unknown as NetworkResult;
}

type Spec = [string, [number, number], [number, number], number];

function runs(extra: Spec[] = []): readonly NetworkRun[] {
  let s = stateWithRuns([]);
  const config = resolveConfig(defaultSettings(), [0.2, 0.4, 0.4]);
  const specs: Spec[] = [
    ['a', [0.3, 0.6], [90, 80], 10],
    ['b', [0.5, 0.3], [85, 88], 40],
    ['c', [0.6, 0.7], [80, 70], 5], // dominated by a and b on losses
    ...extra,
  ];
  for (const [id, nll, acc, sp] of specs) {
    s = addRun(s, id, config);
    s = apply(s, [{ kind: 'run-finished', runId: id, result: finishedRun(nll, acc, sp), layers: [], kernels: null, kernelBytes: 0 }]);
  }
  s = addRun(s, 'running', config);
  return view(s).runs;
}

describe('front points', () => {
  it('has one point per finished run with task losses on the axes and marks the non-dominated ones', () => {
    const pts = frontPoints(runs(), { metric: 'loss', sparsityAxis: false });
    expect(pts.map((p) => [p.runId, p.x, p.y, p.nonDominated])).toEqual([
      ['a', 0.3, 0.6, true],
      ['b', 0.5, 0.3, true],
      ['c', 0.6, 0.7, false],
    ]);
    expect(pts[1].sparsity).toBe(40);
  });

  it('marks the runs of the front of both tasks and sparsity that the axes shown leave dominated', () => {
    // d: worse than a and b in both tasks, but the sparsest; c: dominated by b in all three.
    const all = runs([['d', [0.7, 0.8], [78, 69], 60]]);
    const tasks = frontPoints(all, { metric: 'loss', sparsityAxis: false });
    expect(tasks.map((p) => [p.runId, p.nonDominated, p.nonDominatedWithSparsity])).toEqual([
      ['a', true, true],
      ['b', true, true],
      ['c', false, false],
      ['d', false, true],
    ]);
    // On the sparsity axis the mean of the tasks stands for both: a (mean 0.45) falls behind b (0.4, sparser), yet
    // it is better in task 1 than any sparser run.
    const sparsity = frontPoints(all, { metric: 'loss', sparsityAxis: true });
    expect(sparsity.map((p) => [p.runId, p.nonDominated, p.nonDominatedWithSparsity])).toEqual([
      ['a', false, true],
      ['b', true, true],
      ['c', false, false],
      ['d', true, true],
    ]);
  });

  it('uses errors, and the sparsity axis is maximised', () => {
    const errors = frontPoints(runs(), { metric: 'error', sparsityAxis: false });
    expect(errors[0].x).toBeCloseTo(10);
    expect(errors[0].y).toBeCloseTo(20);
    const axes = { metric: 'loss', sparsityAxis: true } as const;
    const sp = frontPoints(runs(), axes);
    expect(sp.map((p) => p.x)).toEqual([10, 40, 5]);
    expect(sp[0].y).toBeCloseTo(0.45);
    // b: sparser and lower mean loss than a and c → the only non-dominated point.
    expect(sp.map((p) => p.nonDominated)).toEqual([false, true, false]);
    // Hypervolume with reference (0 % sparsity, mean loss 1): b's box = 40 × 0.6.
    expect(frontHypervolume(sp, [0, 1], axes)).toBeCloseTo(40 * 0.6);
  });

  it('derives an automatic reference beyond the worst point', () => {
    const axes = { metric: 'loss', sparsityAxis: false } as const;
    const pts = frontPoints(runs(), axes);
    const ref = automaticReference(pts, axes);
    expect(ref[0]).toBeCloseTo(0.66);
    expect(ref[1]).toBeCloseTo(0.77);
    expect(frontHypervolume(pts, ref, axes)).toBeGreaterThan(0);
  });

  it('keeps an automatic reference on a percentage axis within 100 (no error of 103 %)', () => {
    const errors = { metric: 'error', sparsityAxis: false } as const;
    expect(automaticReference([{ x: 94, y: 50 }, { x: 20, y: 96 }], errors)).toEqual([100, 100]);
    const within = automaticReference([{ x: 40, y: 50 }], errors);
    expect(within[0]).toBeCloseTo(44, 12);
    expect(within[1]).toBeCloseTo(55, 12);
    // Sparsity on x: its reference is 0 %; the mean error beside it is held to 100 as well.
    expect(automaticReference([{ x: 30, y: 95 }], { metric: 'error', sparsityAxis: true })).toEqual([0, 100]);
    // Before any point: errors span 0–100 %, losses a unit.
    expect(automaticReference([], errors)).toEqual([100, 100]);
    expect(automaticReference([], { metric: 'error', sparsityAxis: true })).toEqual([0, 100]);
    expect(automaticReference([], { metric: 'loss', sparsityAxis: false })).toEqual([1, 1]);
    expect(automaticReference([{ x: 3, y: 95 }], { metric: 'loss', sparsityAxis: false })[1]).toBeCloseTo(104.5);
  });
});
