import { describe, expect, it } from 'vitest';
import { applyTextScale, MAX_TEXT_SCALE, MAX_TICK_SCALE, textScale, tickScale } from './useTextScale';

describe('textScale', () => {
  it('is the viewBox width over the drawn width, from 1 (never smaller text than designed) to its cap', () => {
    expect(textScale(600, 600)).toBe(1);
    expect(textScale(600, 1200)).toBe(1);
    expect(textScale(600, 480)).toBe(1.25);
    expect(textScale(600, 332)).toBe(MAX_TEXT_SCALE);
    expect(textScale(600, 0)).toBe(1);
  });
});

describe('tickScale', () => {
  it('goes on past the text cap, so that 10-unit tick labels keep 10 px on a phone', () => {
    expect(tickScale(600, 600)).toBe(1);
    expect(tickScale(600, 1200)).toBe(1);
    expect(tickScale(600, 480)).toBe(1.25);
    // A 390 px phone draws the front 332 px wide: 10 × 600 / 332 ≈ 18 units, 10 px on screen.
    expect(10 * tickScale(600, 332) * (332 / 600)).toBeCloseTo(10, 6);
    // A 360 px phone draws it 302 px wide: still 10 px, just under the cap.
    expect(10 * tickScale(600, 302) * (302 / 600)).toBeCloseTo(10, 6);
    // A 320 px screen (the page's narrowest) draws it about 262 px wide: the cap, about 9 px.
    expect(tickScale(600, 262)).toBe(MAX_TICK_SCALE);
    expect(10 * MAX_TICK_SCALE * (262 / 600)).toBeGreaterThan(8.5);
    expect(tickScale(600, 0)).toBe(1);
  });
});

describe('an enlargement (a projector)', () => {
  it('aims the text at that many times its designed size on screen, within the same caps', () => {
    // A front of 660 units drawn 820 px wide (a 1024×768 projector): 10-unit ticks at 2× are 20 px on screen.
    expect(10 * tickScale(660, 820, 2) * (820 / 660)).toBeCloseTo(20, 6);
    expect(11 * textScale(660, 1000, 2) * (1000 / 660)).toBeCloseTo(22, 6);
    // Drawn at its viewBox, the axis titles stop at their cap (the margins hold no more), the ticks at theirs.
    expect(textScale(660, 660, 2)).toBe(MAX_TEXT_SCALE);
    expect(tickScale(660, 500, 2)).toBe(MAX_TICK_SCALE);
    // Drawn three times its viewBox, the text is already twice its size: no smaller than designed.
    expect(tickScale(660, 1980, 2)).toBe(1);
    // 1 is the design's own rule.
    expect(tickScale(600, 480, 1)).toBe(tickScale(600, 480));
  });
});

describe('applyTextScale', () => {
  function fakeElement() {
    const style = new Map<string, string>();
    const attributes = new Set<string>();
    return {
      style,
      attributes,
      element: {
        style: { setProperty: (name: string, value: string) => void style.set(name, value) },
        toggleAttribute: (name: string, force: boolean) => {
          if (force) attributes.add(name);
          else attributes.delete(name);
          return force;
        },
      } as unknown as Element & ElementCSSInlineStyle,
    };
  }

  it('sets both factors, and marks the ticks narrow only past the text cap', () => {
    const { style, attributes, element } = fakeElement();
    applyTextScale(element, 600, 332);
    expect(style.get('--text-scale')).toBe('1.500');
    expect(style.get('--tick-scale')).toBe((600 / 332).toFixed(3));
    expect(attributes.has('data-narrow-ticks')).toBe(true);
    applyTextScale(element, 600, 816);
    expect(style.get('--text-scale')).toBe('1.000');
    expect(style.get('--tick-scale')).toBe('1.000');
    expect(attributes.has('data-narrow-ticks')).toBe(false);
    // Enlarged 2× at 820 px: ticks 1.61 units, past the text cap, so narrow.
    applyTextScale(element, 660, 820, 2);
    expect(style.get('--tick-scale')).toBe(((2 * 660) / 820).toFixed(3));
    expect(attributes.has('data-narrow-ticks')).toBe(true);
  });
});
