/**
 * One small line chart (a panel of the live curves). D3 owns the SVG inside the ref: the setup effect builds
 * the axes, clip path and zoom once; the draw function (called at animation-frame rate by useFrameDraw)
 * rescales and redraws the lines. The user's zoom (wheel / drag, double-click to reset) is a transform kept in
 * a ref, so it survives every update.
 */
import { useEffect, useRef } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { format } from 'd3-format';
import { scaleLinear, scaleLog } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from './chartZoom';
import type { ExplorerStore } from '../explorer/explorerStore';
import { useFrameDraw } from './useFrameDraw';

export interface Series {
  name: string;
  color: string;
  x: readonly number[];
  y: readonly number[];
}

export interface LineChartProps<T> {
  title: string;
  testId: string;
  /** What the chart depends on (compared by reference to decide whether to redraw). */
  select: (s: ExplorerStore) => T;
  series: (value: T) => Series[];
  yScale?: 'linear' | 'log';
  xLabel?: string;
}

/** Live curves redraw at most ~6 times a second from new readings (zooming redraws every frame). */
const LIVE_REDRAW_MS = 160;
const WIDTH = 300;
const HEIGHT = 150;
const M = { top: 8, right: 10, bottom: 22, left: 46 };

export function LineChart<T>({ title, testId, select: pick, series, yScale = 'linear', xLabel = 'step' }: LineChartProps<T>) {
  const svgRef = useRef<SVGSVGElement>(null);
  const transform = useRef<ZoomTransform>(zoomIdentity);
  const root = useRef<Selection<SVGSVGElement, unknown, null, undefined> | null>(null);
  const lastAxes = useRef('');

  const redraw = useFrameDraw(pick, (value) => {
    const svg = root.current;
    if (!svg) return;
    const data = series(value).map((s) => ({
      ...s,
      points: s.x.map((x, i) => [x, s.y[i]] as [number, number]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (yScale === 'linear' || y > 0)),
    }));
    const all = data.flatMap((d) => d.points);
    const xs = all.map((p) => p[0]);
    const ys = all.map((p) => p[1]);
    // nice() keeps the x domain fixed between round numbers, so the axis is rebuilt only now and then.
    const x0 = scaleLinear()
      .domain(xs.length ? [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)] : [0, 1])
      .range([M.left, WIDTH - M.right])
      .nice();
    let yLo = ys.length ? Math.min(...ys) : 0;
    let yHi = ys.length ? Math.max(...ys) : 1;
    if (yHi === yLo) {
      yHi += Math.abs(yHi) * 0.1 || 1;
      yLo -= yScale === 'log' ? yLo * 0.5 : Math.abs(yLo) * 0.1 || 1;
    }
    const y0 =
      yScale === 'log'
        ? scaleLog().domain([yLo, yHi]).range([HEIGHT - M.bottom, M.top]).nice()
        : scaleLinear().domain([yLo, yHi]).range([HEIGHT - M.bottom, M.top]).nice();
    const x = transform.current.rescaleX(x0);
    const y = transform.current.rescaleY(y0);
    // Axes are DOM-heavy (tick text): rebuild them only when a domain changed.
    const axesKey = `${x.domain().join()}|${y.domain().join()}`;
    if (axesKey !== lastAxes.current) {
      lastAxes.current = axesKey;
      svg.select<SVGGElement>('.x-axis').call(axisBottom(x).ticks(5, '~s'));
      svg.select<SVGGElement>('.y-axis').call(axisLeft(y).ticks(4, yScale === 'log' ? '.0e' : '~g'));
    }
    const path = line<[number, number]>()
      .digits(1)
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    svg
      .select('.lines')
      .selectAll<SVGPathElement, (typeof data)[number]>('path')
      .data(data, (d) => d.name)
      .join((enter) =>
        enter
          .append('path')
          .attr('fill', 'none')
          .attr('stroke', (d) => d.color)
          .attr('stroke-width', 1.5)
          .attr('data-series', (d) => d.name),
      )
      .attr('data-points', (d) => d.points.length)
      .attr('d', (d) => path(d.points) ?? '');
    const last = (d: (typeof data)[number]) => d.points[d.points.length - 1];
    svg
      .select('.legend')
      .selectAll<SVGTextElement, (typeof data)[number]>('text')
      .data(data, (d) => d.name)
      .join((enter) =>
        enter
          .append('text')
          .attr('x', M.left + 4)
          .attr('y', (_, i) => M.top + 10 + i * 11)
          .attr('fill', (d) => d.color),
      )
      .text((d) => (last(d) ? `${d.name} ${format('.4~g')(last(d)[1])}` : d.name));
  }, LIVE_REDRAW_MS);

  // Setup once: structure, clip path and zoom.
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const svg = select(el);
    root.current = svg;
    const clipId = `clip-${testId}`;
    svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
    svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
    svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
    svg.append('g').attr('class', 'lines').attr('clip-path', `url(#${clipId})`);
    svg.append('g').attr('class', 'legend').attr('font-size', 10);
    const detachZoom = attachChartZoom(svg, {
      scaleExtent: [1, 50],
      onTransform: (t) => {
        transform.current = t;
        redraw();
      },
    });
    return () => {
      detachZoom();
      svg.selectAll('*').remove();
      root.current = null;
      lastAxes.current = '';
    };
    // redraw is stable in effect (it calls a ref); the chart is set up once per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [testId]);

  return (
    <figure className="line-chart">
      <figcaption>{title}</figcaption>
      <svg ref={svgRef} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title} against ${xLabel}`} data-testid={testId} />
    </figure>
  );
}
