import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import { lineChartLayout, LINE_CHART_MARGIN, LINE_CHART_SIZE, readoutAt, xTickValues, yTickLabel } from './lineChartLayout';

const series = [
  { name: 'task 1', color: 'red', x: [0, 1, 2, 3], y: [4, 3, Number.NaN, 1] },
  { name: 'task 2', color: 'blue', x: [0, 1, 2, 3], y: [2, 2, 2, 2.5] },
];

describe('line chart layout', () => {
  it('draws a line per series through its finite points, with nice domains covering every point', () => {
    const { x, y, lines } = lineChartLayout(series, 'linear', zoomIdentity);
    expect(lines.map((l) => [l.name, l.color, l.points.length])).toEqual([
      ['task 1', 'red', 3],
      ['task 2', 'blue', 4],
    ]);
    expect(x.domain()).toEqual([0, 3]);
    expect(y.domain()[0]).toBeLessThanOrEqual(1);
    expect(y.domain()[1]).toBeGreaterThanOrEqual(4);
    expect(x.range()).toEqual([LINE_CHART_MARGIN.left, LINE_CHART_SIZE.width - LINE_CHART_MARGIN.right]);
    // The path starts at the first point and has one segment per further point.
    const [startX, startY] = lines[0].path.slice(1).split('L')[0].split(',').map(Number);
    expect(startX).toBeCloseTo(x(0), 1);
    expect(startY).toBeCloseTo(y(4), 1);
    expect(lines[0].path.match(/L/g)).toHaveLength(2);
    expect(lines.map((l) => l.legend)).toEqual(['task 1 1', 'task 2 2.5']);
  });

  it('drops non-positive values on a log scale, and widens a flat domain', () => {
    const { y, lines } = lineChartLayout([{ name: 'μ', color: '#444', x: [0, 1, 2], y: [0, 10, 10] }], 'log', zoomIdentity);
    expect(lines[0].points).toEqual([
      [1, 10],
      [2, 10],
    ]);
    expect(y.domain()[0]).toBeLessThan(10);
    expect(y.domain()[1]).toBeGreaterThan(10);
  });

  it('a flat series of 0 (no zero rows yet) keeps its axis from 0 up; a flat negative one widens both ways', () => {
    expect(lineChartLayout([{ name: 'sparsity %', color: 'x', x: [0, 1, 2], y: [0, 0, 0] }], 'linear', zoomIdentity).y.domain()).toEqual([0, 1]);
    expect(lineChartLayout([{ name: 'level', color: 'x', x: [0, 1], y: [-2, -2] }], 'linear', zoomIdentity).y.domain()[1]).toBeGreaterThan(-2);
    expect(lineChartLayout([{ name: 'level', color: 'x', x: [0, 1], y: [-2, -2] }], 'linear', zoomIdentity).y.domain()[0]).toBeLessThan(-2);
  });

  it('has unit domains and empty paths without data, and applies the zoom', () => {
    const empty = lineChartLayout([{ name: 'Ω', color: 'x', x: [], y: [] }], 'linear', zoomIdentity);
    expect(empty.x.domain()).toEqual([0, 1]);
    expect(empty.lines[0]).toMatchObject({ path: '', legend: 'Ω' });
    const zoomed = lineChartLayout(series, 'linear', zoomIdentity.scale(2));
    const whole = lineChartLayout(series, 'linear', zoomIdentity);
    expect(zoomed.x.domain()[1] - zoomed.x.domain()[0]).toBeCloseTo((whole.x.domain()[1] - whole.x.domain()[0]) / 2, 6);
  });

  it('marks phases inside the plot, dots short series, and reads the values under the pointer', () => {
    const layout = lineChartLayout(series, 'linear', zoomIdentity, [
      { x: 2, label: 'retraining' },
      { x: 99, label: 'outside' },
    ]);
    expect(layout.phases).toEqual([{ px: layout.x(2), label: 'retraining', anchor: 'start' }]);
    // Near the right edge a label ends at its mark instead of being cut.
    const late = lineChartLayout(series, 'linear', zoomIdentity, [{ x: layout.x.domain()[1] - 0.5, label: 'clustered → retraining' }]);
    expect(late.phases[0].anchor).toBe('end');
    expect(layout.dots).toBe(true);
    const long = [{ name: 'f', color: 'red', x: Array.from({ length: 100 }, (_, i) => i), y: Array.from({ length: 100 }, (_, i) => i) }];
    expect(lineChartLayout(long, 'linear', zoomIdentity).dots).toBe(false);
    expect(readoutAt(layout, layout.x(2.9))).toEqual({ x: 3, values: [{ name: 'task 1', color: 'red', value: 1 }, { name: 'task 2', color: 'blue', value: 2.5 }] });
    expect(readoutAt(lineChartLayout([{ name: 'Ω', color: 'x', x: [], y: [] }], 'linear', zoomIdentity), 50)).toBeNull();
  });

  it('gives an empty chart axes with ticks, a log one too', () => {
    for (const scale of ['linear', 'log'] as const) expect(lineChartLayout([], scale, zoomIdentity).y.ticks(4).length, scale).toBeGreaterThan(1);
  });

  it('leaves room below the lowest value and above the highest: no point on an axis, none under the clip', () => {
    const { y } = lineChartLayout([{ name: 'acc', color: 'x', x: [0, 1, 2], y: [6.25, 9, 12.5] }], 'linear', zoomIdentity);
    const [lo, hi] = y.domain();
    expect((6.25 - lo) / (hi - lo)).toBeGreaterThanOrEqual(0.03);
    expect((hi - 12.5) / (hi - lo)).toBeGreaterThanOrEqual(0.03);
    // A percentage's room stops at 100 (no 110 % on the axis).
    expect(lineChartLayout([{ name: 'acc', color: 'x', x: [0, 1], y: [40, 99.9] }], 'linear', zoomIdentity, [], 100).y.domain()[1]).toBe(100);
    // Values that are all ≥ 0 keep a domain ≥ 0.
    expect(lineChartLayout([{ name: 'nll', color: 'x', x: [0, 1], y: [0.01, 2] }], 'linear', zoomIdentity).y.domain()[0]).toBe(0);
  });

  it('labels ticks as readers read numbers: 20, 40 on a linear axis, 0.1, 1, 10, 1k on a log one; whole steps and epochs', () => {
    const { y } = lineChartLayout([{ name: 'acc', color: 'x', x: [0, 1, 2], y: [20, 50, 80] }], 'linear', zoomIdentity);
    expect(y.ticks(4).map(yTickLabel(y, 'linear'))).toEqual(['20', '40', '60', '80']);
    const log = lineChartLayout([{ name: 'μ', color: 'x', x: [0, 1, 2], y: [1, 100, 10_000] }], 'log', zoomIdentity);
    expect(log.y.ticks(4).map(yTickLabel(log.y, 'log')).filter((t) => t !== '')).toEqual(['1', '10', '100', '1k', '10k']);
    const small = lineChartLayout([{ name: 'μ', color: 'x', x: [0, 1], y: [0.2, 5] }], 'log', zoomIdentity);
    const labels = small.y.ticks(4).map(yTickLabel(small.y, 'log')).filter((t) => t !== '');
    expect(labels).toContain('0.2');
    expect(labels.join()).not.toMatch(/m|µ/);
    // Four epochs: ticks at 1, 2, 3, 4 only.
    const epochs = lineChartLayout([{ name: 'acc', color: 'x', x: [1, 2, 3, 4], y: [1, 2, 3, 4] }], 'linear', zoomIdentity);
    expect(xTickValues(epochs.x).every(Number.isInteger)).toBe(true);
    expect(epochs.x.ticks(5).some((t) => !Number.isInteger(t))).toBe(true);
  });
});
