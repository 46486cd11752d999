import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import type { FrontData } from './frontChartData';
import { frontChartLayout, hypervolumeStairs } from './frontChartLayout';
import type { FrontPoint } from './frontPoints';

const point = (runId: string, x: number, y: number, nonDominated: boolean, sparsity = 10): FrontPoint => ({ runId, ordinal: Number(runId.slice(1)), x, y, sparsity, nonDominated });
const data = (over: Partial<FrontData> = {}): FrontData => ({
  points: [point('r1', 1, 3, true), point('r2', 2, 1, true), point('r3', 3, 3, false, 40)],
  trail: [],
  reference: [4, 4],
  selected: 'r2',
  xLabel: 'task 1 test NLL',
  yLabel: 'task 2 test NLL',
  sparsityAxis: false,
  ...over,
});

describe('Pareto front chart layout', () => {
  it('marks every run, ringing the non-dominated ones and enlarging the selected one', () => {
    const layout = frontChartLayout(data(), zoomIdentity);
    expect(layout.points.map((m) => [m.point.runId, m.r, m.stroke])).toEqual([
      ['r1', 6, '#111'],
      ['r2', 8, '#111'],
      ['r3', 6, '#fff'],
    ]);
    expect(layout.points[1]).toMatchObject({ cx: layout.x(2), cy: layout.y(1) });
    expect(layout.points[2].ariaLabel).toBe('run 3: 3.00, 3.00, sparsity 40.0 %');
    expect(layout.points[0].fill).not.toBe(layout.points[2].fill); // coloured by sparsity
    expect(layout.reference).toEqual({ cx: layout.x(4), cy: layout.y(4) });
  });

  it('pads the domains around the points and the reference point', () => {
    const { x, y } = frontChartLayout(data(), zoomIdentity);
    expect(x.domain()[0]).toBeLessThan(1);
    expect(x.domain()[1]).toBeGreaterThan(4);
    expect(y.domain()[0]).toBeLessThan(1);
    expect(y.domain()[1]).toBeGreaterThan(4);
  });

  it('shades the staircase the non-dominated points dominate up to the reference point', () => {
    expect(hypervolumeStairs(data())).toEqual([
      [1, 4],
      [1, 3],
      [2, 3],
      [2, 1],
      [4, 1],
      [4, 4],
    ]);
    expect(frontChartLayout(data(), zoomIdentity).hvArea.endsWith('Z')).toBe(true);
    // A point beyond the reference point dominates nothing inside the box.
    expect(hypervolumeStairs(data({ reference: [0.5, 0.5] }))).toEqual([]);
    expect(frontChartLayout(data({ points: [] }), zoomIdentity).hvArea).toBe('');
    // Sparsity on x is maximised: the staircase runs from the sparsest point.
    const sparse = hypervolumeStairs({ points: [point('r1', 30, 2, true), point('r2', 10, 1, true)], reference: [0, 3], sparsityAxis: true });
    expect(sparse[0]).toEqual([30, 3]);
  });

  it('draws the live trail and its newest point', () => {
    const layout = frontChartLayout(data({ trail: [[3.5, 3.5], [3, 2.5], [2.5, 2]] }), zoomIdentity);
    expect(layout.trail.match(/L/g)).toHaveLength(2);
    expect(layout.live).toEqual({ cx: layout.x(2.5), cy: layout.y(2) });
    const still = frontChartLayout(data(), zoomIdentity);
    expect(still.trail).toBe('');
    expect(still.live).toBeNull();
  });
});
