/**
 * The data of the methods' front plot (MethodChartData, built by networkComparison.ts and teachingView.ts) and
 * what the plot draws from it, computed without the DOM: the padded scales (the user's zoom applied), the exact
 * front (a line for a curve, small squares for a cloud, a ring for a single point), each run's marker in its
 * method's colour and shape (nested where several methods' runs share a spot), the running run's marker and trail, the
 * reference point and the legend.
 * MethodFrontChart.tsx puts it on the page. Pure.
 */
import { max, min } from 'd3-array';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { referenceReach } from '../charts/referenceReach';
import { line, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import type { ZoomTransform } from 'd3-zoom';
import { METHOD_STYLES, type MarkerShape } from './methodKeys';
import { type MethodKey } from '../../experiment/choices';

export interface ChartPoint {
  id: string;
  key: MethodKey;
  x: number;
  y: number;
  title: string;
}

export interface MethodChartData {
  points: ChartPoint[];
  live: { key: MethodKey; x: number; y: number; trail: [number, number][] } | null;
  /** The exact front in plot coordinates: a curve (2 objectives) or a cloud (projection of 3 objectives). */
  front: { kind: 'curve' | 'cloud'; points: [number, number][] } | null;
  /** Legend entries, in order. */
  keys: MethodKey[];
  xLabel: string;
  yLabel: string;
  reference: [number, number] | null;
  /** The largest value each axis can hold (percentages: 100), for the ticks; none where absent. */
  limits?: [number, number];
  /** The methods in focus (a tour step's): the others' points and curves are drawn faint. All where absent. */
  focus?: readonly MethodKey[];
  /** Pareto set models' fronts: each model's answers along a lattice of preferences (a curve for 2 objectives). */
  curves?: ModelCurve[];
  /** A model's answer at the handle's preference, read without training. */
  probe?: { x: number; y: number; title: string } | null;
}

export interface ModelCurve {
  id: string;
  key: MethodKey;
  kind: 'curve' | 'cloud';
  points: [number, number][];
  title: string;
}

/**
 * The plot's frame in viewBox units: its size, its margins and where the legend goes. Beside the plot (in the right
 * margin) or below it (in the bottom margin, under the x axis's title, in two columns): either way it never covers a run.
 */
export interface MethodChartGeometry {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  legend: 'beside' | 'below';
}

export const WIDE_METHOD_CHART: MethodChartGeometry = { width: 660, height: 380, margin: { top: 14, right: 150, bottom: 48, left: 66 }, legend: 'beside' };
/**
 * A phone's (MethodFrontChart picks it on a narrow screen): without the legend's column the drawing is scaled down far
 * less (1.2× on a 390 px phone, where the wide one's 2× left its axis titles 8 px and its legend 7 px on screen), and
 * the legend's four rows of two below the plot hold the eight methods.
 */
export const NARROW_METHOD_CHART: MethodChartGeometry = { width: 400, height: 400, margin: { top: 14, right: 16, bottom: 48 + 4 * 16 + 16, left: 60 }, legend: 'below' };
/** The legend's box beside the plot. */
export const LEGEND_WIDTH = 128;
const LEGEND_ROW = 16;
/** The x axis's title: this far under the plot (its baseline). */
export const X_TITLE_BELOW = 42;

const SYMBOLS: Record<MarkerShape, SymbolType> = {
  circle: symbolCircle,
  square: symbolSquare,
  diamond: symbolDiamond,
  triangle: symbolTriangle,
  star: symbolStar,
  cross: symbolCross,
  wye: symbolWye,
};

/** The SVG path of a method's marker, centred at 0,0 (also used by the HTML legends of the table and controls). */
export function markerPath(key: MethodKey, size = MARKER_SIZE): string {
  return symbol(SYMBOLS[METHOD_STYLES[key].marker], size)() ?? '';
}

export interface MethodPointMark {
  point: ChartPoint;
  path: string;
  transform: string;
  fill: string;
  /** Out of focus: drawn faint. */
  faint: boolean;
}

export interface LegendEntryMark {
  key: MethodKey;
  path: string;
  fill: string;
  text: string;
  transform: string;
  /** Out of focus: drawn faint. */
  faint: boolean;
}

/** Runs whose markers fall on one spot (a method that lands in one place whatever the preference, or the ends of the front). */
export interface PointStackMark {
  transform: string;
  /** "×8" beside the spot's largest marker. */
  text: string;
  /** Which runs: "8 runs here: MGDA 8". */
  title: string;
}

export interface MethodChartLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  exactFront: { path: string; fill: string; points: number; kind: 'curve' | 'cloud' | 'point' | 'none' };
  /** The ring of a front collapsed to one point. */
  exactPoint: { cx: number; cy: number } | null;
  /** In drawing order: where several methods' runs share a spot, their nested markers largest first. */
  points: MethodPointMark[];
  trail: string;
  live: { path: string; fill: string; transform: string } | null;
  /** `off`: it lies farther past the points than the axes reach (referenceReach), and is drawn where they end. */
  reference: { cx: number; cy: number; off: boolean } | null;
  legend: { entries: LegendEntryMark[]; transform: string; width: number; height: number };
  curves: { id: string; path: string; stroke: string; kind: 'curve' | 'cloud'; title: string; faint: boolean }[];
  probe: { transform: string; title: string } | null;
  stacks: PointStackMark[];
}

