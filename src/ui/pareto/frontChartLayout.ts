/**
 * What the Pareto front plot draws, computed without the DOM: the padded scales (the user's zoom applied), the
 * dominated region up to the reference point as a staircase path (its area is the hypervolume), each run's
 * marker with a label placed where it collides with no other label or marker, the live trail and marker, the
 * reference handle, and the sparsity colour bar in the right margin (never over the data). The axes follow the
 * finished runs only, so they stay put while a run trains (its trail is clipped, its marker held at the edge);
 * an empty plot says so instead of showing the reference point. ParetoFrontChart.tsx puts it on the page. Pure.
 */
import { max, min } from 'd3-array';
import { referenceReach } from '../charts/referenceReach';
import { scaleLinear, scaleSequential, type ScaleLinear } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import type { ZoomTransform } from 'd3-zoom';
import type { FrontData } from './frontChartData';
import { toMinimization, type FrontPoint } from './frontPoints';
import { kText } from '../../experiment/preference';

export const FRONT_CHART_SIZE = { width: 600, height: 380 };
/** The right margin holds the colour bar. */
export const FRONT_CHART_MARGIN = { top: 14, right: 88, bottom: 48, left: 64 };
const { width: WIDTH, height: HEIGHT } = FRONT_CHART_SIZE;
const M = FRONT_CHART_MARGIN;

export interface FrontPointMark {
  point: FrontPoint;
  cx: number;
  cy: number;
  /** Larger for the selected run's point. */
  r: number;
  /** Its radius in a saved figure, which shows no selection (figureMarkup.ts). */
  figureR: number;
  fill: string;
  stroke: string;
  strokeWidth: number;
  ariaLabel: string;
  title: string;
  dashed: boolean;
  /** Where its run number goes; null when every place would cover another label or marker. */
  label: { x: number; y: number; anchor: 'start' | 'end' } | null;
}

/** The colour bar of the sparsity rate (zero rows %), beside the plot. */
export interface ColourBar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Gradient stops from the bottom (0 %) to the top (max). */
  stops: { offset: number; colour: string }[];
  max: number;
}

export interface FrontChartLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** The staircase of the region the non-dominated points dominate up to the reference point ('' if none). */
  hvArea: string;
  points: FrontPointMark[];
  trail: string;
  /** The Pareto set model's curve ('' without one). */
  modelCurve: string;
  /** The model read at the handle, held inside the plot like the live marker. */
  probe: { cx: number; cy: number; outside: boolean } | null;
  /** The running run's marker, held inside the plot; `outside` when its position lies beyond the axes. */
  live: { cx: number; cy: number; outside: boolean } | null;
  /** The runs trained at once with it: each one's trail and marker, drawn fainter, and what its marker says. */
  companions: { id: string; ordinal: number; title: string; trail: string; live: { cx: number; cy: number; outside: boolean } | null }[];
  /**
   * Null for an empty plot (no finished run): no reference point to show. `off`: it lies farther past the runs than the
   * axes reach (referenceReach), and is drawn where they end.
   */
  reference: { cx: number; cy: number; off: boolean } | null;
  colourBar: ColourBar | null;
  /** The empty plot's message, or null. */
  empty: string | null;
}

