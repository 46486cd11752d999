/**
 * What a key does on a chart: the keyboard's zoom and pan (chartZoom.ts applies them through d3-zoom) and the moves
 * between the live readings' charts (LiveCurves.tsx, one tab stop for all of them). Pure: a key press in, an action out.
 *
 * The keys are those nothing on a chart takes already: a front's point keeps Enter and Space (they open its run), and
 * plain arrows stay free (the live readings move between their charts with them; the preference handle, an SVG of its
 * own without zoom, keeps all of its arrows, Shift included). A key with Ctrl, ⌘ or Alt is the browser's (Ctrl + '+'
 * zooms the page, Ctrl + 0 resets it).
 */

export type KeyPress = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

export type ZoomKeyAction =
  | { kind: 'zoom'; factor: number }
  /** The drawing moved by (dx, dy), in the chart's viewBox units. */
  | { kind: 'pan'; dx: number; dy: number }
  | { kind: 'reset' };

/** The keys' names, for the texts that name them. */
export const ZOOM_KEY_NAMES = { zoom: '+ and −', pan: 'Shift + arrows', reset: '0' } as const;
/** The keys, as a focusable chart element's description or its chart's name says them. */
export const ZOOM_KEYS_TEXT = `${ZOOM_KEY_NAMES.zoom} zoom, ${ZOOM_KEY_NAMES.pan} pan, ${ZOOM_KEY_NAMES.reset} resets`;

/** One press of + or − zooms in or out by this factor (two presses: ×2). */
export const KEY_ZOOM_FACTOR = Math.SQRT2;
/** One press of Shift + an arrow pans by this share of the plot's width or height. */
export const KEY_PAN_SHARE = 0.1;

/** Where Shift + each arrow moves the drawing: against the arrow, as a map's view moves with it (Shift + → shows what lies right). */
const DRAWING_MOVES: Readonly<Record<string, readonly [number, number]>> = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

const browserKey = (press: KeyPress) => press.ctrlKey || press.metaKey || press.altKey;

/**
 * The zoom or pan a key asks for on a plot `plot` wide and high (viewBox units), or null where the key is not one of
 * them. Each comes with or without Shift (+ is Shift + = on many layouts, 0 is Shift + à on a French one), and from
 * the number pad.
 */
export function zoomKeyAction(press: KeyPress, plot: { width: number; height: number }): ZoomKeyAction | null {
  if (browserKey(press)) return null;
  if (press.key === '+' || press.key === '=') return { kind: 'zoom', factor: KEY_ZOOM_FACTOR };
  if (press.key === '-' || press.key === '_') return { kind: 'zoom', factor: 1 / KEY_ZOOM_FACTOR };
  if (press.key === '0') return { kind: 'reset' };
  const move = DRAWING_MOVES[press.key];
  if (move && press.shiftKey) return { kind: 'pan', dx: move[0] * KEY_PAN_SHARE * plot.width, dy: move[1] * KEY_PAN_SHARE * plot.height };
  return null;
}

/**
 * The chart a plain arrow, Home or End moves the focus to among `count` charts from the one at `index` (→ and ↓ the
 * next, ← and ↑ the previous, staying at either end), or null where the key moves nothing.
 */
export function neighbourChart(press: KeyPress, index: number, count: number): number | null {
  if (browserKey(press) || press.shiftKey || count === 0) return null;
  switch (press.key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(index + 1, count - 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
