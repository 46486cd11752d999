/**
 * A chart as a file: its SVG made standalone (namespace, size from the viewBox, a white background and the page's
 * chart styles inlined, so it looks the same outside the app) and without the page's state (figureMarkup.ts: no point
 * drawn selected, no zoom button, nothing focusable), and the same rendered to PNG at twice its size. Only markup the
 * chart drew is serialised: no script, no foreign content.
 */
import { toFigure } from './figureMarkup';

/** The styles of the app's stylesheet that the charts rely on (classes, fonts), for the standalone file. */
const FIGURE_STYLE = `
  svg { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 10px; }
  .axis-label { font-size: 11px; fill: #5b6478; }
  .tick text { fill: #333; }
`;

export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  toFigure(copy);
  const [, , width, height] = (copy.getAttribute('viewBox') ?? '0 0 600 400').split(/\s+/).map(Number);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.removeAttribute('class');
  const ns = 'http://www.w3.org/2000/svg';
  const style = document.createElementNS(ns, 'style');
  style.textContent = FIGURE_STYLE;
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#fff');
  copy.prepend(style, background);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** The SVG rendered to PNG at `scale` times its size. */
export async function pngOf(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const markup = standaloneSvg(svg);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
