/**
 * The methods side by side on one front plot: every finished run a marker in its method's colour and shape
 * (methodKeys.ts: Okabe–Ito colours, distinct d3 symbols), a legend of the methods shown, the exact front under
 * the points where it is known (a line for a curve; dots for the 2-D projection of a 3-objective front; a ring
 * for a front collapsed to one point), the running run's marker and trail, and the hypervolume reference point.
 * D3 owns the SVG (setup effect once, draws at frame rate from the store); zoom persists across updates.
 */
import { useEffect, useRef } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { line, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from '../charts/chartZoom';
import { useStoreFrameDraw, type WatchedStore } from '../charts/useStoreFrameDraw';
import { METHOD_STYLES, type MarkerShape } from './methodKeys';
import { type MethodKey } from '../../experiment/choices';

const WIDTH = 520;
const HEIGHT = 380;
const M = { top: 14, right: 16, bottom: 40, left: 60 };

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
}

const SYMBOLS: Record<MarkerShape, SymbolType> = {
  circle: symbolCircle,
  square: symbolSquare,
  diamond: symbolDiamond,
  triangle: symbolTriangle,
  star: symbolStar,
  cross: symbolCross,
  wye: symbolWye,
};

/** The SVG path of a method's marker, centred at 0,0 (also used by the HTML legend of the table). */
export function markerPath(key: MethodKey, size = 70): string {
  return symbol(SYMBOLS[METHOD_STYLES[key].marker], size)() ?? '';
}

