import { describe, expect, it } from 'vitest';
import { ZOOM_KEY_NAMES } from './chartKeys';
import { isZoomGesture, zoomHint, zoomWheelDelta } from './chartZoom';

const event = (type: string, fields: Record<string, unknown> = {}) => ({ type, ...fields }) as unknown as Event;

describe('isZoomGesture', () => {
  it('leaves a plain wheel and a one-finger touch to the page; zooms on Ctrl/⌘ + wheel, two fingers, a mouse drag', () => {
    expect(isZoomGesture(event('wheel', { ctrlKey: false, metaKey: false }))).toBe(false);
    expect(isZoomGesture(event('wheel', { ctrlKey: true, metaKey: false }))).toBe(true);
    expect(isZoomGesture(event('wheel', { ctrlKey: false, metaKey: true }))).toBe(true);
    expect(isZoomGesture(event('touchstart', { touches: { length: 1 } }))).toBe(false);
    expect(isZoomGesture(event('touchstart', { touches: { length: 2 } }))).toBe(true);
    expect(isZoomGesture(event('mousedown', { button: 0, ctrlKey: false }))).toBe(true);
    // The secondary button, and Ctrl + click (a context menu on a Mac), are not drags.
    expect(isZoomGesture(event('mousedown', { button: 2, ctrlKey: false }))).toBe(false);
    expect(isZoomGesture(event('mousedown', { button: 0, ctrlKey: true }))).toBe(false);
  });

  it('zooms a mouse wheel notch by about 1.15×, and a trackpad pinch as d3 does', () => {
    const wheel = (deltaY: number, deltaMode = 0) => ({ deltaY, deltaMode, ctrlKey: true }) as WheelEvent;
    // One notch in: 2^0.2 ≈ 1.15× (d3's ×10 for Ctrl would make it 4×).
    expect(2 ** zoomWheelDelta(wheel(-100))).toBeCloseTo(2 ** 0.2, 10);
    expect(2 ** zoomWheelDelta(wheel(-3, 1))).toBeCloseTo(2 ** 0.15, 10);
    // A pinch's small deltas keep d3's ×10.
    expect(zoomWheelDelta(wheel(-4))).toBeCloseTo(0.08, 10);
  });
});

describe('zoomHint', () => {
  it('names the keys where the screen has a keyboard, and only a finger’s gestures on a touch screen', () => {
    expect(zoomHint(false)).toBe('Ctrl/⌘ + scroll, pinch or + and − zoom; drag or Shift + arrows pan; double-click, 0 or Reset zoom resets');
    expect(zoomHint(true)).not.toContain(ZOOM_KEY_NAMES.pan);
    expect(zoomHint(true)).toBe('Pinch to zoom, drag with two fingers to pan, Reset zoom to reset');
  });
});
