/**
 * One small line chart (a panel of the live curves), drawn from its `series` prop. D3 owns the SVG (useChart):
 * the set-up builds the axes, their labels, the clip path, the hover layer and the zoom once; each update lays the
 * series out (lineChartLayout.ts) and redraws the lines, the dots of short series and the marks where the run
 * changed phase. The legend, with each series' newest value, is HTML under the title: it never covers a line.
 * Hovering shows the values at the nearest point. The user's zoom (Ctrl + wheel, drag, or keys on the focused chart; a
 * double click, 0 or the Reset zoom button resets it) is kept by the chart, so it survives every update.
 */
import { memo, useMemo, useRef } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { pointer, select } from 'd3-selection';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from './chartZoom';
import {
  formatValue,
  LINE_CHART_MARGIN as M,
  LINE_CHART_SIZE,
  lineChartLayout,
  readoutAt,
  xTickValues,
  yTickLabel,
  type LineChartLayout,
  type LineMark,
  type PhaseMark,
  type Series,
  type YScaleKind,
} from './lineChartLayout';
import { useChart, type Chart } from './useChart';
import { ZOOM_KEYS_TEXT } from './chartKeys';

export type { Series } from './lineChartLayout';

export interface LineChartProps {
  title: string;
  testId: string;
  series: Series[];
  yScale?: YScaleKind;
  /** The most the quantity can be (a percentage: 100): the y axis's room above the curve stops there. */
  yMax?: number;
  /** What the x axis counts ('step', 'epoch'). */
  xLabel?: string;
  phases?: readonly PhaseMark[];
  /** Whether Tab stops at this chart: LiveCurves gives one chart of its set the stop, and arrows move between them. */
  tabStop: boolean;
}

interface LineChartData {
  series: Series[];
  yScale: YScaleKind;
  yMax: number;
  xLabel: string;
  phases: readonly PhaseMark[];
}

/** Live curves redraw at most ~6 times a second from new readings (zooming redraws every frame). */
const LIVE_REDRAW_MS = 160;
const { width: WIDTH, height: HEIGHT } = LINE_CHART_SIZE;
let clipIds = 0;
const NO_PHASES: readonly PhaseMark[] = [];

