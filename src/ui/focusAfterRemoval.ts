/**
 * Where the keyboard goes when the item holding the focus leaves the page (a notice dismissed, a run deleted, a
 * preference removed): the focus would drop to the top of the page with it.
 */

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The control of the next item in `controls` (one per item, `control` the leaving one's), else the previous item's,
 * else the first control after `container` that is not inside it (the list's own controls gone with it).
 */
export function focusAfterRemoval(controls: readonly HTMLElement[], control: HTMLElement, container: HTMLElement): HTMLElement | null {
  const i = controls.indexOf(control);
  const neighbour = i < 0 ? undefined : (controls[i + 1] ?? controls[i - 1]);
  if (neighbour) return neighbour;
  return firstControlAfter(container);
}

/** The first focusable element after `container` in the document, outside it and not hidden. */
function firstControlAfter(container: HTMLElement): HTMLElement | null {
  const after = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].find(
    (el) => !container.contains(el) && container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !el.closest('[hidden]'),
  );
  return after ?? null;
}
