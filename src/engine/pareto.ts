/**
 * Pareto dominance and front quality measures, for minimisation. Pure functions on plain arrays: the explorer
 * (src/ui/pareto re-exports them), the teaching-problem tests and the methods bench all use this one copy.
 *
 * - dominance and the non-dominated filter (any number of objectives);
 * - hypervolume in 2-D (staircase sweep, O(n log n)) and 3-D (slabs along z, each a 2-D sweep: O(n² log n),
 *   plenty for fronts of runs);
 * - distances between a set of solutions and a densely sampled exact front: how far the solutions are from
 *   the front (mean/max distance to the nearest front point) and how much of the front they leave uncovered
 *   (mean/max distance from a front point to the nearest solution; a large max means a hole in the front).
 */

export type Point = readonly number[];

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: Point, b: Point): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

const finite = (p: Point) => p.every(Number.isFinite);

/**
 * Indices of the points no other point dominates, in input order. Duplicates are all kept (neither dominates
 * the other); points with a non-finite coordinate are neither kept nor allowed to dominate. Up to 3 objectives a
 * sweep, O(n log n) in practice (dense exact fronts sample tens of thousands of points); beyond, O(n²·m).
 */
export function nonDominatedIndices(points: readonly Point[]): number[] {
  const m = points.find(finite)?.length ?? 0;
  const sweepable = m <= 3 && points.every((p) => !finite(p) || p.length === m);
  return sweepable ? sweepNonDominated(points, m) : pairwiseNonDominated(points);
}

/** The definition, pair by pair: any number of objectives. */
export function pairwiseNonDominated(points: readonly Point[]): number[] {
  const out: number[] = [];
  points.forEach((p, i) => {
    if (!finite(p)) return;
    if (!points.some((q, j) => j !== i && finite(q) && dominates(q, p))) out.push(i);
  });
  return out;
}

/**
 * Up to 3 objectives (fewer padded with zeros). Taken in lexicographic order, every point's dominators come before
 * it, and each has the first coordinate no larger: p is dominated when an earlier point is no larger in the other
 * two and not equal to p. The earlier non-dominated points are kept as a staircase in those two (second ascending,
 * third strictly descending), where the last step with second ≤ p's has the smallest third among them.
 */
function sweepNonDominated(points: readonly Point[], m: number): number[] {
  const at = (p: Point, i: number) => (i < m ? p[i] : 0);
  const order = points.map((_, i) => i).filter((i) => finite(points[i]));
  order.sort((a, b) => at(points[a], 0) - at(points[b], 0) || at(points[a], 1) - at(points[b], 1) || at(points[a], 2) - at(points[b], 2));
  const second: number[] = [];
  const third: number[] = [];
  const first: number[] = [];
  const kept: number[] = [];
  for (const i of order) {
    const p = points[i];
    const [p1, p2, p3] = [at(p, 0), at(p, 1), at(p, 2)];
    let lo = 0;
    let hi = second.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (second[mid] <= p2) lo = mid + 1;
      else hi = mid;
    }
    const step = lo - 1;
    if (step >= 0 && third[step] <= p3) {
      // A step no larger in both: it dominates p unless it is p again (a duplicate, kept like the first).
      if (second[step] === p2 && third[step] === p3 && first[step] === p1) kept.push(i);
      continue;
    }
    // p stands; the steps it covers (second ≥ p2 and third ≥ p3) go: from `step` if it has p's second, then on.
    const from = step >= 0 && second[step] === p2 ? step : step + 1;
    let to = step + 1;
    while (to < second.length && third[to] >= p3) to++;
    second.splice(from, to - from, p2);
    third.splice(from, to - from, p3);
    first.splice(from, to - from, p1);
    kept.push(i);
  }
  return kept.sort((a, b) => a - b);
}

/** The non-dominated points themselves. */
export function nonDominated<T extends Point>(points: readonly T[]): T[] {
  return nonDominatedIndices(points).map((i) => points[i]);
}

/**
 * Area dominated by the points and bounded by the reference point: the union of the boxes [x, rx] × [y, ry].
 * Points not strictly better than the reference in both coordinates add nothing.
 */
