import { describe, expect, it } from 'vitest';
import { isZoomGesture } from './chartZoom';

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
});