/** A point's radius, and the selected run's. */
const POINT_R = 6;
const SELECTED_R = 8;
const LABEL_HEIGHT = 10;
const labelWidth = (text: string) => 6 * text.length + 2;
type Box = { x0: number; y0: number; x1: number; y1: number };
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Label positions, greedy in run order: right above, right below, left above, left below the marker — the first that
 * covers no placed label and no marker; none when all do (the marker's tooltip still names the run).
 */
export function placeLabels(marks: readonly { cx: number; cy: number; r: number; text: string }[]): ({ x: number; y: number; anchor: 'start' | 'end' } | null)[] {
  const markers: Box[] = marks.map((m) => ({ x0: m.cx - m.r, y0: m.cy - m.r, x1: m.cx + m.r, y1: m.cy + m.r }));
  const placed: Box[] = [];
  return marks.map((m, i) => {
    const w = labelWidth(m.text);
    const candidates = [
      { x: m.cx + m.r + 2, y: m.cy - m.r + 2, anchor: 'start' as const },
      { x: m.cx + m.r + 2, y: m.cy + m.r + LABEL_HEIGHT - 2, anchor: 'start' as const },
      { x: m.cx - m.r - 2, y: m.cy - m.r + 2, anchor: 'end' as const },
      { x: m.cx - m.r - 2, y: m.cy + m.r + LABEL_HEIGHT - 2, anchor: 'end' as const },
    ];
    for (const c of candidates) {
      const box: Box = c.anchor === 'start' ? { x0: c.x, y0: c.y - LABEL_HEIGHT, x1: c.x + w, y1: c.y } : { x0: c.x - w, y0: c.y - LABEL_HEIGHT, x1: c.x, y1: c.y };
      if (placed.some((b) => overlaps(b, box)) || markers.some((b, j) => j !== i && overlaps(b, box))) continue;
      placed.push(box);
      return c;
    }
    return null;
  });
}

const pct = (v: number) => `${v.toFixed(1)} %`;
/** A plotted value named as its axis is ("sparsity rate 31.2 %", "task 1 test NLL 0.1234"), without the axis's aside. */
function axisValue(label: string, v: number): string {
  const name = label.replace(/ \(.*\)$/, '');
  return name.endsWith(' %') ? `${name.slice(0, -2)} ${pct(v)}` : `${name} ${v.toFixed(4)}`;
}
/** A point of the front of the tasks and sparsity that the two axes shown leave dominated (a grey ring). */
export const onlyWithSparsity = (p: Pick<FrontPoint, 'nonDominated' | 'nonDominatedWithSparsity'>): boolean => !p.nonDominated && p.nonDominatedWithSparsity;
/**
 * Why such a point is of the front after all: on the task axes sparsity is only its colour; on the sparsity axis the
 * tasks are their mean, and the point is better in one of them than every run as sparse.
 */
export const onlyWithSparsityWhy = (sparsityAxis: boolean): string => (sparsityAxis ? 'once the tasks count apart, not by their mean' : 'once sparsity counts too');

/** What a point's hover readout says, a line a fact (its <title>, and the line under the chart). */
export function pointReadout(p: FrontPoint, d: Pick<FrontData, 'xLabel' | 'yLabel' | 'sparsityAxis'>): string {
  const r = p.readout;
  return [
    `run ${p.ordinal}${p.nonDominated ? ' · non-dominated' : onlyWithSparsity(p) ? ` · non-dominated ${onlyWithSparsityWhy(d.sparsityAxis)} (both tasks and sparsity)` : ''}`,
    r.retargeted ?? kText(r.preference),
    `${axisValue(d.xLabel, p.x)}, ${axisValue(d.yLabel, p.y)}`,
    `test accuracy ${r.accuracy.map(pct).join(' / ')}`,
    `sparsity ${pct(p.sparsity)} · compression ${r.compression.toFixed(2)}`,
    r.pinnedFrom === undefined ? `${r.method} · seed ${r.seed}` : `pinned off run ${r.pinnedFrom}'s Pareto set model · seed ${r.seed}`,
  ].join('\n');
}

const pad = (lo: number, hi: number): [number, number] => {
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span * 0.08, hi + span * 0.08];
};

