/**
 * What a line chart draws, computed from its series without touching the DOM: the scales (the user's zoom
 * applied), each line's points and SVG path, and the legend. LineChart.tsx puts it on the page. Pure.
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

export const LINE_CHART_SIZE = { width: 300, height: 150 };
export const LINE_CHART_MARGIN = { top: 8, right: 10, bottom: 22, left: 46 };
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

export interface LineChartLayout {
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  lines: LineMark[];
}

const legendValue = format('.4~g');

export function lineChartLayout(series: readonly Series[], yScale: YScaleKind, transform: Pick<ZoomTransform, 'rescaleX' | 'rescaleY'>): LineChartLayout {
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
  let yLo = min(ys) ?? 0;
  let yHi = max(ys) ?? 1;
  if (yHi === yLo) {
    yHi += Math.abs(yHi) * 0.1 || 1;
    yLo -= yScale === 'log' ? yLo * 0.5 : Math.abs(yLo) * 0.1 || 1;
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
  return { x, y, lines };
}
