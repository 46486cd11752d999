/**
 * Charts draw in viewBox units and the browser scales them with their box: on a phone a 600-unit front shrinks to
 * about half, and its 10-unit tick text to 5 px. This sets two factors on the chart's element, which the charts' text
 * sizes in styles.css multiply, so that text stays about its size on screen however narrow the chart (the layout does
 * not change: no redraw):
 * - `--text-scale`, its viewBox width over its drawn width from 1 to 1.5, for axis titles, point labels and the colour
 *   bar (the margins hold them up to that);
 * - `--tick-scale`, the same ratio up to 2, for the tick labels alone: 10 px on screen down to a front drawn 300 px wide
 *   (a 360 px phone; 1.5 left them 8 px on a 390 px one), about 9 px on a 320 px screen.
 * Where tick labels are scaled past 1.5 (`data-narrow-ticks`), styles.css shows every other one on a crowded axis.
 * Within ChartTextEnlargement (a projector: the teaching lab's present mode), both factors aim at that many times the
 * designed size on screen instead, within the same caps.
 */
import { createContext, useContext, useEffect, type RefObject } from 'react';

/** Beyond this the axis titles and the colour bar's labels would crowd the plot (the margins are set for it). */
export const MAX_TEXT_SCALE = 1.5;

/**
 * Tick labels keep 10 px on screen down to a chart drawn at half its viewBox. Beyond it, the horizontal axis's labels
 * (20 units) would meet its title in the 44-unit bottom margin, and a vertical axis's "0.25" the rotated title beside it.
 */
export const MAX_TICK_SCALE = 2;

/**
 * How many times its designed size a chart's text is to read on screen: 1 (the design's size, or larger where the chart
 * is drawn smaller than its viewBox), more where it is read from afar. Provided around the charts it is for.
 */
export const ChartTextEnlargement = createContext(1);

/** `enlargement` × the viewBox width over the drawn width, from 1 (never smaller text than designed) to `max`. */
function ratio(viewBoxWidth: number, drawnWidth: number, max: number, enlargement: number): number {
  return drawnWidth > 0 ? Math.max(1, Math.min(max, (enlargement * viewBoxWidth) / drawnWidth)) : 1;
}

export function textScale(viewBoxWidth: number, drawnWidth: number, enlargement = 1): number {
  return ratio(viewBoxWidth, drawnWidth, MAX_TEXT_SCALE, enlargement);
}

export function tickScale(viewBoxWidth: number, drawnWidth: number, enlargement = 1): number {
  return ratio(viewBoxWidth, drawnWidth, MAX_TICK_SCALE, enlargement);
}

/** Sets `--text-scale`, `--tick-scale` and `data-narrow-ticks` on an element drawn this wide. */
export function applyTextScale(element: Element & ElementCSSInlineStyle, viewBoxWidth: number, drawnWidth: number, enlargement = 1): void {
  const ticks = tickScale(viewBoxWidth, drawnWidth, enlargement);
  element.style.setProperty('--text-scale', textScale(viewBoxWidth, drawnWidth, enlargement).toFixed(3));
  element.style.setProperty('--tick-scale', ticks.toFixed(3));
  element.toggleAttribute('data-narrow-ticks', ticks > MAX_TEXT_SCALE);
}

/**
 * The vertical axis's labels sit between the axis and its rotated title, in the left margin: scaled up on a phone, a
 * label of four characters ("0.25") just fits there, a longer one ("0.305", after a zoom) would run into the title. This
 * sets `--y-tick-chars` on the chart, its longest y label's length, which styles.css turns into a cap on the y labels'
 * scale (1.75 for four characters, 1.4 for five). Called after each redraw of the axis.
 */
export function measureYTickLabels(svg: SVGSVGElement): void {
  let longest = 0;
  svg.querySelectorAll('.y-axis .tick text').forEach((label) => (longest = Math.max(longest, label.textContent?.length ?? 0)));
  svg.style.setProperty('--y-tick-chars', String(Math.max(1, longest)));
}

/** Keeps the factors of the chart in `ref` to its drawn width and the ChartTextEnlargement around it (observed anew when that changes). */
export function useTextScale(ref: RefObject<SVGSVGElement | null>, viewBoxWidth: number): void {
  const enlargement = useContext(ChartTextEnlargement);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => applyTextScale(element, viewBoxWidth, entry.contentRect.width, enlargement));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, viewBoxWidth, enlargement]);
}
