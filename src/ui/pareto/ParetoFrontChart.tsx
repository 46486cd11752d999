/**
 * The Pareto front plot (SPEC §8). D3 owns the SVG: finished runs as points coloured by sparsity, the
 * non-dominated ones ringed, the area they dominate up to the reference point shaded (its size is the
 * hypervolume), the running run as a moving marker with its trail. The reference point is a handle the user
 * drags. Zoom persists across updates; clicking a point selects its run.
 */
import { useEffect, useRef } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { drag } from 'd3-drag';
import { scaleLinear, scaleSequential } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { select, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from '../charts/chartZoom';
import { useFrameDraw } from '../charts/useFrameDraw';
import { useExplorerStore, type ExplorerStore } from '../explorer/explorerStore';
import { automaticReference, frontPoints, liveTrail, runsOfProblem, toMinimization, type FrontPoint } from './frontPoints';

const WIDTH = 520;
const HEIGHT = 380;
const M = { top: 14, right: 16, bottom: 40, left: 56 };

interface FrontData {
  points: FrontPoint[];
  trail: [number, number][];
  reference: [number, number];
  selected: string | null;
  xLabel: string;
  yLabel: string;
  sparsityAxis: boolean;
}

/** Everything the plot shows, derived from the store (memoised on the inputs that matter). */
let memo: { key: unknown[]; value: FrontData } | null = null;
export function frontData(s: ExplorerStore): FrontData {
  const problem = s.settings.problem;
  const active = s.loop.runId ? s.runs[s.loop.runId] : undefined;
  const key = [s.runs, s.order, s.front, s.selectedRunId, s.loop.runId, problem];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.value;
  const axes = s.front;
  // One problem's front at a time: the losses of different datasets do not compare.
  const points = frontPoints(runsOfProblem(s.order.map((id) => s.runs[id]), problem), axes);
  const trail = active && active.state !== 'finished' && active.config.problem === problem ? liveTrail(active, axes) : [];
  const metric = axes.metric === 'loss' ? 'test NLL' : 'test error %';
  const value: FrontData = {
    points,
    trail,
    reference: axes.reference ?? automaticReference(points, axes),
    selected: s.selectedRunId,
    xLabel: axes.sparsityAxis ? 'sparsity rate % (higher is better)' : `task 1 ${metric}`,
    yLabel: axes.sparsityAxis ? `mean ${metric}` : `task 2 ${metric}`,
    sparsityAxis: axes.sparsityAxis,
  };
  memo = { key, value };
  return value;
}

export function ParetoFrontChart() {
  const svgRef = useRef<SVGSVGElement>(null);
  const root = useRef<Selection<SVGSVGElement, unknown, null, undefined> | null>(null);
  const transform = useRef<ZoomTransform>(zoomIdentity);
  const scales = useRef<{ x: (v: number) => number; y: (v: number) => number; ix: (p: number) => number; iy: (p: number) => number } | null>(null);

  const redraw = useFrameDraw(frontData, (d) => {
    const svg = root.current;
    if (!svg) return;
    const xs = [...d.points.map((p) => p.x), ...d.trail.map((p) => p[0]), d.reference[0]];
    const ys = [...d.points.map((p) => p.y), ...d.trail.map((p) => p[1]), d.reference[1]];
    const pad = (lo: number, hi: number): [number, number] => {
      const span = hi - lo || Math.abs(hi) || 1;
      return [lo - span * 0.08, hi + span * 0.08];
    };
    const x0 = scaleLinear().domain(pad(Math.min(...xs), Math.max(...xs))).range([M.left, WIDTH - M.right]).nice();
    const y0 = scaleLinear().domain(pad(Math.min(...ys), Math.max(...ys))).range([HEIGHT - M.bottom, M.top]).nice();
    const x = transform.current.rescaleX(x0);
    const y = transform.current.rescaleY(y0);
    scales.current = { x, y, ix: (p) => x.invert(p), iy: (p) => y.invert(p) };
    svg.select<SVGGElement>('.x-axis').call(axisBottom(x).ticks(6));
    svg.select<SVGGElement>('.y-axis').call(axisLeft(y).ticks(6));
    svg.select('.x-label').text(d.xLabel);
    svg.select('.y-label').text(d.yLabel);

    // The dominated region of the non-dominated points up to the reference point (a staircase).
    const axes = { metric: 'loss' as const, sparsityAxis: d.sparsityAxis };
    const [rxMin, ryMin] = toMinimization(d.reference, axes);
    const nd = d.points
      .filter((p) => p.nonDominated)
      .map((p) => ({ p, m: toMinimization([p.x, p.y], axes) }))
      .filter(({ m }) => m[0] < rxMin && m[1] < ryMin)
      .sort((a, b) => a.m[0] - b.m[0]);
    const stairs: [number, number][] = [];
    if (nd.length) {
      stairs.push([nd[0].p.x, d.reference[1]]);
      nd.forEach(({ p }, i) => {
        stairs.push([p.x, p.y]);
        const next = nd[i + 1];
        stairs.push([next ? next.p.x : d.reference[0], p.y]);
      });
      stairs.push([d.reference[0], d.reference[1]]);
    }
    const path = line<[number, number]>()
      .digits(1)
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    svg.select('.hv-area').attr('d', stairs.length ? `${path(stairs)}Z` : '');

    const colour = scaleSequential(interpolateViridis).domain([0, Math.max(1, ...d.points.map((p) => p.sparsity))]);
    svg
      .select('.points')
      .selectAll<SVGCircleElement, FrontPoint>('circle')
      .data(d.points, (p) => p.runId)
      .join((enter) =>
        enter
          .append('circle')
          .attr('data-testid', 'front-point')
          .attr('tabindex', 0)
          .attr('role', 'button')
          .on('click', (_, p) => useExplorerStore.getState().selectRun(p.runId))
          .on('keydown', (event: KeyboardEvent, p) => {
            if (event.key === 'Enter' || event.key === ' ') useExplorerStore.getState().selectRun(p.runId);
          }),
      )
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(p.y))
      .attr('r', (p) => (p.runId === d.selected ? 8 : 6))
      .attr('fill', (p) => colour(p.sparsity))
      .attr('stroke', (p) => (p.nonDominated ? '#111' : '#fff'))
      .attr('stroke-width', (p) => (p.nonDominated ? 2.5 : 1))
      .attr('data-run-id', (p) => p.runId)
      .attr('data-non-dominated', (p) => String(p.nonDominated))
      .attr('aria-label', (p) => `run ${p.ordinal}: ${p.x.toPrecision(3)}, ${p.y.toPrecision(3)}, sparsity ${p.sparsity.toFixed(1)} %${p.nonDominated ? ', non-dominated' : ''}`)
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text((p) => `run ${p.ordinal} · sparsity ${p.sparsity.toFixed(1)} %${p.nonDominated ? ' · non-dominated' : ''}`);
    svg
      .select('.point-labels')
      .selectAll<SVGTextElement, FrontPoint>('text')
      .data(d.points, (p) => p.runId)
      .join('text')
      .attr('x', (p) => x(p.x) + 8)
      .attr('y', (p) => y(p.y) - 6)
      .text((p) => p.ordinal);

    svg.select('.trail').attr('d', d.trail.length > 1 ? path(d.trail) : '').attr('data-points', d.trail.length);
    const live = d.trail[d.trail.length - 1];
    svg
      .select('.live')
      .attr('display', live ? null : 'none')
      .attr('cx', live ? x(live[0]) : 0)
      .attr('cy', live ? y(live[1]) : 0);
    svg.select('.reference').attr('cx', x(d.reference[0])).attr('cy', y(d.reference[1]));
  });

  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const svg = select(el);
    root.current = svg;
    svg.append('clipPath').attr('id', 'front-clip').append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
    svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
    svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
    svg.append('text').attr('class', 'x-label axis-label').attr('x', (M.left + WIDTH - M.right) / 2).attr('y', HEIGHT - 6).attr('text-anchor', 'middle');
    svg.append('text').attr('class', 'y-label axis-label').attr('transform', `translate(14,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle');
    const plot = svg.append('g').attr('clip-path', 'url(#front-clip)');
    plot.append('path').attr('class', 'hv-area').attr('fill', '#3453d1').attr('fill-opacity', 0.08).attr('stroke', '#3453d1').attr('stroke-opacity', 0.3);
    plot.append('path').attr('class', 'trail').attr('data-testid', 'live-trail').attr('fill', 'none').attr('stroke', '#e07a00').attr('stroke-width', 1.5).attr('stroke-dasharray', '3 2');
    plot.append('g').attr('class', 'points');
    plot.append('g').attr('class', 'point-labels').attr('font-size', 10).attr('fill', '#333');
    plot.append('circle').attr('class', 'live').attr('data-testid', 'live-point').attr('r', 6).attr('fill', '#e07a00').attr('stroke', '#fff').attr('stroke-width', 1.5).append('title').text('running run (smoothed training losses)');
    const reference = plot.append('circle').attr('class', 'reference').attr('data-testid', 'reference-point').attr('r', 7).attr('fill', '#fff').attr('stroke', '#3453d1').attr('stroke-width', 2).style('cursor', 'move');
    reference.append('title').text('hypervolume reference point: drag to move');
    reference.call(
      drag<SVGCircleElement, unknown>().on('drag', (event: { x: number; y: number }) => {
        const s = scales.current;
        if (s) useExplorerStore.getState().setFront({ reference: [s.ix(event.x), s.iy(event.y)] });
      }),
    );
    const detachZoom = attachChartZoom(svg, {
      scaleExtent: [0.5, 50],
      filter: (event: Event) => !(event.target instanceof SVGCircleElement) && (event.type !== 'mousedown' || (event as MouseEvent).button === 0),
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
  }, []);

  return (
    <svg
      ref={svgRef}
      className="front-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="Pareto front: one point per finished run"
      data-testid="front-chart"
    />
  );
}
