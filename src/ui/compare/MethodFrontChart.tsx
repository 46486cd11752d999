/**
 * The methods side by side on one front plot, drawn from its `data` prop (MethodChartData): every finished run
 * a marker in its method's colour and shape (methodKeys.ts: Okabe–Ito colours, distinct d3 symbols), a legend of
 * the methods shown, the exact front under the points where it is known, the running run's marker and trail,
 * and the hypervolume reference point. D3 owns the SVG (useChart); the layout is methodChartLayout.ts. Zoom
 * persists across updates. A point hovered, tapped or focused has its numbers in a line under the plot (a <title>
 * shows late, and never on a touch screen).
 */
import { useMemo, useRef, useState } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { select } from 'd3-selection';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from '../charts/chartZoom';
import { ZOOM_KEYS_TEXT } from '../charts/chartKeys';
import { frontAxisTicks } from '../charts/frontAxisTicks';
import { measureYTickLabels, useTextScale } from '../charts/useTextScale';
import { useChart, type Chart } from '../charts/useChart';
import { useMediaQuery } from '../useMediaQuery';
import {
  methodChartLayout,
  NARROW_METHOD_CHART,
  WIDE_METHOD_CHART,
  X_TITLE_BELOW,
  type LegendEntryMark,
  type MethodChartData,
  type MethodChartGeometry,
  type MethodPointMark,
  type PointStackMark,
} from './methodChartLayout';
import { referenceTitle } from '../charts/referenceReach';
import { figureValue } from '../charts/figureMarkup';

/** A phone's screen: the plot drawn in NARROW_METHOD_CHART's frame, its legend under it. */
const NARROW_SCREEN = '(max-width: 520px)';
/** The opacity of a method out of focus (a tour step's other methods): there, but not what the step is about. */
const FAINT = 0.22;
let clipIds = 0;

interface MethodChartHandlers {
  /** A point hovered, tapped or focused (its id), or none any more. */
  onPoint(id: string | null): void;
  /** Enter or Space on a point (the explorer opens its run's details); absent: the points are no buttons. */
  onSelect?: (id: string) => void;
}

/** The chart drawn in `geometry`'s frame. */
const methodChart = (geometry: MethodChartGeometry) => (element: SVGSVGElement, options: { redraw(): void; handlers: () => MethodChartHandlers }) => createMethodChart(element, options, geometry);

