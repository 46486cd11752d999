/**
 * The ternary plot of a preference simplex (SPEC §8), drawn from its props: the handle at `view.preference`,
 * draggable, clickable and moved by the keys of a slider (simplex.ts's moveHandle; each move calls `onChange`), and the markers of other runs'
 * preferences. The explorer (sparsity at the top, task 1 bottom left, task 2 bottom right) and the teaching lab
 * (three tasks, its own `labels`) each select the view from their store. D3 owns the SVG (useChart); the
 * layout is simplexChartLayout.ts.
 */
import { useMemo, useRef } from 'react';
import { drag } from 'd3-drag';
import { select } from 'd3-selection';
import { useChart, type Chart, type ChartContext } from '../charts/useChart';
import { isHandleKey, moveHandle } from './simplex';
import { preferenceAt, SIMPLEX_CHART_SIZE, simplexFrame, simplexMarks, type MarkerMark, type SimplexView } from './simplexChartLayout';

const { width: WIDTH, height: HEIGHT } = SIMPLEX_CHART_SIZE;
const EXPLORER_LABELS = ['sparsity k₀', 'task 1 k₁', 'task 2 k₂'];

interface SimplexChartData extends SimplexView {
  labels: readonly string[];
}

interface SimplexHandlers {
  onChange(k: number[]): void;
}

function createSimplexChart(element: SVGSVGElement, { handlers }: ChartContext<SimplexHandlers>): Chart<SimplexChartData> {
  const svg = select(element);
  const frame = simplexFrame();
  let current: number[] = [1 / 3, 1 / 3, 1 / 3];
  svg
    .append('polygon')
    .attr('class', 'simplex-area')
    .attr('points', frame.triangle)
    .attr('fill', '#eef1fb')
    .attr('stroke', '#8a94a6')
    .on('click', (event: MouseEvent) => handlers().onChange(preferenceAt(...pointerIn(element, event))));
  svg
    .append('g')
    .attr('stroke', '#cfd5e3')
    .attr('stroke-width', 0.7)
    .attr('pointer-events', 'none')
    .selectAll('line')
    .data(frame.grid)
    .join('line')
    .attr('x1', (l) => l.x1)
    .attr('y1', (l) => l.y1)
    .attr('x2', (l) => l.x2)
    .attr('y2', (l) => l.y2);
  const labels = svg.append('g').attr('class', 'corner-labels').attr('font-size', 12).attr('pointer-events', 'none');
  svg.append('g').attr('class', 'markers').attr('pointer-events', 'none');
  // The run list says what each number is; a screen reader reads the list, not these.
  const markerLabels = svg.append('g').attr('class', 'marker-labels').attr('font-size', 9).attr('fill', '#5b6474').attr('pointer-events', 'none').attr('aria-hidden', 'true');
  const handle = svg
    .append('circle')
    .attr('class', 'handle')
    .attr('r', 9)
    .attr('fill', '#3453d1')
    .attr('stroke', '#fff')
    .attr('stroke-width', 2)
    .attr('tabindex', 0)
    .attr('role', 'slider')
    .attr('aria-valuemin', 0)
    .attr('aria-valuemax', 1)
    .attr('aria-label', 'Preference vector (arrow keys move it)')
    .attr('data-testid', 'preference-handle')
    .style('cursor', 'grab');
  handle.call(drag<SVGCircleElement, unknown>().on('drag', (event: { x: number; y: number }) => handlers().onChange(preferenceAt(event.x, event.y))));
  handle.on('keydown', (event: KeyboardEvent) => {
    if (!isHandleKey(event.key)) return;
    // The handle's keys, not the page's: PageUp, PageDown, Home and End scrolled it.
    event.preventDefault();
    // From the last move, not the last draw: key repeats come faster than frames.
    current = moveHandle(current, event.key, event.shiftKey ? 0.1 : 0.02);
    handlers().onChange(current);
  });

  return {
    update(d) {
      current = d.preference;
      const marks = simplexMarks(d, d.labels);
      labels
        .selectAll('text')
        .data(frame.labels.map((at, i) => ({ ...at, text: d.labels[i] })))
        .join('text')
        .attr('x', (l) => l.x)
        .attr('y', (l) => l.y)
        .attr('text-anchor', (l) => l.anchor)
        .text((l) => l.text);
      handle.attr('cx', marks.handle.cx).attr('cy', marks.handle.cy).attr('aria-valuenow', d.preference[0]).attr('aria-valuetext', marks.handle.valueText).attr('data-k', marks.handle.k);
      svg
        .select('.markers')
        .selectAll<SVGCircleElement, MarkerMark>('circle')
        .data(marks.markers, (m) => m.id)
        .join((enter) => {
          const circle = enter.append('circle');
          circle.append('title');
          return circle;
        })
        .attr('r', (m) => m.r)
        .attr('cx', (m) => m.cx)
        .attr('cy', (m) => m.cy)
        .attr('fill', (m) => m.fill)
        .attr('stroke', (m) => m.stroke)
        .attr('stroke-width', 1.5)
        .select('title')
        .text((m) => m.title);
      markerLabels
        .selectAll('text')
        .data(marks.labels)
        .join('text')
        .attr('data-testid', 'simplex-marker-label')
        .attr('x', (l) => l.x)
        .attr('y', (l) => l.y)
        .attr('text-anchor', (l) => l.anchor)
        .text((l) => l.text);
    },
    destroy() {
      svg.selectAll('*').remove();
    },
  };
}

function pointerIn(el: SVGSVGElement, event: MouseEvent): [number, number] {
  const ctm = el.getScreenCTM();
  if (!ctm) return [0, 0];
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  return [p.x, p.y];
}

export function SimplexChart({ view, onChange, labels = EXPLORER_LABELS }: { view: SimplexView; onChange: (k: number[]) => void; labels?: readonly string[] }) {
  const ref = useRef<SVGSVGElement>(null);
  const data = useMemo(() => ({ ...view, labels }), [view, labels]);
  useChart(ref, createSimplexChart, data, { handlers: { onChange } });
  // A group, not an image (an <svg>'s default role): an image's children are presentational, so a screen reader
  // could skip the handle, the triangle's only control (as for the front chart).
  return <svg ref={ref} className="simplex-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label="Preference simplex" />;
}