/** The corners of the dominated region, in plot coordinates, from the reference point's side. */
export function hypervolumeStairs(d: Pick<FrontData, 'points' | 'reference' | 'sparsityAxis'>): [number, number][] {
  const axes = { metric: 'loss' as const, sparsityAxis: d.sparsityAxis };
  const [rxMin, ryMin] = toMinimization(d.reference, axes);
  const nd = d.points
    .filter((p) => p.nonDominated)
    .map((p) => ({ p, m: toMinimization([p.x, p.y], axes) }))
    .filter(({ m }) => m[0] < rxMin && m[1] < ryMin)
    .sort((a, b) => a.m[0] - b.m[0]);
  const stairs: [number, number][] = [];
  if (nd.length) {
    stairs.push([nd[0].p.x, d.reference[1]]);
    nd.forEach(({ p }, i) => {
      stairs.push([p.x, p.y]);
      const next = nd[i + 1];
      stairs.push([next ? next.p.x : d.reference[0], p.y]);
    });
    stairs.push([d.reference[0], d.reference[1]]);
  }
  return stairs;
}

/** What an empty plot says: why it is empty, and what fills it. */
/**
 * The empty plot's message lines hold at most this many characters: about the plot's 448 units at the message's size
 * scaled up on a phone (styles.css .empty-message), so that no line runs over the axes.
 */
export const EMPTY_LINE_CHARS = 50;

/** `text`'s paragraphs (split at \n) in lines of at most `width` characters, broken between words. */
export function wrapLines(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = [];
    for (const word of paragraph.split(' ')) {
      const last = lines.at(-1);
      if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    return lines;
  });
}

function emptyMessage(d: FrontData, training: boolean): string {
  // The trail is not of the axes' measure yet: a newcomer reads it as the point arriving.
  const trail = d.metric === 'loss' ? 'training loss, not yet the test NLL the axes show' : 'validation error per epoch, not yet the test error the axes show';
  const message = (): string => {
    if (training)
      return d.companions.length > 0
        ? `The first ${d.companions.length + 1} runs are training at once: their points appear when they finish.\n(Their trails: ${trail}.)`
        : `The first run is training: its point appears when it finishes.\n(Its trail: ${trail}.)`;
    // Runs waiting (queued again after a reload, say) or ended without a point are not "no runs": the list holds them.
    const { waiting, ended } = d.unfinished;
    if (waiting > 0) return `No finished run yet: ${waiting === 1 ? '1 run waits' : `${waiting} runs wait`} in the run list (Start queue), a point here once ${waiting === 1 ? 'it finishes' : 'each finishes'}.`;
    if (ended > 0) return `No finished run yet: ${ended === 1 ? 'the run in the list ended' : `the ${ended} runs in the list ended`} without a point (failed, stopped or interrupted).\nSet a preference and press Run.`;
    // Someone who opened a shared link may expect its runs here.
    return 'No runs yet: set a preference and press Run.\n(A link holds the settings, not the runs: a file from Export JSON carries them.)';
  };
  return wrapLines(message(), EMPTY_LINE_CHARS).join('\n');
}

