/**
 * Brings a box that just took the focus into view without losing what it is read with: the page scrolls the least
 * that shows `target` whole, but never so far that the top of `keep` (a tour's plot) leaves the viewport; where both
 * do not fit, `first` (the focused heading) is shown all the same. Browsers' own focus scrolling centres the focused
 * element instead, and a projected plot scrolled off the screen.
 */

/** The part of a box's client rectangle the scroll needs. */
export interface Span {
  top: number;
  bottom: number;
}

/** Room kept between a shown box and the viewport's edge, px. */
const MARGIN = 8;

/** How far to scroll down (negative: up) for a viewport `height` px tall; 0 where `target` is in view already. */
export function revealScroll(target: Span, height: number, { keep, first }: { keep?: Span | null; first?: Span | null } = {}): number {
  let dy = 0;
  if (target.bottom > height - MARGIN) dy = target.bottom - (height - MARGIN);
  // Taller than the viewport, or above it: its top first.
  if (target.top - dy < MARGIN) dy = target.top - MARGIN;
  if (keep && dy > 0) dy = Math.min(dy, Math.max(0, keep.top - MARGIN));
  if (first) {
    if (first.bottom - dy > height - MARGIN) dy = first.bottom - (height - MARGIN);
    if (first.top - dy < MARGIN) dy = first.top - MARGIN;
  }
  return dy;
}

/** Scrolls the page by `revealScroll`, at once as the browser's focus scrolling does. */
export function revealInView(target: Element, { keep, first }: { keep?: Element | null; first?: Element | null } = {}): void {
  const dy = revealScroll(target.getBoundingClientRect(), document.documentElement.clientHeight, {
    keep: keep?.getBoundingClientRect(),
    first: first?.getBoundingClientRect(),
  });
  if (dy !== 0) window.scrollBy({ top: dy, behavior: 'instant' });
}
