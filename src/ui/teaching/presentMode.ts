/**
 * The lab's present mode, for a teacher at a projector: the plot and the open tour step take the screen, their text
 * larger. View state, held by TeachingLab (not in the link, not kept across a reload); styles.css lays it out.
 */
import { useEffect } from 'react';

/**
 * The chart's text on screen, in times its designed size (ChartTextEnlargement): its 10-unit tick labels 20 px, read
 * from the back of a classroom (at their design's size a 1024×768 projector showed them 12 px).
 */
export const PRESENT_TEXT_ENLARGEMENT = 2;

/**
 * Where Escape means something of its own, so that it does not also leave present mode: a text field (a browser may
 * clear a search field or drop an IME's composition), a list box, an editable region, a dialog.
 */
const USES_ESCAPE = [
  `input${['button', 'checkbox', 'radio', 'range', 'reset', 'submit'].map((type) => `:not([type="${type}"])`).join('')}`,
  'textarea',
  'select',
  '[contenteditable]:not([contenteditable="false"])',
  'dialog',
  '[role="dialog"]',
].join(', ');

/**
 * Whether this key press leaves present mode: Escape that nothing else took. A part of the page that closes on Escape
 * marks it handled (the tour and the backend's panel call preventDefault; a confirmation stops it), so one press closes
 * that part, the next leaves present mode.
 */
export function escapeLeavesPresentMode(event: Pick<KeyboardEvent, 'key' | 'defaultPrevented' | 'target'>): boolean {
  if (event.key !== 'Escape' || event.defaultPrevented) return false;
  const target = event.target;
  return !(target !== null && 'closest' in target && typeof target.closest === 'function' && (target as Element).closest(USES_ESCAPE) !== null);
}

/** While `presenting`, Escape anywhere in the page (that nothing else took) calls `leave`. */
export function useEscapeLeaves(presenting: boolean, leave: () => void): void {
  useEffect(() => {
    if (!presenting) return;
    // Bubbling, on the document: after React's handlers (on the root, below it), so that theirs mark the key handled first.
    const onKey = (event: KeyboardEvent) => {
      if (escapeLeavesPresentMode(event)) leave();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [presenting, leave]);
}
