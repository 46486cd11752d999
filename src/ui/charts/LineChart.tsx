/**
 * One small line chart (a panel of the live curves), drawn from its `series` prop. D3 owns the SVG (useChart):
 * the set-up builds the axes, clip path and zoom once; each update lays the series out (lineChartLayout.ts)
 * and redraws the lines and the legend. The user's zoom (wheel / drag, double-click to reset) is kept by the
 * chart, so it survives every update.
 */
import { memo, useMemo, useRef } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { select } from 'd3-selection';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { attachChartZoom } from './chartZoom';
import { LINE_CHART_MARGIN as M, LINE_CHART_SIZE, lineChartLayout, type LineMark, type Series, type YScaleKind } from './lineChartLayout';
import { useChart, type Chart } from './useChart';

export type { Series } from './lineChartLayout';

export interface LineChartProps {
  title: string;
  testId: string;
  series: Series[];
  yScale?: YScaleKind;
  xLabel?: string;
}

interface LineChartData {
  series: Series[];
  yScale: YScaleKind;
}

/** Live curves redraw at most ~6 times a second from new readings (zooming redraws every frame). */
const LIVE_REDRAW_MS = 160;
const { width: WIDTH, height: HEIGHT } = LINE_CHART_SIZE;
let clipIds = 0;

function createLineChart(element: SVGSVGElement, { redraw }: { redraw(): void }): Chart<LineChartData> {
  const svg = select(element);
  const clipId = `line-chart-clip-${++clipIds}`;
  let transform: ZoomTransform = zoomIdentity;
  let lastAxes = '';
  svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
  svg.append('g').attr('class', 'lines').attr('clip-path', `url(#${clipId})`);
  svg.append('g').attr('class', 'legend').attr('font-size', 10);
  const detachZoom = attachChartZoom(svg, {
    scaleExtent: [1, 50],
    onTransform: (t) => {
      transform = t;
      redraw();
    },
  });

  return {
    update({ series, yScale }) {
      const { x, y, lines } = lineChartLayout(series, yScale, transform);
      // Axes are DOM-heavy (tick text): rebuild them only when a domain changed.
      const axesKey = `${x.domain().join()}|${y.domain().join()}`;
      if (axesKey !== lastAxes) {
        lastAxes = axesKey;
        svg.select<SVGGElement>('.x-axis').call(axisBottom(x).ticks(5, '~s'));
        svg.select<SVGGElement>('.y-axis').call(axisLeft(y).ticks(4, yScale === 'log' ? '.0e' : '~g'));
      }
      svg
        .select('.lines')
        .selectAll<SVGPathElement, LineMark>('path')
        .data(lines, (d) => d.name)
        .join((enter) => enter.append('path').attr('fill', 'none').attr('stroke-width', 1.5))
        .attr('stroke', (d) => d.color)
        .attr('data-series', (d) => d.name)
        .attr('data-points', (d) => d.points.length)
        .attr('d', (d) => d.path);
      svg
        .select('.legend')
        .selectAll<SVGTextElement, LineMark>('text')
        .data(lines, (d) => d.name)
        .join('text')
        .attr('x', M.left + 4)
        .attr('y', (_, i) => M.top + 10 + i * 11)
        .attr('fill', (d) => d.color)
        .text((d) => d.legend);
    },
    destroy() {
      detachZoom();
      svg.selectAll('*').remove();
    },
  };
}

export const LineChart = memo(function LineChart({ title, testId, series, yScale = 'linear', xLabel = 'step' }: LineChartProps) {
  const ref = useRef<SVGSVGElement>(null);
  const data = useMemo(() => ({ series, yScale }), [series, yScale]);
  useChart(ref, createLineChart, data, { minIntervalMs: LIVE_REDRAW_MS });
  return (
    <figure className="line-chart">
      <figcaption>{title}</figcaption>
      <svg ref={ref} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title} against ${xLabel}`} data-testid={testId} />
    </figure>
  );
});