function createMethodChart(element: SVGSVGElement, { redraw, handlers }: { redraw(): void; handlers: () => MethodChartHandlers }, geometry: MethodChartGeometry): Chart<MethodChartData> {
  const { width: WIDTH, height: HEIGHT, margin: M } = geometry;
  const svg = select(element);
  let transform: ZoomTransform = zoomIdentity;
  const clipId = `method-chart-clip-${++clipIds}`;
  svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
  svg.append('text').attr('class', 'x-label axis-label').attr('x', (M.left + WIDTH - M.right) / 2).attr('y', HEIGHT - M.bottom + X_TITLE_BELOW).attr('text-anchor', 'middle');
  svg.append('text').attr('class', 'y-label axis-label').attr('transform', `translate(14,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle');
  const plot = svg.append('g').attr('clip-path', `url(#${clipId})`);
  plot.append('path').attr('class', 'exact-front').attr('data-testid', 'exact-front').attr('stroke', '#8a94a6').attr('stroke-width', 2.5).append('title').text('exact Pareto front');
  plot.append('circle').attr('class', 'exact-point').attr('data-testid', 'exact-front-point').attr('r', 11).attr('fill', 'none').attr('stroke', '#8a94a6').attr('stroke-width', 2.5).attr('stroke-dasharray', '3 2').append('title').text('exact Pareto front: a single point');
  plot.append('g').attr('class', 'model-curves');
  plot.append('path').attr('class', 'trail').attr('fill', 'none').attr('stroke', '#5b6474').attr('stroke-width', 1.2).attr('stroke-dasharray', '3 2');
  plot.append('g').attr('class', 'points');
  plot.append('g').attr('class', 'stacks');
  plot.append('path').attr('class', 'live').attr('data-testid', 'method-live-point').attr('stroke', '#111').attr('stroke-width', 1.2).append('title').text('running run');
  const probe = plot.append('g').attr('class', 'probe').attr('data-testid', 'model-probe');
  probe.append('circle').attr('r', 9).attr('fill', 'none').attr('stroke', '#7B3294').attr('stroke-width', 2.5);
  probe.append('circle').attr('r', 2.5).attr('fill', '#7B3294');
  probe.append('title');
  plot.append('circle').attr('class', 'reference').attr('r', 6).attr('fill', '#fff').attr('stroke', '#3453d1').attr('stroke-width', 2).append('title').text('hypervolume reference point');
  const legend = svg.append('g').attr('class', 'legend').attr('pointer-events', 'none');
  legend.append('rect').attr('class', 'legend-box').attr('fill', '#fff').attr('fill-opacity', 0.85).attr('stroke', '#cfd5e3').attr('rx', 3);
  const detachZoom = attachChartZoom(svg, {
    scaleExtent: [0.5, 200],
    // A point's click shows its numbers: it starts no pan.
    filter: (event: Event) => !(event.target instanceof SVGPathElement && event.target.getAttribute('data-testid') === 'method-point'),
    plot: { left: M.left, top: M.top, right: WIDTH - M.right, bottom: HEIGHT - M.bottom },
    resetCorner: 'top',
    onTransform: (t) => {
      transform = t;
      redraw();
    },
  });

  return {
    update(d) {
      const layout = methodChartLayout(d, transform, geometry);
      svg.select<SVGGElement>('.x-axis').call(axisBottom(layout.x).tickValues(frontAxisTicks(layout.x, d.limits?.[0])));
      svg.select<SVGGElement>('.y-axis').call(axisLeft(layout.y).tickValues(frontAxisTicks(layout.y, d.limits?.[1])));
      measureYTickLabels(svg.node() as SVGSVGElement);
      svg.select('.x-label').text(d.xLabel);
      svg.select('.y-label').text(d.yLabel);
      const front = layout.exactFront;
      svg.select('.exact-front').attr('d', front.path).attr('fill', front.fill).attr('data-points', front.points).attr('data-kind', front.kind);
      svg
        .select('.exact-point')
        .attr('display', layout.exactPoint ? null : 'none')
        .attr('cx', layout.exactPoint?.cx ?? 0)
        .attr('cy', layout.exactPoint?.cy ?? 0);
      svg
        .select('.points')
        .selectAll<SVGPathElement, MethodPointMark>('path')
        .data(layout.points, (m) => m.point.id)
        .join((enter) =>
          enter
            .append('path')
            .attr('data-testid', 'method-point')
            .attr('stroke', '#fff')
            .attr('stroke-width', 0.8)
            .attr('tabindex', 0)
            .on('mouseenter focus click', (_, m) => handlers().onPoint(m.point.id))
            .on('mouseleave blur', () => handlers().onPoint(null))
            .on('keydown', (event: KeyboardEvent, m) => {
              const select = handlers().onSelect;
              if (!select || (event.key !== 'Enter' && event.key !== ' ')) return;
              // A button's keys: Space would scroll the page too.
              event.preventDefault();
              select(m.point.id);
            }),
        )
        // A button where a point opens something (the explorer's run details); else an image named by its numbers, which
        // its focus shows under the plot.
        .attr('role', handlers().onSelect ? 'button' : 'img')
        .attr('aria-label', (m) => m.point.title.split('\n').join(', '))
        .attr('d', (m) => m.path)
        .attr('transform', (m) => m.transform)
        .attr('fill', (m) => m.fill)
        .attr('opacity', (m) => (m.faint ? FAINT : null))
        .attr('data-faint', (m) => (m.faint ? 'true' : null))
        .attr('data-method', (m) => m.point.key)
        // In the layout's order: a nested marker over the larger ones around it.
        .order()
        .selectAll('title')
        .data((m) => [m])
        .join('title')
        .text((m) => m.point.title);
      svg
        .select('.model-curves')
        .selectAll<SVGPathElement, (typeof layout.curves)[number]>('path')
        .data(layout.curves, (c) => c.id)
        .join((enter) => enter.append('path').attr('data-testid', 'model-curve').attr('stroke-width', 2.5))
        .attr('d', (c) => c.path)
        .attr('fill', (c) => (c.kind === 'cloud' ? c.stroke : 'none'))
        .attr('stroke', (c) => (c.kind === 'curve' ? c.stroke : '#fff'))
        .attr('stroke-width', (c) => (c.kind === 'curve' ? 2.5 : 0.8))
        .attr('data-kind', (c) => c.kind)
        .attr('opacity', (c) => (c.faint ? FAINT : null))
        .selectAll('title')
        .data((c) => [c])
        .join('title')
        .text((c) => c.title);
      // Several runs on one spot: "×8" beside it (its title names them); runs of one method share a marker there.
      svg
        .select('.stacks')
        .selectAll<SVGTextElement, PointStackMark>('text')
        .data(layout.stacks)
        .join((enter) => enter.append('text').attr('data-testid', 'point-stack').attr('class', 'point-stack').attr('font-size', 11))
        .attr('transform', (s) => s.transform)
        .text((s) => s.text)
        .selectAll('title')
        .data((s) => [s])
        .join('title')
        .text((s) => s.title);
      svg.select('.trail').attr('d', layout.trail);
      svg
        .select('.probe')
        .attr('display', layout.probe ? null : 'none')
        .attr('transform', layout.probe?.transform ?? null)
        .select('title')
        .text(layout.probe?.title ?? '');
      svg
        .select('.live')
        .attr('display', layout.live ? null : 'none')
        .attr('d', layout.live?.path ?? '')
        .attr('fill', layout.live?.fill ?? 'none')
        .attr('transform', layout.live?.transform ?? null);
      svg
        .select('.reference')
        .attr('display', layout.reference ? null : 'none')
        .attr('cx', layout.reference?.cx ?? 0)
        .attr('cy', layout.reference?.cy ?? 0)
        .attr('data-off', layout.reference?.off ? 'true' : null)
        .attr('stroke-dasharray', layout.reference?.off ? '3 2' : null)
        .select('title')
        .text(referenceTitle(d.reference, layout.reference?.off === true));
      const entries = svg
        .select('.legend')
        .attr('display', layout.legend.entries.length > 0 ? null : 'none')
        .attr('transform', layout.legend.transform)
        .selectAll<SVGGElement, LegendEntryMark>('g.legend-entry')
        .data(layout.legend.entries, (e) => e.key)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'legend-entry').attr('data-testid', 'legend-entry');
          g.append('path').attr('stroke', '#fff').attr('stroke-width', 0.8);
          g.append('text').attr('x', 10).attr('y', 4);
          return g;
        })
        .attr('data-method', (e) => e.key)
        .attr('transform', (e) => e.transform)
        .attr('opacity', (e) => (e.faint ? FAINT : null));
      entries
        .select('path')
        .attr('d', (e) => e.path)
        .attr('fill', (e) => e.fill);
      entries.select('text').text((e) => e.text);
      svg.select('.legend-box').attr('height', layout.legend.height).attr('width', layout.legend.width);
    },
    destroy() {
      detachZoom();
      svg.selectAll('*').remove();
    },
  };
}

