import { describe, expect, it } from 'vitest';
import { MAX_TEXT_SCALE, textScale } from './useTextScale';

describe('textScale', () => {
  it('is the viewBox width over the drawn width, from 1 (never smaller text than designed) to its cap', () => {
    expect(textScale(600, 600)).toBe(1);
    expect(textScale(600, 1200)).toBe(1);
    expect(textScale(600, 480)).toBe(1.25);
    expect(textScale(600, 332)).toBe(MAX_TEXT_SCALE);
    expect(textScale(600, 0)).toBe(1);
  });
});
