/**
 * Zoom for a chart's SVG, shared by the line charts and the front charts: the chart keeps the current transform (to
 * rescale its axes on redraw); a double click resets it, and so does the "Reset zoom" button the chart shows in a
 * corner of its plot while zoomed (a touch screen has no double click the page does not take). The page's own gestures stay the page's: a plain wheel
 * and a one-finger swipe scroll the page (a phone's explorer stacks a dozen charts: one that took the swipe trapped
 * it), while Ctrl/⌘ + wheel or a trackpad pinch, two fingers, and a mouse drag zoom and pan (the rule of maps on web
 * pages). Returns the detach function for the set-up effect's clean-up.
 */
import type { Selection } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { PAGE_ONLY } from './figureMarkup';

export interface ChartZoomOptions {
  scaleExtent: [number, number];
  /** Which events may start a zoom or pan beyond the gesture rule (d3-zoom's filter), e.g. to leave a draggable handle alone. */
  filter?: (event: Event) => boolean;
  onTransform: (transform: ZoomTransform) => void;
  /**
   * Where the reset button's top-right corner sits while the chart is zoomed, in viewBox units: inside the plot, clear
   * of the chart's own text (RESET_BUTTON_SIZE).
   */
  resetAt: { x: number; y: number };
}

export const RESET_BUTTON_SIZE = { width: 76, height: 22 };


/**
 * How a chart is zoomed, for its caption: on a screen whose main pointer is a finger, the gestures a finger has (no
 * Ctrl, no scroll wheel, and the page takes a double tap).
 */
export function zoomHint(touch: boolean): string {
  if (touch) return 'Pinch to zoom, drag with two fingers to pan, Reset zoom to reset';
  return 'Ctrl/⌘ + scroll or pinch to zoom, drag (two fingers on touch) to pan, double-click or Reset zoom to reset';
}

/** The media query of a screen whose main pointer is a finger. */
export const TOUCH_POINTER = '(pointer: coarse)';

/**
 * How far a zoom wheel event zooms (log₂ of the factor). d3-zoom's own rule multiplies every Ctrl-wheel by 10 — right
 * for a trackpad's pinch (small deltas), but now that Ctrl is what zooms, one notch of a mouse wheel (deltaY 100) would
 * zoom 4×: only pinch-sized deltas get the ×10.
 */
export function zoomWheelDelta(event: WheelEvent): number {
  const perUnit = event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002;
  const pinch = event.deltaMode === 0 && Math.abs(event.deltaY) < 50;
  return -event.deltaY * perUnit * (pinch ? 10 : 1);
}

/**
 * The gestures that zoom or pan a chart: a wheel with Ctrl or ⌘ (a trackpad's pinch arrives as one), a touch of two
 * fingers or more (d3-zoom then tracks every finger down), a primary-button mouse drag.
 */
export function isZoomGesture(event: Event): boolean {
  if (event.type === 'wheel') return (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey;
  if (event.type === 'touchstart') return (event as TouchEvent).touches.length >= 2;
  if (event.type === 'mousedown') return (event as MouseEvent).button === 0 && !(event as MouseEvent).ctrlKey;
  return true;
}

export function attachChartZoom(svg: Selection<SVGSVGElement, unknown, null, undefined>, options: ChartZoomOptions): () => void {
  const own = options.filter;
  const onReset = (event: Event) => (event.target as Element | null)?.closest?.('.zoom-reset') != null;
  // A pointer's twin of the double click (keyboards do not zoom a chart): hidden from assistive technology.
  const reset = svg
    .append('g')
    .attr('class', 'zoom-reset')
    .attr('data-testid', 'zoom-reset')
    // The page's control: a saved figure of a zoomed chart has none.
    .attr(PAGE_ONLY, '')
    .attr('aria-hidden', 'true')
    .attr('display', 'none')
    // Scaled as the tick labels are (useTextScale.ts), from the corner: on a phone it stays about its size on screen.
    .style('transform', `translate(${options.resetAt.x}px, ${options.resetAt.y}px) scale(var(--tick-scale, 1))`)
    .style('cursor', 'pointer');
  reset.append('rect').attr('x', -RESET_BUTTON_SIZE.width).attr('width', RESET_BUTTON_SIZE.width).attr('height', RESET_BUTTON_SIZE.height).attr('rx', 4).attr('fill', '#fff').attr('fill-opacity', 0.92).attr('stroke', '#8a94a6');
  reset
    .append('text')
    .attr('x', -RESET_BUTTON_SIZE.width / 2)
    .attr('y', RESET_BUTTON_SIZE.height / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', '#333')
    .text('Reset zoom');
  const behaviour = zoom<SVGSVGElement, unknown>()
    .scaleExtent(options.scaleExtent)
    // The reset button's own press is a click, not the start of a pan.
    .filter((event: Event) => isZoomGesture(event) && !onReset(event) && (own === undefined || own(event)))
    .wheelDelta(zoomWheelDelta)
    .on('zoom', (event: { transform: ZoomTransform }) => {
      const t = event.transform;
      reset.attr('display', t.k === 1 && t.x === 0 && t.y === 0 ? 'none' : null);
      options.onTransform(t);
    });
  const toIdentity = () => svg.call(behaviour.transform, zoomIdentity);
  svg.call(behaviour).on('dblclick.zoom', toIdentity);
  reset.on('click', (event: Event) => {
    event.stopPropagation();
    toIdentity();
  });
  return () => {
    svg.on('.zoom', null);
    reset.remove();
  };
}
