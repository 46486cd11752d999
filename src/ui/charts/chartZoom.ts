/**
 * Wheel/drag zoom for a chart's SVG, shared by the line charts and the front charts: the chart keeps the
 * current transform (to rescale its axes on redraw) and a double click resets it. Returns the detach function
 * for the set-up effect's clean-up.
 */
import type { Selection } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';

export interface ChartZoomOptions {
  scaleExtent: [number, number];
  /** Which events start a zoom or pan (d3-zoom's filter), e.g. to leave a draggable handle alone. */
  filter?: (event: Event) => boolean;
  onTransform: (transform: ZoomTransform) => void;
}

export function attachChartZoom(svg: Selection<SVGSVGElement, unknown, null, undefined>, options: ChartZoomOptions): () => void {
  const behaviour = zoom<SVGSVGElement, unknown>()
    .scaleExtent(options.scaleExtent)
    .on('zoom', (event: { transform: ZoomTransform }) => options.onTransform(event.transform));
  if (options.filter) behaviour.filter(options.filter);
  svg.call(behaviour).on('dblclick.zoom', () => svg.call(behaviour.transform, zoomIdentity));
  return () => {
    svg.on('.zoom', null);
  };
}