/** Markers closer than this (px) cover each other: they are counted as one spot. */
const STACK_PX = 4;
/** A run's marker's area (d3 symbol size). */
const MARKER_SIZE = 70;
/**
 * On a spot where several methods' runs fall, each method's marker is this much of MARKER_SIZE larger than the next
 * one drawn over it: a ring of every method around the last one's marker, none hidden.
 */
const NEST_STEP = 1.2;

/** A marker where it lies (px): its method, and its place in the legend's order. */
interface PlacedMark {
  key: MethodKey;
  cx: number;
  cy: number;
}

/** The spots where markers fall (at the zoom shown), each with the indices of its markers. */
function spotsOf(marks: readonly PlacedMark[]): { cx: number; cy: number; members: number[] }[] {
  const spots: { cx: number; cy: number; members: number[] }[] = [];
  marks.forEach((m, i) => {
    const spot = spots.find((s) => Math.abs(s.cx - m.cx) < STACK_PX && Math.abs(s.cy - m.cy) < STACK_PX);
    if (spot) spot.members.push(i);
    else spots.push({ cx: m.cx, cy: m.cy, members: [i] });
  });
  return spots;
}

/**
 * Each marker's size: MARKER_SIZE, but where runs of several methods share a spot, nested — the method first in the
 * legend's `order` largest, each a NEST_STEP × MARKER_SIZE larger than the next, the last one MARKER_SIZE — so that, drawn largest
 * first, each shows around the ones over it (runs of one method on a spot share a size: their count says how many).
 */
function nestedSizes(marks: readonly PlacedMark[], spots: ReturnType<typeof spotsOf>, order: readonly MethodKey[]): number[] {
  const sizes = marks.map(() => MARKER_SIZE);
  const rank = (key: MethodKey) => (order.includes(key) ? order.indexOf(key) : order.length);
  for (const spot of spots) {
    const methods = [...new Set(spot.members.map((i) => marks[i].key))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const i of spot.members) sizes[i] = MARKER_SIZE * (1 + NEST_STEP * (methods.length - 1 - methods.indexOf(marks[i].key)));
  }
  return sizes;
}

/** The spots where several markers fall, each with its count and its runs' methods, beside its largest marker. */
function pointStacks(marks: readonly PlacedMark[], spots: ReturnType<typeof spotsOf>, sizes: readonly number[]): PointStackMark[] {
  return spots
    .filter((s) => s.members.length > 1)
    .map((s) => {
      const counts = new Map<MethodKey, number>();
      for (const i of s.members) counts.set(marks[i].key, (counts.get(marks[i].key) ?? 0) + 1);
      const methods = [...counts].map(([key, n]) => `${METHOD_STYLES[key].short} ${n}`).join(', ');
      // Clear of the largest marker: its reach grows as the root of its area.
      const clear = 6 * Math.sqrt(Math.max(...s.members.map((i) => sizes[i])) / MARKER_SIZE);
      return { transform: at(s.cx + clear, s.cy - clear), text: `×${s.members.length}`, title: `${s.members.length} runs here: ${methods}` };
    });
}

const pad = (v: number[]): [number, number] => {
  if (v.length === 0) return [0, 1];
  const lo = min(v) ?? 0;
  const hi = max(v) ?? 1;
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span * 0.06, hi + span * 0.06];
};
/**
 * A front collapsed to one point (the width problem with q ≥ m tasks) is drawn with at least this much room beyond it on each
 * axis: the teaching problems' objectives are of order 1, and a plot scaled to the runs' last thousandths would show
 * their optimisation noise as misses.
 */
const SINGLE_POINT_ROOM = 0.1;
const at = (x: number, y: number) => `translate(${x.toFixed(1)},${y.toFixed(1)})`;

