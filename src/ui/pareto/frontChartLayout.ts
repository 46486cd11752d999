/**
 * What the Pareto front plot draws, computed without the DOM: the padded scales (the user's zoom applied), the
 * dominated region up to the reference point as a staircase path (its area is the hypervolume), each run's
 * marker, the live trail and marker, and the reference handle. ParetoFrontChart.tsx puts it on the page. Pure.
 */
import { max, min } from 'd3-array';
import { scaleLinear, scaleSequential, type ScaleLinear } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import type { ZoomTransform } from 'd3-zoom';
import type { FrontData } from './frontChartData';
import { toMinimization, type FrontPoint } from './frontPoints';

export const FRONT_CHART_SIZE = { width: 520, height: 380 };
export const FRONT_CHART_MARGIN = { top: 14, right: 16, bottom: 40, left: 56 };
const { width: WIDTH, height: HEIGHT } = FRONT_CHART_SIZE;
const M = FRONT_CHART_MARGIN;

export interface FrontPointMark {
  point: FrontPoint;
  cx: number;
  cy: number;
  r: number;
  fill: string;
  stroke: string;
  strokeWidth: number;
  ariaLabel: string;
  title: string;
}

export interface FrontChartLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** The staircase of the region the non-dominated points dominate up to the reference point ('' if none). */
  hvArea: string;
  points: FrontPointMark[];
  trail: string;
  live: { cx: number; cy: number } | null;
  reference: { cx: number; cy: number };
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

export function frontChartLayout(d: FrontData, transform: Pick<ZoomTransform, 'rescaleX' | 'rescaleY'>): FrontChartLayout {
  const xs = [...d.points.map((p) => p.x), ...d.trail.map((p) => p[0]), d.reference[0]];
  const ys = [...d.points.map((p) => p.y), ...d.trail.map((p) => p[1]), d.reference[1]];
  const x = transform.rescaleX(scaleLinear().domain(pad(min(xs) ?? 0, max(xs) ?? 1)).range([M.left, WIDTH - M.right]).nice());
  const y = transform.rescaleY(scaleLinear().domain(pad(min(ys) ?? 0, max(ys) ?? 1)).range([HEIGHT - M.bottom, M.top]).nice());
  const path = line<[number, number]>()
    .digits(1)
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const stairs = hypervolumeStairs(d);
  const colour = scaleSequential(interpolateViridis).domain([0, Math.max(1, ...d.points.map((p) => p.sparsity))]);
  const points = d.points.map(
    (p): FrontPointMark => ({
      point: p,
      cx: x(p.x),
      cy: y(p.y),
      r: p.runId === d.selected ? 8 : 6,
      fill: colour(p.sparsity),
      stroke: p.nonDominated ? '#111' : '#fff',
      strokeWidth: p.nonDominated ? 2.5 : 1,
      ariaLabel: `run ${p.ordinal}: ${p.x.toPrecision(3)}, ${p.y.toPrecision(3)}, sparsity ${p.sparsity.toFixed(1)} %${p.nonDominated ? ', non-dominated' : ''}`,
      title: `run ${p.ordinal} · sparsity ${p.sparsity.toFixed(1)} %${p.nonDominated ? ' · non-dominated' : ''}`,
    }),
  );
  const live = d.trail[d.trail.length - 1];
  return {
    x,
    y,
    hvArea: stairs.length ? `${path(stairs)}Z` : '',
    points,
    trail: d.trail.length > 1 ? (path(d.trail) ?? '') : '',
    live: live ? { cx: x(live[0]), cy: y(live[1]) } : null,
    reference: { cx: x(d.reference[0]), cy: y(d.reference[1]) },
  };
}
