/**
 * What of a chart's SVG is the page's state, not the data, and the figure without it: a figure for a paper or a slide
 * shows the front, not the point the user selected, the zoom's Reset button or what makes the points focusable. A chart
 * marks what a figure draws otherwise: an element only for the page carries PAGE_ONLY; an attribute drawn in a state (a
 * selected point's larger radius) carries its value at rest in figureValue(name). figureFile.ts applies this to the
 * copy of the SVG it saves. Pure: the attributes in, the attributes out.
 */

/** On an element the page alone shows (the zoom's Reset button): a figure leaves it out. */
export const PAGE_ONLY = 'data-page-only';

const FIGURE_VALUE = 'data-figure-';
/** The attribute that holds `attribute`'s value in a figure, where the page draws another (`data-figure-r`). */
export const figureValue = (attribute: string): string => `${FIGURE_VALUE}${attribute}`;

export type Attributes = readonly (readonly [name: string, value: string])[];

/** An element's attributes as the figure has them (in their order), or null where the figure leaves the element out. */
export function figureAttributes(attributes: Attributes): [string, string][] | null {
  if (attributes.some(([name]) => name === PAGE_ONLY)) return null;
  const atRest = new Map(attributes.filter(([name]) => name.startsWith(FIGURE_VALUE)).map(([name, value]) => [name.slice(FIGURE_VALUE.length), value]));
  const kept = attributes.flatMap(([name, value]): [string, string][] => {
    // Nothing in a file is focusable or a button: an SVG put in a web page would take the focus and draw its ring.
    if (name.startsWith(FIGURE_VALUE) || name === 'tabindex' || (name === 'role' && value === 'button')) return [];
    if (name === 'style') {
      const style = withoutCursor(value);
      return style === '' ? [] : [[name, style]];
    }
    return [[name, atRest.get(name) ?? value]];
  });
  const missing = [...atRest].filter(([name]) => !attributes.some(([n]) => n === name));
  return [...kept, ...missing];
}

/** A style attribute without its cursor (what the pointer over a handle shows is the page's). */
function withoutCursor(style: string): string {
  return style
    .split(';')
    .map((declaration) => declaration.trim())
    .filter((declaration) => declaration !== '' && !/^cursor\s*:/i.test(declaration))
    .join('; ');
}

/** Gives every element of `root` (itself included) its figure's attributes, and removes those the page alone shows. */
export function toFigure(root: Element): void {
  for (const element of [root, ...root.querySelectorAll('*')]) {
    const attributes = [...element.attributes];
    const figure = figureAttributes(attributes.map((a) => [a.name, a.value]));
    if (figure === null) {
      element.remove();
      continue;
    }
    // Only what changes is touched: a namespaced attribute (xlink:href) stays as it was.
    const values = new Map(figure);
    for (const a of attributes) if (!values.has(a.name)) element.removeAttributeNode(a);
    for (const [name, value] of figure) if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
}
