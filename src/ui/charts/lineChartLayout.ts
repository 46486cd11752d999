/**
 * What a line chart draws, computed from its series without touching the DOM: the scales (the user's zoom
 * applied), each line's points and SVG path, the legend's entries, the marks where the run changed phase, and the
 * readout of the values under the pointer. LineChart.tsx puts it on the page. Pure.
 */
import { max, min } from 'd3-array';
import { format } from 'd3-format';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { line } from 'd3-shape';
import type { ZoomTransform } from 'd3-zoom';

export interface Series {
  name: string;
  color: string;
  x: readonly number[];
  y: readonly number[];
}

export type YScaleKind = 'linear' | 'log';

export const LINE_CHART_SIZE = { width: 300, height: 160 };
/** The bottom margin holds the x axis and its label. */
export const LINE_CHART_MARGIN = { top: 8, right: 10, bottom: 32, left: 46 };
const { width: WIDTH, height: HEIGHT } = LINE_CHART_SIZE;
const M = LINE_CHART_MARGIN;

export interface LineMark {
  name: string;
  color: string;
  /** The points drawn (finite, and positive on a log scale). */
  points: [number, number][];
  path: string;
  /** Legend text: the name and the newest value. */
  legend: string;
}

/** Where the run entered a phase (search, retraining, …), in the series' x units. */
export interface PhaseMark {
  x: number;
  label: string;
}

export interface LineChartLayout {
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  lines: LineMark[];
  /** The phase marks inside the plot, in pixels; a label that would run past the plot's right edge ends at its mark. */
  phases: { px: number; label: string; anchor: 'start' | 'end' }[];
  /** Dots on the points too: a line of a few points (per-epoch charts, the first epoch) would hardly show. */
  dots: boolean;
}

/** A phase label's width per character at its 8-unit font, a little generous (labels are short). */
const PHASE_LABEL_CHAR_WIDTH = 4.8;

/** The x axis counts steps or epochs: whole numbers only (no tick at epoch 1.5). */
export function xTickValues(x: ScaleContinuousNumeric<number, number>): number[] {
  return x.ticks(5).filter(Number.isInteger);
}

const plain = format('~g');
/**
 * The y axis's tick labels as readers read numbers: plain on a linear axis (20, 40, not 2e+1); on a log one 1, 10,
 * 1k, 10k above 1 and 0.2, 0.01 below (not 200m), with d3's thinning of crowded decades kept.
 */
export function yTickLabel(y: ScaleContinuousNumeric<number, number>, scale: YScaleKind): (v: number) => string {
  if (scale === 'linear') return y.tickFormat(4);
  const si = y.tickFormat(4, '~s');
  return (v) => {
    const label = si(v);
    return label === '' || v >= 1 ? label : plain(v);
  };
}

const legendValue = format('.4~g');

export function lineChartLayout(
  series: readonly Series[],
  yScale: YScaleKind,
  transform: Pick<ZoomTransform, 'rescaleX' | 'rescaleY'>,
  phaseMarks: readonly PhaseMark[] = [],
  yMax = Number.POSITIVE_INFINITY,
): LineChartLayout {
  const data = series.map((s) => ({
    ...s,
    points: s.x.map((x, i) => [x, s.y[i]] as [number, number]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (yScale === 'linear' || y > 0)),
  }));
  const all = data.flatMap((d) => d.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  // nice() keeps the x domain fixed between round numbers, so the axis is rebuilt only now and then.
  // d3's min/max: no argument-count limit on long series (spreading them into Math.min overflows the stack).
  const [xLo, xHi] = [min(xs) ?? 0, max(xs) ?? 1];
  const x0 = scaleLinear()
    .domain([xLo, Math.max(xHi, xLo + 1)])
    .range([M.left, WIDTH - M.right])
    .nice();
  // No point yet: an axis of round numbers all the same (a log axis cannot start at 0: it would have no ticks).
  let yLo = min(ys) ?? (yScale === 'log' ? 1 : 0);
  let yHi = max(ys) ?? (yScale === 'log' ? 10 : 1);
  if (yHi === yLo) {
    yHi += Math.abs(yHi) * 0.1 || 1;
    // Values all ≥ 0 keep the axis from 0 up: a sparsity of 0 % throughout is no reason for a "−1" tick.
    const below = yLo - (Math.abs(yLo) * 0.1 || 1);
    yLo = yScale === 'log' ? yLo * 0.5 : yLo >= 0 ? Math.max(0, below) : below;
  } else if (yScale === 'linear') {
    // Room beyond the extreme values, so that no point (and no end marker) sits on the x axis or under the clip: 4 % of
    // the span, never below 0 for values that are all ≥ 0 (no "−5" tick on a loss). A log axis's nice() already ends
    // at the decades around its values.
    const room = (yHi - yLo) * 0.04;
    [yLo, yHi] = [yLo >= 0 ? Math.max(0, yLo - room) : yLo - room, yHi <= yMax ? Math.min(yHi + room, yMax) : yHi + room];
  }
  const y0 =
    yScale === 'log'
      ? scaleLog().domain([yLo, yHi]).range([HEIGHT - M.bottom, M.top]).nice()
      : scaleLinear().domain([yLo, yHi]).range([HEIGHT - M.bottom, M.top]).nice();
  const x = transform.rescaleX(x0);
  const y = transform.rescaleY(y0);
  const path = line<[number, number]>()
    .digits(1)
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const lines = data.map((d): LineMark => {
    const last = d.points[d.points.length - 1];
    return { name: d.name, color: d.color, points: d.points, path: path(d.points) ?? '', legend: last ? `${d.name} ${legendValue(last[1])}` : d.name };
  });
  const [left, right] = x.range();
  const phases = phaseMarks
    .map((m) => ({ px: x(m.x), label: m.label }))
    .filter((m) => m.px >= left && m.px <= right)
    .map((m) => ({ ...m, anchor: m.px + 2 + m.label.length * PHASE_LABEL_CHAR_WIDTH > right ? ('end' as const) : ('start' as const) }));
  const most = max(lines, (l) => l.points.length) ?? 0;
  return { x, y, lines, phases, dots: most > 0 && most <= 40 };
}

/** The values under the pointer at pixel `px`: each line's point nearest in x (none when the chart is empty). */
export function readoutAt(layout: Pick<LineChartLayout, 'x' | 'lines'>, px: number): { x: number; values: { name: string; color: string; value: number }[] } | null {
  const target = layout.x.invert(px);
  let nearest: number | null = null;
  for (const line of layout.lines) {
    for (const [x] of line.points) if (nearest === null || Math.abs(x - target) < Math.abs(nearest - target)) nearest = x;
  }
  if (nearest === null) return null;
  const at = nearest;
  const values = layout.lines.flatMap((l) => {
    const point = l.points.find(([x]) => x === at);
    return point ? [{ name: l.name, color: l.color, value: point[1] }] : [];
  });
  return { x: at, values };
}

export const formatValue = legendValue;
