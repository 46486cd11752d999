/** A saved figure without the page's state: figureMarkup.ts's rule for each element's attributes. */
import { describe, expect, it } from 'vitest';
import { figureAttributes, figureValue, PAGE_ONLY } from './figureMarkup';

describe("a chart's elements in a saved figure", () => {
  it("draws a selected point at its radius at rest, and drops the value it keeps for the figure", () => {
    const selected = [['data-testid', 'front-point'], ['r', '8'], [figureValue('r'), '6'], ['fill', '#440154']] as const;
    expect(figureAttributes(selected)).toEqual([['data-testid', 'front-point'], ['r', '6'], ['fill', '#440154']]);
    // A point not selected is drawn as it is.
    expect(figureAttributes([['r', '6'], ['fill', '#440154']])).toEqual([['r', '6'], ['fill', '#440154']]);
    // A value at rest for an attribute the page does not draw is added.
    expect(figureAttributes([[figureValue('opacity'), '1']])).toEqual([['opacity', '1']]);
  });

  it('leaves out what the page alone shows (the zoom button), and what makes a point focusable or a button', () => {
    expect(figureAttributes([['class', 'zoom-reset'], [PAGE_ONLY, ''], ['display', 'none']])).toBeNull();
    expect(figureAttributes([['tabindex', '0'], ['role', 'button'], ['aria-label', 'run 3: 1.00, 2.00'], ['r', '6']])).toEqual([
      ['aria-label', 'run 3: 1.00, 2.00'],
      ['r', '6'],
    ]);
    // An image stays one; the chart's name for the figure replaces the page's (which tells how to use its points).
    expect(figureAttributes([['role', 'img']])).toEqual([['role', 'img']]);
    expect(figureAttributes([['role', 'group'], ['aria-label', 'Pareto front (each a button)'], [figureValue('aria-label'), 'Pareto front']])).toEqual([
      ['role', 'group'],
      ['aria-label', 'Pareto front'],
    ]);
  });

  it("keeps an element's style but the pointer's cursor", () => {
    expect(figureAttributes([['style', 'cursor: move']])).toEqual([]);
    expect(figureAttributes([['style', 'cursor:pointer; transform: translate(1px, 2px)']])).toEqual([['style', 'transform: translate(1px, 2px)']]);
  });
});
