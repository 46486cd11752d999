import { symbol, symbolCircle, symbolSquare } from 'd3-shape';
import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import { markerPath, methodChartLayout, NARROW_METHOD_CHART, WIDE_METHOD_CHART, X_TITLE_BELOW, type ChartPoint, type MethodChartData, type MethodPointMark } from './methodChartLayout';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';
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

/** A marker as a polygon in plot px: its d3 symbol path (M, L, h, v, Z; a circle's arcs as a 64-gon) where it is drawn. */
function markerPolygon(mark: MethodPointMark): [number, number][] {
  const [dx, dy] = (/translate\(([-\d.]+),([-\d.]+)\)/.exec(mark.transform) ?? []).slice(1).map(Number);
  const numbers = (text: string) => (text.match(/-?[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
  if (mark.path.includes('A')) {
    const r = numbers(mark.path)[0];
    return Array.from({ length: 64 }, (_, i) => [dx + r * Math.cos((i / 64) * 2 * Math.PI), dy + r * Math.sin((i / 64) * 2 * Math.PI)]);
  }
  const polygon: [number, number][] = [];
  let [x, y] = [0, 0];
  for (const [, command, args] of mark.path.matchAll(/([MLhvZ])([^MLhvZ]*)/g)) {
    const n = numbers(args);
    if (command === 'M' || command === 'L') [x, y] = [n[0], n[1]];
    else if (command === 'h') x += n[0];
    else if (command === 'v') y += n[0];
    else continue;
    polygon.push([dx + x, dy + y]);
  }
  return polygon;
}

const inside = (polygon: readonly [number, number][], [px, py]: readonly [number, number]) => {
  let odd = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [[xi, yi], [xj, yj]] = [polygon[i], polygon[j]];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
};

/**
 * The share of each method's marker area that no marker drawn after it covers (the marks in drawing order), sampled
 * on a 0.1 px grid around the spot at (cx, cy).
 */
function visibleShare(marks: readonly MethodPointMark[], [cx, cy]: readonly [number, number]): Map<string, number> {
  const polygons = marks.map(markerPolygon);
  const own = new Map<string, number>();
  const shown = new Map<string, number>();
  for (let x = cx - 20; x <= cx + 20; x += 0.1)
    for (let y = cy - 20; y <= cy + 20; y += 0.1) {
      const over = polygons.map((p) => inside(p, [x, y]));
      const top = over.lastIndexOf(true);
      over.forEach((hit, i) => {
        if (!hit) return;
        const key = marks[i].point.key;
        own.set(key, (own.get(key) ?? 0) + 1);
        if (i === top) shown.set(key, (shown.get(key) ?? 0) + 1);
      });
    }
  return new Map([...own].map(([key, n]) => [key, (shown.get(key) ?? 0) / n]));
}

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

  it('counts the runs whose markers fall on one spot, naming their methods (runs of one method there share one marker)', () => {
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

  it("draws the markers of different methods on one spot nested, largest first: every method's marker shows", () => {
    const spot = (id: string, key: MethodKey, x = 0.5): ChartPoint => ({ id, key, x, y: 0.5, title: id });
    const visible = (keys: MethodKey[], points: ChartPoint[]) => {
      const layout = methodChartLayout(data({ points, keys }), zoomIdentity);
      // The share of each method's own marker that shows, and the counts beside the spot.
      return { shares: visibleShare(layout.points, [layout.x(0.5), layout.y(0.5)]), layout };
    };
    // Linear's square and Chebyshev-AL's circle on one point (the lab's runs at a front's end): each shows most of itself.
    const two = visible(['linear', 'chebyshev-al'], [spot('c', 'chebyshev-al'), spot('l', 'linear'), spot('apart', 'linear', 2)]);
    expect(two.shares.get('linear')).toBeGreaterThan(0.4);
    expect(two.shares.get('chebyshev-al')).toBe(1);
    // The legend's first method around the other; a run elsewhere keeps its marker's size.
    expect(two.layout.points.map((m) => m.point.id)).toEqual(['l', 'c', 'apart']);
    expect(two.layout.points[1].path).toBe(markerPath('chebyshev-al'));
    expect(two.layout.points[2].path).toBe(markerPath('linear'));
    // Three methods, a star among them, one of them twice (its runs share one marker's place: "×4" counts them).
    const three = visible(['linear', 'chebyshev-md', 'mgda'], [spot('m', 'mgda'), spot('s1', 'chebyshev-md'), spot('l', 'linear'), spot('s2', 'chebyshev-md', 0.5 + 1e-6)]);
    for (const key of ['linear', 'chebyshev-md', 'mgda']) expect(three.shares.get(key)).toBeGreaterThan(0.25);
    expect(three.layout.points.map((m) => m.point.id)).toEqual(['l', 's1', 's2', 'm']);
    expect(three.layout.stacks.map((s) => s.text)).toEqual(['×4']);
    // The count clears the largest marker.
    const [lx, ly] = [three.layout.x(0.5), three.layout.y(0.5)];
    const [tx, ty] = (/translate\(([-\d.]+),([-\d.]+)\)/.exec(three.layout.stacks[0].transform) ?? []).slice(1).map(Number);
    const reach = Math.max(...markerPolygon(three.layout.points[0]).map(([x, y]) => Math.hypot(x - lx, y - ly)));
    expect(Math.hypot(tx - lx, ty - ly)).toBeGreaterThan(reach);
    // The marks are focusable: in the points' order spot by spot (Tab follows it), largest first only within a spot.
    const order = visible(['linear', 'chebyshev-al'], [spot('apart', 'chebyshev-al', 2), spot('c', 'chebyshev-al'), spot('l', 'linear'), spot('last', 'linear', 1)]);
    expect(order.layout.points.map((m) => m.point.id)).toEqual(['apart', 'l', 'c', 'last']);
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
