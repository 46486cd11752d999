import { describe, expect, it } from 'vitest';
import { KEY_ZOOM_FACTOR, neighbourChart, zoomKeyAction, type KeyPress } from './chartKeys';

const press = (key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });
const plot = { width: 300, height: 200 };

describe('zoomKeyAction', () => {
  it('zooms in on + and =, out on - and _, with or without Shift (+ is Shift + = on many layouts)', () => {
    expect(zoomKeyAction(press('+'), plot)).toEqual({ kind: 'zoom', factor: KEY_ZOOM_FACTOR });
    expect(zoomKeyAction(press('+', { shiftKey: true }), plot)).toEqual({ kind: 'zoom', factor: KEY_ZOOM_FACTOR });
    expect(zoomKeyAction(press('='), plot)).toEqual({ kind: 'zoom', factor: KEY_ZOOM_FACTOR });
    expect(zoomKeyAction(press('-'), plot)).toEqual({ kind: 'zoom', factor: 1 / KEY_ZOOM_FACTOR });
    expect(zoomKeyAction(press('_', { shiftKey: true }), plot)).toEqual({ kind: 'zoom', factor: 1 / KEY_ZOOM_FACTOR });
    expect(KEY_ZOOM_FACTOR).toBeGreaterThan(1);
  });

  it('resets on 0', () => {
    expect(zoomKeyAction(press('0'), plot)).toEqual({ kind: 'reset' });
    expect(zoomKeyAction(press('0', { shiftKey: true }), plot)).toEqual({ kind: 'reset' });
  });

  it('pans on Shift + arrows by a tenth of the plot, the drawing moving against the arrow (Shift + → shows what lies right)', () => {
    expect(zoomKeyAction(press('ArrowRight', { shiftKey: true }), plot)).toEqual({ kind: 'pan', dx: -30, dy: 0 });
    expect(zoomKeyAction(press('ArrowLeft', { shiftKey: true }), plot)).toEqual({ kind: 'pan', dx: 30, dy: 0 });
    expect(zoomKeyAction(press('ArrowUp', { shiftKey: true }), plot)).toEqual({ kind: 'pan', dx: 0, dy: 20 });
    expect(zoomKeyAction(press('ArrowDown', { shiftKey: true }), plot)).toEqual({ kind: 'pan', dx: 0, dy: -20 });
  });

  it('leaves plain arrows, Enter, Space and every key with Ctrl, ⌘ or Alt alone (the points, the small multiples and the browser have them)', () => {
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Enter', ' ', 'Home', 'Escape', 'a', '1']) expect(zoomKeyAction(press(key), plot)).toBeNull();
    for (const modifier of ['ctrlKey', 'metaKey', 'altKey'] as const) {
      for (const key of ['+', '-', '0']) expect(zoomKeyAction(press(key, { [modifier]: true }), plot)).toBeNull();
      expect(zoomKeyAction(press('ArrowRight', { shiftKey: true, [modifier]: true }), plot)).toBeNull();
    }
  });
});

describe('neighbourChart', () => {
  it('moves to the next chart on → and ↓, the previous on ← and ↑, staying at either end; Home and End go to the ends', () => {
    expect(neighbourChart(press('ArrowRight'), 2, 5)).toBe(3);
    expect(neighbourChart(press('ArrowDown'), 2, 5)).toBe(3);
    expect(neighbourChart(press('ArrowLeft'), 2, 5)).toBe(1);
    expect(neighbourChart(press('ArrowUp'), 2, 5)).toBe(1);
    expect(neighbourChart(press('ArrowRight'), 4, 5)).toBe(4);
    expect(neighbourChart(press('ArrowLeft'), 0, 5)).toBe(0);
    expect(neighbourChart(press('Home'), 3, 5)).toBe(0);
    expect(neighbourChart(press('End'), 1, 5)).toBe(4);
  });

  it('leaves Shift + arrows (they pan), the zoom keys and keys with Ctrl, ⌘ or Alt alone', () => {
    expect(neighbourChart(press('ArrowRight', { shiftKey: true }), 2, 5)).toBeNull();
    expect(neighbourChart(press('ArrowRight', { altKey: true }), 2, 5)).toBeNull();
    expect(neighbourChart(press('Home', { ctrlKey: true }), 2, 5)).toBeNull();
    for (const key of ['+', '-', '0', 'Enter']) expect(neighbourChart(press(key), 2, 5)).toBeNull();
    expect(neighbourChart(press('ArrowRight'), 0, 0)).toBeNull();
  });

  it('never maps a key to both a pan and a move between charts', () => {
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End', '+', '-', '0'])
      for (const shiftKey of [false, true]) {
        const p = press(key, { shiftKey });
        expect(zoomKeyAction(p, plot) !== null && neighbourChart(p, 1, 3) !== null).toBe(false);
      }
  });
});