export function hypervolume2d(points: readonly Point[], reference: Point): number {
  const [rx, ry] = reference;
  const inside = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && x < rx && y < ry);
  // Sorted by x ascending, the points of the staircase have y descending; dominated ones are skipped.
  const sorted = [...inside].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let lastY = ry;
  for (const [x, y] of sorted) {
    if (y >= lastY) continue;
    area += (rx - x) * (lastY - y);
    lastY = y;
  }
  return area;
}

/**
 * Volume dominated by 3-D points and bounded by the reference point. Sweeping z upwards, the slab between two
 * consecutive z values is dominated exactly by the 2-D hypervolume of the points at or below its bottom.
 */
export function hypervolume3d(points: readonly Point[], reference: Point): number {
  const [rx, ry, rz] = reference;
  const inside = points.filter((p) => finite(p) && p[0] < rx && p[1] < ry && p[2] < rz);
  const sorted = [...inside].sort((a, b) => a[2] - b[2]);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1][2] : rz;
    const height = top - sorted[i][2];
    if (height <= 0) continue;
    volume += height * hypervolume2d(sorted.slice(0, i + 1), [rx, ry]);
  }
  return volume;
}

/** Hypervolume for 2 or 3 objectives. */
export function hypervolume(points: readonly Point[], reference: Point): number {
  if (reference.length === 2) return hypervolume2d(points, reference);
  if (reference.length === 3) return hypervolume3d(points, reference);
  throw new Error(`hypervolume is implemented for 2 and 3 objectives, not ${reference.length}`);
}

/** Euclidean distance between two objective vectors. */
export function euclidean(a: Point, b: Point): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** Distance from p to the nearest of the given points (Infinity when there are none). */
export function distanceToNearest(p: Point, set: readonly Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const q of set) best = Math.min(best, euclidean(p, q));
  return best;
}

export interface DistanceSummary {
  /** One distance per point of the first set. */
  each: number[];
  mean: number;
  max: number;
}

function summarize(each: number[]): DistanceSummary {
  const mean = each.length > 0 ? each.reduce((a, b) => a + b, 0) / each.length : Number.NaN;
  return { each, mean, max: each.length > 0 ? Math.max(...each) : Number.NaN };
}

/**
 * How far the solutions are from the exact front: for each solution, the distance to the nearest point of the
 * (densely sampled) front. The mean is the generational distance, the max its worst case.
 */
export function distanceToFront(solutions: readonly Point[], front: readonly Point[]): DistanceSummary {
  return summarize(solutions.map((p) => distanceToNearest(p, front)));
}

/**
 * How much of the front the solutions cover: for each front point, the distance to the nearest solution. The
 * mean is the inverted generational distance (IGD); the max is the largest hole the solutions leave.
 */
export function frontCoverage(solutions: readonly Point[], front: readonly Point[]): DistanceSummary {
  return summarize(front.map((p) => distanceToNearest(p, solutions)));
}

/** Largest distance between two points of the set (0 for fewer than two points). */
export function diameter(points: readonly Point[]): number {
  let d = 0;
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) d = Math.max(d, euclidean(points[i], points[j]));
  return d;
}

/**
 * How finely a sampled front is sampled: the median distance from each of its points to its nearest other point (0
 * for fewer than two points).
 */
export function frontSpacing(front: readonly Point[]): number {
  return frontSampling(front, true).spacing;
}

/**
 * A sampled front's spacing (frontSpacing) and how far from its nearest sample a point of the true front may lie, about
 * (`tolerance`): on a curve half the spacing (between two neighbours); on a surface (`curve` false: a cloud of three
 * objectives) the 99th percentile of the nearest-neighbour distances, since its samples are spread unevenly — on the
 * lab's default three-task fronts exact points lie up to 1.0–1.2 spacings from the nearest sample (its holes), and
 * half the spacing called runs on the front off it. Distances to the front below the tolerance are within sampling.
 */
export function frontSampling(front: readonly Point[], curve: boolean): { spacing: number; tolerance: number } {
  if (front.length < 2) return { spacing: 0, tolerance: 0 };
  const nearest = front.map((p, i) => {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < front.length; j++) if (j !== i) best = Math.min(best, euclidean(p, front[j]));
    return best;
  });
  nearest.sort((a, b) => a - b);
  const spacing = nearest[Math.floor(nearest.length / 2)];
  return { spacing, tolerance: curve ? spacing / 2 : nearest[Math.floor(0.99 * (nearest.length - 1))] };
}