export function frontChartLayout(d: FrontData, transform: Pick<ZoomTransform, 'rescaleX' | 'rescaleY'>): FrontChartLayout {
  const empty = d.points.length === 0;
  // The finished runs and the reference point (as far as it reaches) set the axes; the trail only while there is
  // nothing else. A model's curve is fixed once its run finished: it sets the axes too.
  const trails = [...d.trail, ...d.companions.flatMap((c) => c.trail)];
  const runXs = [...d.points.map((p) => p.x), ...d.modelCurve.map((p) => p[0])];
  const runYs = [...d.points.map((p) => p.y), ...d.modelCurve.map((p) => p[1])];
  const shownReference: [number, number] = empty ? d.reference : [referenceReach(runXs, d.reference[0]), referenceReach(runYs, d.reference[1])];
  const xs = empty ? [...trails, ...d.modelCurve].map((p) => p[0]) : [...runXs, shownReference[0]];
  const ys = empty ? [...trails, ...d.modelCurve].map((p) => p[1]) : [...runYs, shownReference[1]];
  const x = transform.rescaleX(scaleLinear().domain(pad(min(xs) ?? 0, max(xs) ?? 1)).range([M.left, WIDTH - M.right]).nice());
  const y = transform.rescaleY(scaleLinear().domain(pad(min(ys) ?? 0, max(ys) ?? 1)).range([HEIGHT - M.bottom, M.top]).nice());
  const path = line<[number, number]>()
    .digits(1)
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const stairs = empty || d.hypervolumeWithheld ? [] : hypervolumeStairs(d);
  const maxSparsity = Math.max(1, max(d.points, (p) => p.sparsity) ?? 0);
  const colour = scaleSequential(interpolateViridis).domain([0, maxSparsity]);
  const marks = d.points.map((p) => ({ p, cx: x(p.x), cy: y(p.y), r: p.runId === d.selected ? SELECTED_R : POINT_R }));
  const labels = placeLabels(marks.map((m) => ({ ...m, text: String(m.p.ordinal) })));
  const points = marks.map(
    ({ p, cx, cy, r }, i): FrontPointMark => ({
      point: p,
      cx,
      cy,
      r,
      figureR: POINT_R,
      fill: colour(p.sparsity),
      stroke: p.nonDominated ? '#111' : onlyWithSparsity(p) ? '#8c8c8c' : '#fff',
      strokeWidth: p.nonDominated || onlyWithSparsity(p) ? 2.5 : 1,
      // A re-targeted run is drawn with a dashed ring: its point is not the run of one fixed preference.
      dashed: p.readout.retargeted !== null,
      ariaLabel: `${p.readout.pinnedFrom === undefined ? 'run' : 'point'} ${p.ordinal}: ${p.x.toPrecision(3)}, ${p.y.toPrecision(3)}, sparsity ${p.sparsity.toFixed(1)} %${p.nonDominated ? ', non-dominated' : onlyWithSparsity(p) ? `, non-dominated ${onlyWithSparsityWhy(d.sparsityAxis)}` : ''}${p.readout.retargeted ? ', re-targeted' : ''}${p.readout.pinnedFrom === undefined ? '' : `, pinned off run ${p.readout.pinnedFrom}'s Pareto set model (no training)`}`,
      title: pointReadout(p, d),
      label: labels[i],
    }),
  );
  const last = d.trail[d.trail.length - 1];
  const [left, right] = x.range();
  const [bottom, top] = y.range();
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const held = (p: readonly [number, number] | null | undefined) => {
    if (!p) return null;
    const [cx, cy] = [x(p[0]), y(p[1])];
    return { cx: clamp(cx, left, right), cy: clamp(cy, top, bottom), outside: cx < left || cx > right || cy < top || cy > bottom };
  };
  const barTop = M.top + 6;
  const barHeight = HEIGHT - M.bottom - barTop - 6;
  return {
    x,
    y,
    hvArea: stairs.length ? `${path(stairs)}Z` : '',
    points,
    trail: d.trail.length > 1 ? (path(d.trail) ?? '') : '',
    modelCurve: d.modelCurve.length > 1 ? (path(d.modelCurve) ?? '') : '',
    probe: held(d.probe?.at),
    live: held(last),
    companions: d.companions.map(({ id, ordinal, name, trail }) => ({
      id,
      ordinal,
      title: `${name}: trained at once with ${d.followed ? `run ${d.followed.ordinal}` : 'the followed run'}; click to follow it`,
      trail: trail.length > 1 ? (path(trail) ?? '') : '',
      live: held(trail[trail.length - 1]),
    })),
    reference: empty ? null : { cx: x(shownReference[0]), cy: y(shownReference[1]), off: shownReference[0] !== d.reference[0] || shownReference[1] !== d.reference[1] },
    colourBar: empty
      ? null
      : {
          x: WIDTH - M.right + 22,
          y: barTop,
          width: 12,
          height: barHeight,
          stops: [0, 0.25, 0.5, 0.75, 1].map((t) => ({ offset: t, colour: colour(t * maxSparsity) })),
          max: maxSparsity,
        },
    empty: empty && !d.probe && d.modelCurve.length === 0 ? emptyMessage(d, trails.length > 0 || d.unfinished.active > 0) : null,
  };
}
