/**
 * Charts draw in viewBox units and the browser scales them with their box: on a phone a 600-unit front shrinks to
 * about half, and its 10-unit tick text to 5 px. This sets `--text-scale` on the chart's element, its viewBox width
 * over its drawn width (from 1 to 1.5), which the charts' text sizes in styles.css multiply: text stays about its size
 * on screen however narrow the chart. The layout does not change (no redraw).
 */
import { useEffect, type RefObject } from 'react';

/** Beyond this the tick labels would crowd the axis titles (the margins are set for it). */
export const MAX_TEXT_SCALE = 1.5;

export function textScale(viewBoxWidth: number, drawnWidth: number): number {
  return drawnWidth > 0 ? Math.max(1, Math.min(MAX_TEXT_SCALE, viewBoxWidth / drawnWidth)) : 1;
}

export function useTextScale(ref: RefObject<SVGSVGElement | null>, viewBoxWidth: number): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => element.style.setProperty('--text-scale', textScale(viewBoxWidth, entry.contentRect.width).toFixed(3)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, viewBoxWidth]);
}
