/**
 * What the preference simplex chart draws, computed without the DOM (geometry in simplex.ts): the triangle,
 * its grid and corner labels, the handle at the preference, and the markers of other runs' preferences
 * (queued: open, active: orange, done: grey), numbered as the run list numbers them. SimplexChart.tsx puts it on the
 * page. Pure.
 */
import { baryToXy, CORNERS, TRIANGLE_HEIGHT, xyToBary, type Point } from './simplex';
import { type Preference } from '../../experiment/preference';

export interface Marker {
  id: string;
  k: number[];
  kind: 'queued' | 'active' | 'done';
  /** The run's number in the run list. */
  ordinal: number;
}

/** What the chart shows: the handle's preference and the markers. */
export interface SimplexView {
  preference: number[];
  markers: Marker[];
}

const SIDE = 240;
const PAD = { x: 50, top: 28, bottom: 34 };
export const SIMPLEX_CHART_SIZE = { width: SIDE + 2 * PAD.x, height: SIDE * TRIANGLE_HEIGHT + PAD.top + PAD.bottom };

/** Chart coordinates of a point of the unit triangle. */
const px = (p: Point): Point => ({ x: PAD.x + p.x * SIDE, y: PAD.top + p.y * SIDE });

/** The preference under a point of the chart (clamped onto the triangle). */
export const preferenceAt = (x: number, y: number): Preference => xyToBary({ x: (x - PAD.x) / SIDE, y: (y - PAD.top) / SIDE });

export interface SimplexFrame {
  /** The triangle's corners as an SVG `points` list. */
  triangle: string;
  /** Grid lines at 0.25, 0.5, 0.75 of each objective. */
  grid: { x1: number; y1: number; x2: number; y2: number }[];
  /** Where each corner's label goes. */
  labels: { x: number; y: number; anchor: 'middle' | 'start' | 'end' }[];
}

export function simplexFrame(): SimplexFrame {
  const corners = CORNERS.map(px);
  const grid: SimplexFrame['grid'] = [];
  for (const level of [0.25, 0.5, 0.75]) {
    for (let i = 0; i < 3; i++) {
      const a = [0, 0, 0];
      const b = [0, 0, 0];
      a[i] = level;
      b[i] = level;
      a[(i + 1) % 3] = 1 - level;
      b[(i + 2) % 3] = 1 - level;
      const pa = px(baryToXy(a));
      const pb = px(baryToXy(b));
      grid.push({ x1: pa.x, y1: pa.y, x2: pb.x, y2: pb.y });
    }
  }
  const offsets = [
    [0, -10],
    [-4, 22],
    [4, 22],
  ];
  return {
    triangle: corners.map((c) => `${c.x},${c.y}`).join(' '),
    grid,
    labels: corners.map((c, i) => ({ x: c.x + offsets[i][0], y: c.y + offsets[i][1], anchor: i === 0 ? 'middle' : i === 1 ? 'start' : 'end' })),
  };
}

export interface MarkerMark {
  id: string;
  cx: number;
  cy: number;
  r: number;
  fill: string;
  stroke: string;
  /** Its run's number, as a hover title ("run 4"): a marker whose number found no clear place still says it. */
  title: string;
}

/** The numbers of the runs at one point: beside its markers (up and to the right where that is free). */
export interface MarkerLabel {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
}

export interface SimplexMarks {
  handle: { cx: number; cy: number; valueText: string; k: string };
  markers: MarkerMark[];
  labels: MarkerLabel[];
}

/** Numbers shown at one point before the rest are counted ("1, 2, 3 +4"): runs of several seeds share a preference. */
const LABELLED_AT_ONE_POINT = 3;

/** The markers' numbers (font size 9): a character's width and a line's height, in the chart's units. */
const LABEL_CHAR = 5.2;
const LABEL_HEIGHT = 9;
/** The corners' labels (font size 12, SimplexChart.tsx), which a number must not cover either. */
const CORNER_CHAR = 6.9;
const CORNER_HEIGHT = 12;
/** The handle's radius and stroke, which a number must not cover. */
const HANDLE_CLEARANCE = 11;
/**
 * Where a number may go beside its point, in order of preference: up right, down right, up left, down left; then,
 * for a point under the handle, right or left of the handle, then above or below it (where a sweep's neighbours
 * take both sides).
 */