export function MethodFrontChart({ data, label, testId, onSelect }: { data: MethodChartData; label: string; testId: string; onSelect?: (id: string) => void }) {
  const ref = useRef<SVGSVGElement>(null);
  const [pointed, setPointed] = useState<string | null>(null);
  // Drawn again in the other frame when the screen crosses NARROW_SCREEN (a phone turned).
  const geometry = useMediaQuery(NARROW_SCREEN) ? NARROW_METHOD_CHART : WIDE_METHOD_CHART;
  const create = useMemo(() => methodChart(geometry), [geometry]);
  useChart(ref, create, data, { handlers: { onPoint: setPointed, ...(onSelect ? { onSelect } : {}) } });
  useTextScale(ref, geometry.width);
  // None once its point is gone (a point removed sends no mouseleave).
  const point = pointed === null ? undefined : data.points.find((p) => p.id === pointed);
  return (
    <>
      {/* A group, not an image: an image's children are hidden from screen readers, and its points are focusable. */}
      <svg
        ref={ref}
        className="front-chart method-front-chart"
        viewBox={`0 0 ${geometry.width} ${geometry.height}`}
        data-frame={geometry === NARROW_METHOD_CHART ? 'narrow' : 'wide'}
        role="group"
        aria-label={`${label} (each point focusable: its numbers under the plot${onSelect ? '; Enter opens its run' : ''}; ${ZOOM_KEYS_TEXT})`}
        // A saved figure's name: its points are not focusable (figureMarkup.ts).
        {...{ [figureValue('aria-label')]: label }}
        data-testid={testId}
      />
      {/* Only while a point is pointed at: a line kept for it pushed the lab's tour off a projector's screen. */}
      {point && (
        <p className="front-hover point-readout" data-testid={`${testId}-readout`}>
          {point.title.split('\n').join(' · ')}
        </p>
      )}
    </>
  );
}