export function MethodFrontChart<S>({ store, select: pick, label, testId }: { store: WatchedStore<S>; select: (s: S) => MethodChartData; label: string; testId: string }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const root = useRef<Selection<SVGSVGElement, unknown, null, undefined> | null>(null);
  const transform = useRef<ZoomTransform>(zoomIdentity);

  const redraw = useStoreFrameDraw(store, pick, (d) => {
    const svg = root.current;
    if (!svg) return;
    const frontPoints = d.front?.points ?? [];
    const xs = [...d.points.map((p) => p.x), ...frontPoints.map((p) => p[0]), ...(d.live ? [d.live.x] : []), ...(d.reference ? [d.reference[0]] : [])];
    const ys = [...d.points.map((p) => p.y), ...frontPoints.map((p) => p[1]), ...(d.live ? [d.live.y] : []), ...(d.reference ? [d.reference[1]] : [])];
    const pad = (v: number[]): [number, number] => {
      if (v.length === 0) return [0, 1];
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      const span = hi - lo || Math.abs(hi) || 1;
      return [lo - span * 0.06, hi + span * 0.06];
    };
    const x = transform.current.rescaleX(scaleLinear().domain(pad(xs)).range([M.left, WIDTH - M.right]).nice());
    const y = transform.current.rescaleY(scaleLinear().domain(pad(ys)).range([HEIGHT - M.bottom, M.top]).nice());
    svg.select<SVGGElement>('.x-axis').call(axisBottom(x).ticks(6));
    svg.select<SVGGElement>('.y-axis').call(axisLeft(y).ticks(6));
    svg.select('.x-label').text(d.xLabel);
    svg.select('.y-label').text(d.yLabel);

    const path = line<[number, number]>()
      .digits(1)
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    const front = d.front;
    let frontPath = '';
    if (front && front.points.length > 1 && front.kind === 'curve') frontPath = path([...front.points].sort((a, b) => a[0] - b[0])) ?? '';
    else if (front && front.points.length > 1) frontPath = front.points.map((p) => `M${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}h1.6v1.6h-1.6Z`).join('');
    svg
      .select('.exact-front')
      .attr('d', frontPath)
      .attr('fill', front?.kind === 'cloud' ? '#9aa3b5' : 'none')
      .attr('data-points', front?.points.length ?? 0)
      .attr('data-kind', front ? (front.points.length === 1 ? 'point' : front.kind) : 'none');
    const single = front && front.points.length === 1 ? front.points[0] : null;
    svg
      .select('.exact-point')
      .attr('display', single ? null : 'none')
      .attr('cx', single ? x(single[0]) : 0)
      .attr('cy', single ? y(single[1]) : 0);

    svg
      .select('.points')
      .selectAll<SVGPathElement, ChartPoint>('path')
      .data(d.points, (p) => p.id)
      .join((enter) => enter.append('path').attr('data-testid', 'method-point').attr('stroke', '#fff').attr('stroke-width', 0.8))
      .attr('d', (p) => markerPath(p.key))
      .attr('transform', (p) => `translate(${x(p.x).toFixed(1)},${y(p.y).toFixed(1)})`)
      .attr('fill', (p) => METHOD_STYLES[p.key].colour)
      .attr('data-method', (p) => p.key)
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text((p) => p.title);

    svg.select('.trail').attr('d', d.live && d.live.trail.length > 1 ? path(d.live.trail) : '');
    svg
      .select('.live')
      .attr('display', d.live ? null : 'none')
      .attr('d', d.live ? markerPath(d.live.key, 140) : '')
      .attr('fill', d.live ? METHOD_STYLES[d.live.key].colour : 'none')
      .attr('transform', d.live ? `translate(${x(d.live.x).toFixed(1)},${y(d.live.y).toFixed(1)})` : null);
    svg
      .select('.reference')
      .attr('display', d.reference ? null : 'none')
      .attr('cx', d.reference ? x(d.reference[0]) : 0)
      .attr('cy', d.reference ? y(d.reference[1]) : 0);

    const entries = svg
      .select('.legend')
      .attr('display', d.keys.length > 0 ? null : 'none')
      .selectAll<SVGGElement, MethodKey>('g.legend-entry')
      .data(d.keys, (k) => k)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'legend-entry').attr('data-testid', 'legend-entry');
        g.append('path').attr('stroke', '#fff').attr('stroke-width', 0.8);
        g.append('text').attr('x', 10).attr('y', 4).attr('font-size', 11);
        return g;
      })
      .attr('data-method', (k) => k)
      .attr('transform', (_, i) => `translate(10,${11 + i * 16})`);
    entries
      .select('path')
      .attr('d', (k) => markerPath(k))
      .attr('fill', (k) => METHOD_STYLES[k].colour);
    entries.select('text').text((k) => METHOD_STYLES[k].short);
    // Bottom left: for minimisation that corner lies beyond the front, so no run is ever hidden there.
    const legendHeight = d.keys.length * 16 + 6;
    svg.select('.legend').attr('transform', `translate(${M.left + 6},${HEIGHT - M.bottom - legendHeight - 6})`);
    svg.select('.legend-box').attr('height', legendHeight).attr('width', 128);
  });

  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const svg = select(el);
    root.current = svg;
    const clipId = `${testId}-clip`;
    svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
    svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
    svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
    svg.append('text').attr('class', 'x-label axis-label').attr('x', (M.left + WIDTH - M.right) / 2).attr('y', HEIGHT - 6).attr('text-anchor', 'middle');
    svg.append('text').attr('class', 'y-label axis-label').attr('transform', `translate(14,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle');
    const plot = svg.append('g').attr('clip-path', `url(#${clipId})`);
    plot.append('path').attr('class', 'exact-front').attr('data-testid', 'exact-front').attr('stroke', '#8a94a6').attr('stroke-width', 2.5).append('title').text('exact Pareto front');
    plot.append('circle').attr('class', 'exact-point').attr('data-testid', 'exact-front-point').attr('r', 11).attr('fill', 'none').attr('stroke', '#8a94a6').attr('stroke-width', 2.5).attr('stroke-dasharray', '3 2').append('title').text('exact Pareto front: a single point');
    plot.append('path').attr('class', 'trail').attr('fill', 'none').attr('stroke', '#5b6474').attr('stroke-width', 1.2).attr('stroke-dasharray', '3 2');
    plot.append('g').attr('class', 'points');
    plot.append('path').attr('class', 'live').attr('data-testid', 'method-live-point').attr('stroke', '#111').attr('stroke-width', 1.2).append('title').text('running run');
    plot.append('circle').attr('class', 'reference').attr('r', 6).attr('fill', '#fff').attr('stroke', '#3453d1').attr('stroke-width', 2).append('title').text('hypervolume reference point');
    const legend = svg.append('g').attr('class', 'legend').attr('pointer-events', 'none');
    legend.append('rect').attr('class', 'legend-box').attr('fill', '#fff').attr('fill-opacity', 0.85).attr('stroke', '#cfd5e3').attr('rx', 3);
    const detachZoom = attachChartZoom(svg, {
      scaleExtent: [0.5, 200],
      onTransform: (t) => {
        transform.current = t;
        redraw();
      },
    });
    return () => {
      detachZoom();
      svg.selectAll('*').remove();
      root.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [testId]);

  return <svg ref={svgRef} className="front-chart method-front-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} data-testid={testId} />;
}