const LABEL_PLACES = [
  { dx: 6, dy: -5, anchor: 'start' },
  { dx: 6, dy: 11, anchor: 'start' },
  { dx: -6, dy: -5, anchor: 'end' },
  { dx: -6, dy: 11, anchor: 'end' },
  { dx: HANDLE_CLEARANCE + 1, dy: 3, anchor: 'start' },
  { dx: -HANDLE_CLEARANCE - 1, dy: 3, anchor: 'end' },
  { dx: 0, dy: -HANDLE_CLEARANCE - 1, anchor: 'middle' },
  { dx: 0, dy: HANDLE_CLEARANCE + LABEL_HEIGHT + 1, anchor: 'middle' },
] as const;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The box of a text drawn at (x, y) with this anchor: `width` across, from `above` the baseline to `below` it. */
function textBox(x: number, y: number, anchor: MarkerLabel['anchor'], width: number, above: number, below: number): Box {
  const left = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
  return { left, right: left + width, top: y - above, bottom: y + below };
}
const boxOf = (l: MarkerLabel): Box => textBox(l.x, l.y, l.anchor, l.text.length * LABEL_CHAR, LABEL_HEIGHT, 0);
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const coversPoint = (a: Box, p: Point, r: number) => a.left < p.x + r && p.x - r < a.right && a.top < p.y + r && p.y - r < a.bottom;

/** A marker's radius and a little air: a number must not cover another point's marker. */
const MARKER_CLEARANCE = 5;

/**
 * Places each point's number at the first of LABEL_PLACES clear of the numbers placed before it, of the handle and of
 * the other points' markers, and nearer its own point than any other (else it reads as another's; points in the
 * order of their lowest run number). Where none is clear (a sweep's dozens of runs along one line), the number is left
 * out rather than drawn over others: its marker's title still names its runs.
 */
function placeLabels(points: readonly { x: number; y: number; text: string }[], handle: Point, corners: readonly Box[]): MarkerLabel[] {
  const placed: MarkerLabel[] = [];
  const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  for (const p of points) {
    const others = points.filter((o) => o !== p);
    const candidates = LABEL_PLACES.map((c): MarkerLabel => ({ x: p.x + c.dx, y: p.y + c.dy, text: p.text, anchor: c.anchor }));
    const clear = candidates.find((l) => {
      const box = boxOf(l);
      const centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
      return (
        !coversPoint(box, handle, HANDLE_CLEARANCE) &&
        corners.every((c) => !overlap(box, c)) &&
        placed.every((o) => !overlap(box, boxOf(o))) &&
        others.every((o) => !coversPoint(box, o, MARKER_CLEARANCE) && distance(centre, o) > distance(centre, p))
      );
    });
    if (clear) placed.push(clear);
  }
  return placed;
}

/** Where the corners' labels are drawn (simplexFrame), as boxes of their text. */
function cornerBoxes(labels: readonly string[]): Box[] {
  return simplexFrame().labels.map((at, i) => textBox(at.x, at.y, at.anchor, (labels[i] ?? '').length * CORNER_CHAR, CORNER_HEIGHT, 3));
}

export function simplexMarks(view: SimplexView, labels: readonly string[]): SimplexMarks {
  const handle = px(baryToXy(view.preference));
  const atPoint = new Map<string, { x: number; y: number; ordinals: number[] }>();
  for (const m of view.markers) {
    const p = px(baryToXy(m.k));
    const key = `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    const here = atPoint.get(key) ?? { x: p.x, y: p.y, ordinals: [] };
    here.ordinals.push(m.ordinal);
    atPoint.set(key, here);
  }
  const numbers = [...atPoint.values()]
    .map(({ x, y, ordinals }) => {
      const sorted = [...ordinals].sort((a, b) => a - b);
      const more = sorted.length - LABELLED_AT_ONE_POINT;
      return { x, y, first: sorted[0], text: sorted.slice(0, LABELLED_AT_ONE_POINT).join(', ') + (more > 0 ? ` +${more}` : '') };
    })
    .sort((a, b) => a.first - b.first);
  return {
    labels: placeLabels(numbers, handle, cornerBoxes(labels)),
    handle: { cx: handle.x, cy: handle.y, valueText: view.preference.map((v, i) => `${labels[i]} ${v}`).join(', '), k: view.preference.join(',') },
    markers: view.markers.map((m) => {
      const p = px(baryToXy(m.k));
      return {
        id: m.id,
        cx: p.x,
        cy: p.y,
        r: m.kind === 'active' ? 5 : 3.5,
        fill: m.kind === 'done' ? '#5b6474' : m.kind === 'active' ? '#e07a00' : 'none',
        stroke: m.kind === 'queued' ? '#3453d1' : 'none',
        title: `run ${m.ordinal}`,
      };
    }),
  };
}

/** `next` when it differs from `previous`, else `previous` (a selector's result stays the same object while nothing moved). */
export function keepMarkers(previous: Marker[] | null, next: Marker[]): Marker[] {
  const same =
    previous !== null &&
    previous.length === next.length &&
    previous.every((m, i) => m.id === next[i].id && m.kind === next[i].kind && m.ordinal === next[i].ordinal && m.k.length === next[i].k.length && m.k.every((v, j) => v === next[i].k[j]));
  return same ? previous : next;
}
