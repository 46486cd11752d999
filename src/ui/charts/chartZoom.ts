/**
 * Zoom for a chart's SVG, shared by the line charts and the front charts: the chart keeps the current transform (to
 * rescale its axes on redraw); a double click resets it, and so does the "Reset zoom" button the chart shows in a
 * corner of its plot while zoomed (a touch screen has no double click the page does not take). The page's own gestures stay the page's: a plain wheel
 * and a one-finger swipe scroll the page (a phone's explorer stacks a dozen charts: one that took the swipe trapped
 * it), while Ctrl/⌘ + wheel or a trackpad pinch, two fingers, and a mouse drag zoom and pan (the rule of maps on web
 * pages). The keyboard zooms and pans where the focus is in the chart (a front's point, or a line chart itself, which
 * has none): + and − around the focused point or the plot's centre, Shift + arrows, 0 to reset (chartKeys.ts); a point
 * the zoom left outside the plot is brought into it when it takes the focus. Keys and pointer go through the same
 * d3-zoom behaviour (its extent, its onTransform), and neither says anything to a screen reader: the axes show it.
 * Returns the detach function for the set-up effect's clean-up.
 */
import type { Selection } from 'd3-selection';
import { zoom, zoomIdentity, zoomTransform, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { ZOOM_KEY_NAMES, zoomKeyAction } from './chartKeys';
import { PAGE_ONLY } from './figureMarkup';

export interface ChartZoomOptions {
  scaleExtent: [number, number];
  /** Which events may start a zoom or pan beyond the gesture rule (d3-zoom's filter), e.g. to leave a draggable handle alone. */
  filter?: (event: Event) => boolean;
  onTransform: (transform: ZoomTransform) => void;
  /**
   * The plot's frame, in viewBox units: the keys zoom around its centre and pan by a share of its size, a point focused
   * outside it is brought into it, and the reset button sits in one of its right corners.
   */
  plot: PlotFrame;
  /** Which right corner of the plot the reset button takes while the chart is zoomed: the one clear of the chart's own text. */
  resetCorner: 'top' | 'bottom';
}

export interface PlotFrame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const RESET_BUTTON_SIZE = { width: 76, height: 22 };
/** The reset button's gap to the plot's edges. */
const RESET_INSET = 4;


/**
 * How a chart is zoomed, for its caption: on a screen whose main pointer is a finger, the gestures a finger has (no
 * Ctrl, no scroll wheel, and the page takes a double tap); elsewhere the pointer's and the keyboard's.
 */
export function zoomHint(touch: boolean): string {
  if (touch) return 'Pinch to zoom, drag with two fingers to pan, Reset zoom to reset';
  // No longer than the pointer's alone was: the lab's caption under its plot, one line longer, pushed the tour's
  // step off a 1024×768 projector. Where the keys work (on a focused point or chart) the focused element says.
  return `Ctrl/⌘ + scroll, pinch or ${ZOOM_KEY_NAMES.zoom} zoom; drag or ${ZOOM_KEY_NAMES.pan} pan; double-click, ${ZOOM_KEY_NAMES.reset} or Reset zoom resets`;
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
  const { plot } = options;
  const resetAt = { x: plot.right - RESET_INSET, y: options.resetCorner === 'top' ? plot.top + RESET_INSET : plot.bottom - RESET_BUTTON_SIZE.height - RESET_INSET };
  // A pointer's twin of the double click; the keyboard has 0: hidden from assistive technology.
  const reset = svg
    .append('g')
    .attr('class', 'zoom-reset')
    .attr('data-testid', 'zoom-reset')
    // The page's control: a saved figure of a zoomed chart has none.
    .attr(PAGE_ONLY, '')
    .attr('aria-hidden', 'true')
    .attr('display', 'none')
    // Scaled as the tick labels are (useTextScale.ts), from the corner: on a phone it stays about its size on screen.
    .style('transform', `translate(${resetAt.x}px, ${resetAt.y}px) scale(var(--tick-scale, 1))`)
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
  attachZoomKeys(svg, behaviour, plot, toIdentity);
  return () => {
    svg.on('.zoom', null);
    reset.remove();
  };
}

/**
 * The keyboard's zoom and pan (chartKeys.ts), on keys that reach `svg` from the focus in it (keydown bubbles from a
 * point), under the '.zoom' name the detach removes. Through `behaviour`'s own scaleBy and translateBy: its scale
 * extent holds, and its 'zoom' event redraws the chart and shows or hides the reset button, as for a pointer.
 */
function attachZoomKeys(svg: Selection<SVGSVGElement, unknown, null, undefined>, behaviour: ZoomBehavior<SVGSVGElement, unknown>, plot: PlotFrame, toIdentity: () => void): void {
  const size = { width: plot.right - plot.left, height: plot.bottom - plot.top };
  const centre: [number, number] = [(plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2];
  const inPlot = ([x, y]: [number, number]) => x >= plot.left && x <= plot.right && y >= plot.top && y <= plot.bottom;
  // Where an element in the chart (a focused point) is drawn, in viewBox units, the zoom's own (d3's pointer converts
  // so too); null for the chart itself.
  const drawnAt = (target: EventTarget | null): [number, number] | null => {
    const node = svg.node();
    const ctm = node?.getScreenCTM();
    if (!node || !ctm || !(target instanceof Element) || target === node || !node.contains(target)) return null;
    const box = target.getBoundingClientRect();
    const at = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(ctm.inverse());
    return [at.x, at.y];
  };
  // translateBy moves by its arguments times the scale: these move the drawing by (dx, dy) viewBox units.
  const moveDrawing = (dx: number, dy: number) => {
    const { k } = zoomTransform(svg.node() as SVGSVGElement);
    behaviour.translateBy(svg, dx / k, dy / k);
  };
  svg.on('keydown.zoom', (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const action = zoomKeyAction(event, size);
    if (!action) return;
    // The chart's keys, not the page's: Shift + arrows would scroll it or extend a selection.
    event.preventDefault();
    if (action.kind === 'reset') toIdentity();
    else if (action.kind === 'pan') moveDrawing(action.dx, action.dy);
    else {
      // Around the focused point while it is in view, so it stays under the focus ring; else the plot's centre.
      const at = drawnAt(event.target);
      behaviour.scaleBy(svg, action.factor, at !== null && inPlot(at) ? at : centre);
    }
  });
  // A point the zoom left outside the plot (drawn clipped away) comes to the plot's centre when Tab reaches it.
  svg.on('focusin.zoom', (event: FocusEvent) => {
    const at = drawnAt(event.target);
    if (at !== null && !inPlot(at)) moveDrawing(centre[0] - at[0], centre[1] - at[1]);
  });
}
