/**
 * The Pareto front plot (SPEC §8), drawn from its `data` prop (frontChartData.ts): finished runs as points
 * coloured by sparsity, the non-dominated ones ringed, the area they dominate up to the reference point shaded
 * (its size is the hypervolume), the running run as a moving marker with its trail. The reference point is a
 * handle the user drags (`onMoveReference`); clicking a point selects its run (`onSelectRun`). D3 owns the SVG
 * (useChart); the layout is frontChartLayout.ts. Zoom persists across updates.
 */
import { useRef } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { frontAxisTicks } from '../charts/frontAxisTicks';
import { measureYTickLabels, useTextScale } from '../charts/useTextScale';
import { drag } from 'd3-drag';
import { select, type BaseType, type Selection } from 'd3-selection';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from '../charts/chartZoom';
import { ZOOM_KEYS_TEXT } from '../charts/chartKeys';
import { useChart, type Chart, type ChartContext } from '../charts/useChart';
import type { FrontData } from './frontChartData';
import { splitName } from '../explorer/paretoModel';
import { FRONT_CHART_MARGIN as M, FRONT_CHART_SIZE, frontChartLayout, type FrontChartLayout, type FrontPointMark } from './frontChartLayout';
import { kText } from '../../experiment/preference';
import { referenceTitle } from '../charts/referenceReach';
import { figureValue } from '../charts/figureMarkup';

const { width: WIDTH, height: HEIGHT } = FRONT_CHART_SIZE;

export interface FrontChartHandlers {
  /** A run picked: by a click, or from the keyboard (`keyboard`: Enter or Space on its point). */
  onSelectRun(runId: string, keyboard: boolean): void;
  /** A point hovered or focused (its run), or none any more. */
  onHover(runId: string | null): void;
  /** The reference point dragged to these plot coordinates. */
  onMoveReference(reference: [number, number]): void;
}