export function methodChartLayout(d: MethodChartData, transform: Pick<ZoomTransform, 'rescaleX' | 'rescaleY'>, geometry: MethodChartGeometry = WIDE_METHOD_CHART): MethodChartLayout {
  const { width, height, margin: M } = geometry;
  const faint = (key: MethodKey) => d.focus !== undefined && !d.focus.includes(key);
  const frontPoints = d.front?.points ?? [];
  const curves = d.curves ?? [];
  const curvePoints = curves.flatMap((c) => c.points);
  const probe = d.probe ?? null;
  const room = frontPoints.length === 1 ? [[frontPoints[0][0] + SINGLE_POINT_ROOM, frontPoints[0][1] + SINGLE_POINT_ROOM]] : [];
  const dataXs = [...room.map((p) => p[0]), ...d.points.map((p) => p.x), ...frontPoints.map((p) => p[0]), ...curvePoints.map((p) => p[0]), ...(d.live ? [d.live.x] : []), ...(probe ? [probe.x] : [])];
  const dataYs = [...room.map((p) => p[1]), ...d.points.map((p) => p.y), ...frontPoints.map((p) => p[1]), ...curvePoints.map((p) => p[1]), ...(d.live ? [d.live.y] : []), ...(probe ? [probe.y] : [])];
  // The reference point as far as the axes reach for it (referenceReach): the explorer's, set by every setting's runs.
  const shownReference = d.reference && dataXs.length > 0 ? ([referenceReach(dataXs, d.reference[0]), referenceReach(dataYs, d.reference[1])] as const) : d.reference;
  const xs = [...dataXs, ...(shownReference ? [shownReference[0]] : [])];
  const ys = [...dataYs, ...(shownReference ? [shownReference[1]] : [])];
  const x = transform.rescaleX(scaleLinear().domain(pad(xs)).range([M.left, width - M.right]).nice());
  const y = transform.rescaleY(scaleLinear().domain(pad(ys)).range([height - M.bottom, M.top]).nice());
  const path = line<[number, number]>()
    .digits(1)
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));

  const front = d.front;
  let frontPath = '';
  if (front && front.points.length > 1 && front.kind === 'curve') frontPath = path([...front.points].sort((a, b) => a[0] - b[0])) ?? '';
  else if (front && front.points.length > 1) frontPath = front.points.map((p) => `M${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}h1.6v1.6h-1.6Z`).join('');
  const single = front && front.points.length === 1 ? front.points[0] : null;

  const placed = d.points.map((p) => ({ key: p.key, cx: x(p.x), cy: y(p.y) }));
  const spots = spotsOf(placed);
  const sizes = nestedSizes(placed, spots, d.keys);
  // In the points' order, spot by spot (the marks are focusable: Tab follows it), and within a spot largest first, so
  // that a nested marker is drawn over the larger ones around it.
  const spotOf = new Map(spots.flatMap((spot) => spot.members.map((i) => [i, spot.members[0]] as const)));
  const points = d.points
    .map((p, i): MethodPointMark => ({ point: p, path: markerPath(p.key, sizes[i]), transform: at(placed[i].cx, placed[i].cy), fill: METHOD_STYLES[p.key].colour, faint: faint(p.key) }))
    .map((mark, i) => ({ mark, spot: spotOf.get(i) ?? i, size: sizes[i] }))
    .sort((a, b) => a.spot - b.spot || b.size - a.size)
    .map(({ mark }) => mark);

  const below = geometry.legend === 'below';
  const plotWidth = width - M.left - M.right;
  // Below: two columns across the plot's width, in rows of LEGEND_ROW.
  const columns = below ? 2 : 1;
  const legendHeight = Math.ceil(d.keys.length / columns) * LEGEND_ROW + 6;
  const entryAt = (i: number) => `translate(${10 + (below ? (i % columns) * (plotWidth / columns) : 0)},${11 + Math.floor(i / columns) * LEGEND_ROW})`;
  return {
    x,
    y,
    exactFront: {
      path: frontPath,
      fill: front?.kind === 'cloud' ? '#9aa3b5' : 'none',
      points: front?.points.length ?? 0,
      kind: front ? (front.points.length === 1 ? 'point' : front.kind) : 'none',
    },
    exactPoint: single ? { cx: x(single[0]), cy: y(single[1]) } : null,
    points,
    trail: d.live && d.live.trail.length > 1 ? (path(d.live.trail) ?? '') : '',
    live: d.live ? { path: markerPath(d.live.key, 140), fill: METHOD_STYLES[d.live.key].colour, transform: at(x(d.live.x), y(d.live.y)) } : null,
    reference: d.reference && shownReference ? { cx: x(shownReference[0]), cy: y(shownReference[1]), off: shownReference[0] !== d.reference[0] || shownReference[1] !== d.reference[1] } : null,
    curves: curves.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      stroke: METHOD_STYLES[c.key].colour,
      faint: faint(c.key),
      // In the lattice's order (along the front for two objectives); a cloud is dots, larger than the exact cloud's
      // squares and ringed in white (MethodFrontChart) so that they stand out on it.
      path: c.kind === 'curve' ? (path(c.points) ?? '') : c.points.map((p) => `M${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}m-2.6,0a2.6,2.6 0 1,0 5.2,0a2.6,2.6 0 1,0 -5.2,0`).join(''),
    })),
    probe: probe ? { transform: at(x(probe.x), y(probe.y)), title: probe.title } : null,
    stacks: pointStacks(placed, spots, sizes),
    legend: {
      entries: d.keys.map((key, i) => ({ key, path: markerPath(key), fill: METHOD_STYLES[key].colour, text: METHOD_STYLES[key].short, transform: entryAt(i), faint: faint(key) })),
      // In a margin, beside the plot or under its x axis's title: no point, curve or reference handle can lie under it.
      transform: below ? `translate(${M.left},${height - M.bottom + X_TITLE_BELOW + 10})` : `translate(${width - M.right + 14},${M.top})`,
      width: below ? plotWidth : LEGEND_WIDTH,
      height: legendHeight,
    },
  };
}
