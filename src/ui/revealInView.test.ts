/** How far a tour step scrolls the page: the least that shows it, never so far that its plot's top leaves the screen. */
import { describe, expect, it } from 'vitest';
import { revealScroll } from './revealInView';

const span = (top: number, height: number) => ({ top, bottom: top + height });

describe('revealScroll', () => {
  it('does not scroll when the box is in view', () => {
    expect(revealScroll(span(100, 300), 768, { keep: span(-50, 320) })).toBe(0);
  });

  it('scrolls down the least that shows the whole box, its margin kept, when the plot above stays on the screen', () => {
    // A 1024×768 projector: the plot at 165, the tour under it from 570 to 900.
    expect(revealScroll(span(570, 330), 768, { keep: span(165, 323), first: span(570, 48) })).toBe(900 - 760);
  });

  it("stops where the plot's top reaches the viewport's top, and the focused heading still shows", () => {
    // 960×540: plot and tour do not fit together; the plot's top stays, 8 px below the viewport's edge.
    expect(revealScroll(span(500, 330), 540, { keep: span(150, 286), first: span(500, 48) })).toBe(142);
  });

  it('shows the focused heading even where that scrolls the plot away', () => {
    expect(revealScroll(span(900, 330), 540, { keep: span(100, 286), first: span(900, 48) })).toBe(948 - 532);
  });

  it('scrolls up to a box above the viewport, to its top', () => {
    expect(revealScroll(span(-200, 300), 768, { keep: span(-400, 300) })).toBe(-208);
  });

  it('shows the top of a box taller than the viewport', () => {
    expect(revealScroll(span(300, 900), 768)).toBe(292);
  });
});