function createFrontChart(element: SVGSVGElement, { redraw, handlers }: ChartContext<FrontChartHandlers>): Chart<FrontData> {
  const svg = select(element);
  let transform: ZoomTransform = zoomIdentity;
  let invert: ((px: number, py: number) => [number, number]) | null = null;
  svg.append('clipPath').attr('id', 'front-clip').append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
  svg.append('text').attr('class', 'x-label axis-label').attr('x', (M.left + WIDTH - M.right) / 2).attr('y', HEIGHT - 6).attr('text-anchor', 'middle');
  svg.append('text').attr('class', 'y-label axis-label').attr('transform', `translate(14,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle');
  const gradient = svg.append('defs').append('linearGradient').attr('id', 'front-sparsity-gradient').attr('x1', 0).attr('y1', 1).attr('x2', 0).attr('y2', 0);
  const bar = svg.append('g').attr('class', 'colour-bar').attr('data-testid', 'front-colour-bar');
  bar.append('rect').attr('class', 'bar').attr('fill', 'url(#front-sparsity-gradient)').attr('stroke', '#999');
  bar.append('text').attr('class', 'bar-max').attr('font-size', 10);
  bar.append('text').attr('class', 'bar-min').attr('font-size', 10).text('0 %');
  bar.append('text').attr('class', 'bar-title axis-label').attr('text-anchor', 'middle').text('zero rows');
  const empty = svg
    .append('text')
    .attr('class', 'empty-message')
    .attr('data-testid', 'front-empty')
    .attr('x', (M.left + WIDTH - M.right) / 2)
    .attr('y', (M.top + HEIGHT - M.bottom) / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', '#666');
  const plot = svg.append('g').attr('clip-path', 'url(#front-clip)');
  plot.append('path').attr('class', 'hv-area').attr('fill', '#3453d1').attr('fill-opacity', 0.08).attr('stroke', '#3453d1').attr('stroke-opacity', 0.3);
  plot.append('g').attr('class', 'companions');
  plot.append('path').attr('class', 'trail').attr('data-testid', 'live-trail').attr('fill', 'none').attr('stroke', '#e07a00').attr('stroke-width', 1.5).attr('stroke-dasharray', '3 2');
  plot.append('path').attr('class', 'model-curve').attr('data-testid', 'model-curve').attr('fill', 'none').attr('stroke', '#7b3fb5').attr('stroke-width', 2).attr('stroke-opacity', 0.8);
  plot.append('g').attr('class', 'points');
  plot.append('g').attr('class', 'point-labels').attr('font-size', 10).attr('fill', '#333');
  plot.append('circle').attr('class', 'live').attr('data-testid', 'live-point').attr('r', 6).attr('fill', '#e07a00').attr('stroke', '#fff').attr('stroke-width', 1.5).append('title');
  // The running run's number beside its marker, as a finished point has: with runs trained at once, which is which.
  // A white halo keeps it legible over the dashed trails.
  const halo = <D, P extends BaseType, PD>(t: Selection<SVGTextElement, D, P, PD>) => void t.attr('paint-order', 'stroke').attr('stroke', '#fff').attr('stroke-width', 3).attr('stroke-linejoin', 'round');
  plot.append('text').attr('class', 'live-label').attr('data-testid', 'live-label').attr('font-size', 10).attr('font-weight', 'bold').attr('fill', '#b35f00').attr('pointer-events', 'none').call(halo);
  plot
    .append('circle')
    .attr('class', 'probe')
    .attr('data-testid', 'model-probe')
    // A ring around the point, not a disc over it: at a run's own preference the model's answer is the run's point.
    .attr('r', 10)
    .attr('fill', 'none')
    .attr('stroke', '#7b3fb5')
    .attr('stroke-width', 3)
    .append('title');
  const reference = plot.append('circle').attr('class', 'reference').attr('data-testid', 'reference-point').attr('r', 7).attr('fill', '#fff').attr('stroke', '#3453d1').attr('stroke-width', 2).style('cursor', 'move');
  reference.append('title').text('hypervolume reference point: drag to move');
  // The empty plot's message over the running trail, not under it: a white halo keeps it legible where they cross.
  empty.raise().attr('pointer-events', 'none').attr('paint-order', 'stroke').attr('stroke', '#fff').attr('stroke-width', 4).attr('stroke-linejoin', 'round');
  reference.call(
    drag<SVGCircleElement, unknown>().on('drag', (event: { x: number; y: number }) => {
      if (invert) handlers().onMoveReference(invert(event.x, event.y));
    }),
  );
  const detachZoom = attachChartZoom(svg, {
    scaleExtent: [0.5, 50],
    plot: { left: M.left, top: M.top, right: WIDTH - M.right, bottom: HEIGHT - M.bottom },
    resetCorner: 'top',
    // A point's click selects its run and the reference point drags: neither starts a pan.
    filter: (event: Event) => !(event.target instanceof SVGCircleElement),
    onTransform: (t) => {
      transform = t;
      redraw();
    },
  });

  return {
    update(d) {
      const layout = frontChartLayout(d, transform);
      const { x, y } = layout;
      invert = (px, py) => [x.invert(px), y.invert(py)];
      svg.select<SVGGElement>('.x-axis').call(axisBottom(x).tickValues(frontAxisTicks(x, d.limits[0])));
      svg.select<SVGGElement>('.y-axis').call(axisLeft(y).tickValues(frontAxisTicks(y, d.limits[1])));
      measureYTickLabels(svg.node() as SVGSVGElement);
      svg.select('.x-label').text(d.xLabel);
      svg.select('.y-label').text(d.yLabel);
      svg.select('.hv-area').attr('d', layout.hvArea);
      svg
        .select('.points')
        .selectAll<SVGCircleElement, FrontPointMark>('circle')
        .data(layout.points, (m) => m.point.runId)
        .join((enter) =>
          enter
            .append('circle')
            .attr('data-testid', 'front-point')
            .attr('tabindex', 0)
            .attr('role', 'button')
            .on('click', (_, m) => handlers().onSelectRun(m.point.runId, false))
            .on('keydown', (event: KeyboardEvent, m) => {
              if (event.key !== 'Enter' && event.key !== ' ') return;
              // A button's keys: Space would scroll the page too.
              event.preventDefault();
              handlers().onSelectRun(m.point.runId, true);
            })
            // The readout at once, beside the chart: a <title> shows late, never on touch.
            .on('mouseenter focus', (_, m) => handlers().onHover(m.point.runId))
            .on('mouseleave blur', () => handlers().onHover(null)),
        )
        .attr('cx', (m) => m.cx)
        .attr('cy', (m) => m.cy)
        .attr('r', (m) => m.r)
        .attr(figureValue('r'), (m) => (m.r === m.figureR ? null : m.figureR))
        .attr('fill', (m) => m.fill)
        .attr('stroke', (m) => m.stroke)
        .attr('stroke-width', (m) => m.strokeWidth)
        .attr('stroke-dasharray', (m) => (m.dashed ? '2 2' : null))
        .attr('data-retargeted', (m) => (m.dashed ? 'true' : null))
        .attr('data-run-id', (m) => m.point.runId)
        .attr('data-non-dominated', (m) => String(m.point.nonDominated))
        .attr('aria-label', (m) => m.ariaLabel)
        .selectAll('title')
        .data((m) => [m])
        .join('title')
        .text((m) => m.title);
      svg
        .select('.point-labels')
        .selectAll<SVGTextElement, FrontPointMark>('text')
        .data(
          layout.points.filter((m) => m.label !== null),
          (m) => m.point.runId,
        )
        .join('text')
        .attr('data-testid', 'front-label')
        .attr('x', (m) => m.label?.x ?? 0)
        .attr('y', (m) => m.label?.y ?? 0)
        .attr('text-anchor', (m) => m.label?.anchor ?? 'start')
        .text((m) => m.point.ordinal);
      svg.select('.trail').attr('d', layout.trail).attr('data-points', d.trail.length);
      // The runs trained at once with the followed one: fainter trails and markers, under its own.
      const companions = svg
        .select('.companions')
        .selectAll<SVGGElement, FrontChartLayout['companions'][number]>('g')
        .data(layout.companions)
        .join((enter) => {
          const g = enter.append('g');
          g.append('path').attr('data-testid', 'companion-trail').attr('fill', 'none').attr('stroke', '#e07a00').attr('stroke-opacity', 0.45).attr('stroke-width', 1).attr('stroke-dasharray', '3 2');
          // A click follows that run, as picking it in the run list does (the trail, readings and status move to it).
          g.append('circle')
            .attr('data-testid', 'companion-point')
            .attr('r', 4)
            .attr('fill', '#e07a00')
            .attr('stroke', '#fff')
            .attr('stroke-width', 1)
            .style('cursor', 'pointer')
            .on('click', (_, c) => handlers().onSelectRun(c.id, false))
            .append('title');
          g.append('text').attr('data-testid', 'companion-label').attr('font-size', 10).attr('fill', '#b35f00').attr('pointer-events', 'none').call(halo);
          return g;
        });
      companions.select('path').attr('d', (c) => c.trail);
      companions
        .select('circle')
        .attr('display', (c) => (c.live ? null : 'none'))
        .attr('cx', (c) => c.live?.cx ?? 0)
        .attr('cy', (c) => c.live?.cy ?? 0)
        .attr('data-run-id', (c) => c.id)
        .attr('fill-opacity', (c) => (c.live?.outside ? 0.3 : 0.7))
        .select('title')
        .text((c) => c.title);
      companions
        .select('text')
        .attr('display', (c) => (c.live ? null : 'none'))
        .attr('x', (c) => (c.live?.cx ?? 0) + 5)
        .attr('y', (c) => (c.live?.cy ?? 0) - 5)
        .text((c) => c.ordinal);
      svg.select('.model-curve').attr('d', layout.modelCurve).attr('data-points', d.modelCurve.length).attr('data-coordinates', JSON.stringify(d.modelCurve));
      svg
        .select('.probe')
        .attr('display', layout.probe ? null : 'none')
        .attr('cx', layout.probe?.cx ?? 0)
        .attr('cy', layout.probe?.cy ?? 0)
        .attr('data-x', d.probe ? d.probe.at[0] : null)
        .attr('data-y', d.probe ? d.probe.at[1] : null)
        .attr('stroke-opacity', layout.probe?.outside ? 0.4 : 1)
        .select('title')
        .text(d.probe ? `the Pareto set model at ${kText(d.probe.preference)}: ${splitName(d.probe.split)} subset, no run` : '');
      svg
        .select('.live')
        .attr('display', layout.live ? null : 'none')
        .attr('cx', layout.live?.cx ?? 0)
        .attr('cy', layout.live?.cy ?? 0)
        .attr('fill-opacity', layout.live?.outside ? 0.4 : 1)
        .select('title')
        .text(d.followed ? `${d.followed.name}: running (smoothed training losses)` : '');
      svg
        .select('.live-label')
        .attr('display', layout.live && d.followed ? null : 'none')
        .attr('x', (layout.live?.cx ?? 0) + 7)
        .attr('y', (layout.live?.cy ?? 0) - 7)
        .text(d.followed?.ordinal ?? '');
      const referenceOff = layout.reference?.off === true;
      svg
        .select('.reference')
        .attr('display', layout.reference ? null : 'none')
        .attr('cx', layout.reference?.cx ?? 0)
        .attr('cy', layout.reference?.cy ?? 0)
        .attr('data-off', referenceOff ? 'true' : null)
        .attr('stroke-dasharray', referenceOff ? '3 2' : null)
        .select('title')
        .text(referenceTitle(d.reference, referenceOff, 'drag to move'));
      // Centred on an empty plot. While a trail runs through the middle: at the top, from the y axis rightwards (centred,
      // the long line of runs trained at once reached over the axis's top label; the colour bar's room is free then).
      const training = layout.live !== null;
      const emptyX = training ? M.left + 8 : (M.left + WIDTH - M.right) / 2;
      empty
        .attr('x', emptyX)
        .attr('y', training ? M.top + 16 : (M.top + HEIGHT - M.bottom) / 2)
        .attr('text-anchor', training ? 'start' : 'middle')
        .selectAll('tspan')
        .data((layout.empty ?? '').split('\n'))
        .join('tspan')
        .attr('x', emptyX)
        .attr('dy', (_, i) => (i === 0 ? 0 : '1.3em'))
        .text((line) => line);
      const cb = layout.colourBar;
      bar.attr('display', cb ? null : 'none');
      if (cb) {
        gradient
          .selectAll('stop')
          .data(cb.stops)
          .join('stop')
          .attr('offset', (s) => s.offset)
          .attr('stop-color', (s) => s.colour);
        bar.select('.bar').attr('x', cb.x).attr('y', cb.y).attr('width', cb.width).attr('height', cb.height);
        bar.select('.bar-max').attr('x', cb.x + cb.width + 4).attr('y', cb.y + 8).text(`${cb.max.toFixed(0)} %`);
        bar.select('.bar-min').attr('x', cb.x + cb.width + 4).attr('y', cb.y + cb.height);
        bar.select('.bar-title').attr('transform', `translate(${cb.x - 8},${cb.y + cb.height / 2}) rotate(-90)`);
      }
    },
    destroy() {
      detachZoom();
      svg.selectAll('*').remove();
    },
  };
}

export function ParetoFrontChart({ data, onSelectRun, onMoveReference, onHover }: { data: FrontData } & FrontChartHandlers) {
  const ref = useRef<SVGSVGElement>(null);
  useChart(ref, createFrontChart, data, { handlers: { onSelectRun, onMoveReference, onHover } });
  useTextScale(ref, WIDTH);
  // A group, not an image: an image's children are hidden from screen readers, and its points are buttons.
  return (
    <svg
      ref={ref}
      className="front-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="group"
      aria-label={`Pareto front: one point per finished run (each a button: Enter shows its run; ${ZOOM_KEYS_TEXT})`}
      // A saved figure's name: its points are no buttons (figureMarkup.ts).
      {...{ [figureValue('aria-label')]: 'Pareto front: one point per finished run' }}
      data-testid="front-chart"
    />
  );
}