function createLineChart(element: SVGSVGElement, { redraw }: { redraw(): void }): Chart<LineChartData> {
  const svg = select(element);
  const clipId = `line-chart-clip-${++clipIds}`;
  let transform: ZoomTransform = zoomIdentity;
  let lastAxes = '';
  let layout: LineChartLayout | null = null;
  let xLabel = 'step';
  svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
  svg.append('text').attr('class', 'x-label axis-label').attr('x', (M.left + WIDTH - M.right) / 2).attr('y', HEIGHT - 3).attr('text-anchor', 'middle');
  const plot = svg.append('g').attr('clip-path', `url(#${clipId})`);
  plot.append('g').attr('class', 'phases');
  plot.append('g').attr('class', 'lines');
  plot.append('g').attr('class', 'dots');
  // The phase labels over the lines, each on a halo of the background, so a noisy curve never hides one.
  const phaseLabels = svg.append('g').attr('class', 'phase-labels').attr('pointer-events', 'none');
  const hover = plot.append('g').attr('class', 'hover').attr('display', 'none').attr('pointer-events', 'none');
  hover.append('line').attr('y1', M.top).attr('y2', HEIGHT - M.bottom).attr('stroke', '#888').attr('stroke-dasharray', '2 2');
  const hoverText = svg.append('text').attr('class', 'hover-readout').attr('data-testid', 'hover-readout').attr('font-size', 9).attr('x', WIDTH - M.right - 2).attr('y', M.top + 9).attr('text-anchor', 'end').attr('display', 'none');

  const showReadout = (event: PointerEvent) => {
    if (!layout) return;
    const [px] = pointer(event, element);
    const readout = readoutAt(layout, px);
    if (!readout) return;
    hover.attr('display', null).select('line').attr('x1', layout.x(readout.x)).attr('x2', layout.x(readout.x));
    hoverText.attr('display', null).text(`${xLabel} ${formatValue(readout.x)}: ${readout.values.map((v) => `${v.name} ${formatValue(v.value)}`).join(', ')}`);
  };
  svg.on('pointermove', showReadout).on('pointerleave', () => {
    hover.attr('display', 'none');
    hoverText.attr('display', 'none');
  });
  const detachZoom = attachChartZoom(svg, {
    scaleExtent: [1, 50],
    plot: { left: M.left, top: M.top, right: WIDTH - M.right, bottom: HEIGHT - M.bottom },
    // The hover readout takes the plot's top.
    resetCorner: 'bottom',
    onTransform: (t) => {
      transform = t;
      redraw();
    },
  });

  return {
    update(d) {
      layout = lineChartLayout(d.series, d.yScale, transform, d.phases, d.yMax);
      xLabel = d.xLabel;
      const { x, y, lines } = layout;
      // Axes are DOM-heavy (tick text): rebuild them only when a domain changed.
      const axesKey = `${x.domain().join()}|${y.domain().join()}|${d.xLabel}`;
      if (axesKey !== lastAxes) {
        lastAxes = axesKey;
        svg.select<SVGGElement>('.x-axis').call(axisBottom(x).tickValues(xTickValues(x)).tickFormat(x.tickFormat(5, '~s')));
        const yLabel = yTickLabel(y, d.yScale);
        svg.select<SVGGElement>('.y-axis').call(axisLeft(y).tickValues(y.ticks(4)).tickFormat((v) => yLabel(+v)));
        svg.select('.x-label').text(d.xLabel);
      }
      svg
        .select('.phases')
        .selectAll<SVGGElement, LineChartLayout['phases'][number]>('g')
        .data(layout.phases, (m) => m.label)
        .join((enter) => enter.append('g').call((g) => g.append('line').attr('y1', M.top).attr('y2', HEIGHT - M.bottom).attr('stroke', '#b8bfcc').attr('stroke-dasharray', '4 3')))
        .call((g) => g.select('line').attr('x1', (m) => m.px).attr('x2', (m) => m.px));
      phaseLabels
        .selectAll<SVGTextElement, LineChartLayout['phases'][number]>('text')
        .data(layout.phases, (m) => m.label)
        .join((enter) =>
          enter
            .append('text')
            .attr('data-testid', 'phase-mark')
            .attr('y', HEIGHT - M.bottom - 3)
            .attr('font-size', 8)
            .attr('fill', '#556')
            .attr('stroke', '#fbfcfe')
            .attr('stroke-width', 3)
            .attr('paint-order', 'stroke'),
        )
        .attr('x', (m) => (m.anchor === 'start' ? m.px + 2 : m.px - 2))
        .attr('text-anchor', (m) => m.anchor)
        .text((m) => m.label);
      svg
        .select('.lines')
        .selectAll<SVGPathElement, LineMark>('path')
        .data(lines, (l) => l.name)
        .join((enter) => enter.append('path').attr('fill', 'none').attr('stroke-width', 1.5))
        .attr('stroke', (l) => l.color)
        .attr('data-series', (l) => l.name)
        .attr('data-points', (l) => l.points.length)
        .attr('d', (l) => l.path);
      svg
        .select('.dots')
        .selectAll<SVGCircleElement, { color: string; p: [number, number] }>('circle')
        .data(layout.dots ? lines.flatMap((l) => l.points.map((p) => ({ color: l.color, p }))) : [])
        .join('circle')
        .attr('r', 2.5)
        .attr('fill', (dot) => dot.color)
        .attr('cx', (dot) => x(dot.p[0]))
        .attr('cy', (dot) => y(dot.p[1]));
    },
    destroy() {
      detachZoom();
      svg.on('pointermove', null).on('pointerleave', null);
      svg.selectAll('*').remove();
    },
  };
}

export const LineChart = memo(function LineChart({ title, testId, series, yScale = 'linear', yMax = Number.POSITIVE_INFINITY, xLabel = 'step', phases = NO_PHASES, tabStop }: LineChartProps) {
  const ref = useRef<SVGSVGElement>(null);
  const data = useMemo(() => ({ series, yScale, yMax, xLabel, phases }), [series, yScale, yMax, xLabel, phases]);
  useChart(ref, createLineChart, data, { minIntervalMs: LIVE_REDRAW_MS });
  return (
    <figure className="line-chart">
      <figcaption>
        {title}
        <ul className="line-legend" data-testid={`${testId}-legend`}>
          {series.map((s) => {
            const last = s.y.length > 0 ? s.y[s.y.length - 1] : undefined;
            return (
              <li key={s.name}>
                <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.name}
                {last !== undefined && Number.isFinite(last) ? ` ${formatValue(last)}` : ''}
              </li>
            );
          })}
        </ul>
      </figcaption>
      {/* Focusable for its keys (chartZoom.ts), which its description names. */}
      <svg
        ref={ref}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title} against ${xLabel}`}
        aria-description={ZOOM_KEYS_TEXT}
        tabIndex={tabStop ? 0 : -1}
        data-testid={testId}
      />
    </figure>
  );
});
