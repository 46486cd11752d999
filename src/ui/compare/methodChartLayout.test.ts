import { symbol, symbolCircle, symbolSquare } from 'd3-shape';
import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import { markerPath, methodChartLayout, NARROW_METHOD_CHART, WIDE_METHOD_CHART, X_TITLE_BELOW, type MethodChartData } from './methodChartLayout';
import { METHOD_KEYS } from '../../experiment/choices';
import { METHOD_STYLES } from './methodKeys';

const data = (over: Partial<MethodChartData> = {}): MethodChartData => ({
  points: [
    { id: 'a', key: 'linear', x: 1, y: 2, title: 'run 1' },
    { id: 'b', key: 'chebyshev-al', x: 2, y: 1, title: 'run 2' },
    { id: 'c', key: 'chebyshev-al', x: 1.5, y: 1.5, title: 'run 3' },
  ],
  live: null,
  front: { kind: 'curve', points: [[3, 0], [0, 3], [1, 1]] },
  keys: ['linear', 'chebyshev-al'],
  xLabel: 'f₁',
  yLabel: 'f₂',
  reference: [4, 4],
  ...over,
});

describe('method front chart layout', () => {
  it("a phone's frame: the plot takes the width and the legend sits under the x axis's title, every method in two columns", () => {
    const all = data({ keys: [...METHOD_KEYS] });
    const translate = (t: string) => (/translate\(([-\d.]+),([-\d.]+)\)/.exec(t) ?? []).slice(1).map(Number);
    const wide = methodChartLayout(all, zoomIdentity);
    const wideAgain = methodChartLayout(all, zoomIdentity, WIDE_METHOD_CHART);
    expect([wide.legend, wide.points, wide.x.range()]).toEqual([wideAgain.legend, wideAgain.points, wideAgain.x.range()]);
    expect(translate(wide.legend.transform)[0]).toBeGreaterThan(wide.x.range()[1]);
    const { width, height, margin } = NARROW_METHOD_CHART;
    const narrow = methodChartLayout(all, zoomIdentity, NARROW_METHOD_CHART);
    expect(narrow.x.range()).toEqual([margin.left, width - margin.right]);
    const [left, top] = translate(narrow.legend.transform);
    expect(left).toBe(margin.left);
    expect(top).toBeGreaterThan(narrow.y.range()[0] + X_TITLE_BELOW);
    expect(top + narrow.legend.height).toBeLessThanOrEqual(height);
    expect(narrow.legend.width).toBe(width - margin.left - margin.right);
    // Two entries a row, each column half the legend's width.
    const at = narrow.legend.entries.map((e) => translate(e.transform));
    expect(at.slice(0, 3)).toEqual([[10, 11], [10 + narrow.legend.width / 2, 11], [10, 27]]);
    expect(Math.max(...at.map(([, y]) => y))).toBeLessThan(narrow.legend.height);
  });

  it('draws the methods out of focus faint (a tour step is about some methods), all in focus without one', () => {
    expect(methodChartLayout(data(), zoomIdentity).points.some((m) => m.faint)).toBe(false);
    const layout = methodChartLayout(data({ focus: ['chebyshev-al'] }), zoomIdentity);
    expect(layout.points.map((m) => [m.point.id, m.faint])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    expect(layout.legend.entries.map((e) => [e.key, e.faint])).toEqual([
      ['linear', true],
      ['chebyshev-al', false],
    ]);
  });

  it("marks every run with its method's shape and colour where it lies", () => {
    const layout = methodChartLayout(data(), zoomIdentity);
    expect(layout.points.map((m) => [m.point.id, m.fill])).toEqual([
      ['a', METHOD_STYLES.linear.colour],
      ['b', METHOD_STYLES['chebyshev-al'].colour],
      ['c', METHOD_STYLES['chebyshev-al'].colour],
    ]);
    expect(layout.points[0].path).toBe(symbol(symbolSquare, 70)());
    expect(layout.points[1].path).toBe(symbol(symbolCircle, 70)());
    expect(layout.points[1].transform).toBe(`translate(${layout.x(2).toFixed(1)},${layout.y(1).toFixed(1)})`);
    expect(markerPath('linear', 60)).toBe(symbol(symbolSquare, 60)());
  });

  it('counts the runs whose markers fall on one spot, naming their methods (the markers on top hide the others)', () => {
    const spot = (id: string, key: 'linear' | 'mgda' | 'chebyshev-md', x: number) => ({ id, key, x, y: 0.5, title: id });
    const points = [spot('m1', 'mgda', 0.5), spot('m2', 'mgda', 0.5), spot('m3', 'mgda', 0.5 + 1e-6), spot('l1', 'linear', 0), spot('d1', 'chebyshev-md', 0), spot('l2', 'linear', 1)];
    const layout = methodChartLayout(data({ points, keys: ['linear', 'mgda', 'chebyshev-md'] }), zoomIdentity);
    expect(layout.stacks.map((s) => [s.text, s.title])).toEqual([
      ['×3', '3 runs here: MGDA 3'],
      ['×2', '2 runs here: Linear 1, Chebyshev-MD 1'],
    ]);
    expect(layout.stacks[0].transform).toBe(`translate(${(layout.x(0.5) + 6).toFixed(1)},${(layout.y(0.5) - 6).toFixed(1)})`);
    // Runs apart: nothing counted.
    expect(methodChartLayout(data(), zoomIdentity).stacks).toEqual([]);
  });

  it('covers the points, the exact front and the reference point', () => {
    const { x, y, reference } = methodChartLayout(data(), zoomIdentity);
    expect(x.domain()[0]).toBeLessThan(0);
    expect(x.domain()[1]).toBeGreaterThan(4);
    expect(y.domain()[1]).toBeGreaterThan(4);
    expect(reference).toEqual({ cx: x(4), cy: y(4), off: false });
    expect(methodChartLayout(data({ points: [], front: null, reference: null }), zoomIdentity).x.domain()).toEqual([0, 1]);
    // A reference far past the points (the explorer's, of every setting's runs) is drawn where the axes end, marked off.
    const far = methodChartLayout(data({ reference: [400, 4] }), zoomIdentity);
    expect(far.x.domain()[1]).toBeLessThan(20);
    expect(far.reference?.off).toBe(true);
  });

  it('draws a curve front as one line in x order, a cloud as squares, a single point as a ring', () => {
    const curve = methodChartLayout(data(), zoomIdentity);
    expect(curve.exactFront).toMatchObject({ kind: 'curve', points: 3, fill: 'none' });
    expect(Number(curve.exactFront.path.slice(1).split(',')[0])).toBeCloseTo(curve.x(0), 1); // sorted: x = 0 first
    expect(curve.exactFront.path.match(/L/g)).toHaveLength(2);
    expect(curve.exactPoint).toBeNull();
    const cloud = methodChartLayout(data({ front: { kind: 'cloud', points: [[0, 1], [1, 0], [0.5, 0.5], [0.2, 0.9]] } }), zoomIdentity);
    expect(cloud.exactFront).toMatchObject({ kind: 'cloud', points: 4 });
    expect(cloud.exactFront.path.match(/Z/g)).toHaveLength(4);
    const single = methodChartLayout(data({ front: { kind: 'curve', points: [[1, 1]] } }), zoomIdentity);
    expect(single.exactFront).toMatchObject({ kind: 'point', points: 1, path: '' });
    expect(single.exactPoint).toEqual({ cx: single.x(1), cy: single.y(1) });
    expect(methodChartLayout(data({ front: null }), zoomIdentity).exactFront.kind).toBe('none');
  });

  it('lists the legend in order, and draws the running run with its trail', () => {
    const layout = methodChartLayout(data({ live: { key: 'mgda', x: 2, y: 2, trail: [[3, 3], [2.5, 2.5], [2, 2]] } }), zoomIdentity);
    expect(layout.legend.entries.map((e) => [e.key, e.text])).toEqual([
      ['linear', 'Linear'],
      ['chebyshev-al', 'Chebyshev-AL'],
    ]);
    expect(layout.legend.height).toBe(2 * 16 + 6);
    // The legend box lies right of the plot area: disjoint from every point however the data fall.
    const legendX = Number(/translate\(([\d.]+),/.exec(layout.legend.transform)?.[1]);
    expect(legendX).toBeGreaterThan(layout.x.range()[1]);
    for (const p of layout.points) expect(Number(/translate\(([\d.]+),/.exec(p.transform)?.[1])).toBeLessThanOrEqual(layout.x.range()[1]);
    expect(layout.live).toMatchObject({ fill: METHOD_STYLES.mgda.colour, transform: `translate(${layout.x(2).toFixed(1)},${layout.y(2).toFixed(1)})` });
    expect(layout.trail.match(/L/g)).toHaveLength(2);
    expect(methodChartLayout(data(), zoomIdentity)).toMatchObject({ live: null, trail: '' });
  });
});
