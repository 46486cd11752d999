/**
 * Per-method measures of a sweep's results, for the comparison table: the points grouped by method, each
 * method's hypervolume (one common reference point, so the numbers compare), its non-dominated count, and —
 * where the exact front is known (teaching problems) — its distance to that front (mean and max over its
 * points: are they Pareto-optimal?) and the front's coverage (mean and max distance from a front point to the
 * method's nearest point: a large max is a stretch of the front the method never reached). Pure geometry on
 * plain arrays (engine/pareto.ts), all objectives minimised.
 */
import { samePreference } from '../../experiment/preference';
import { distanceToFront, frontCoverage, hypervolume, nonDominatedIndices, type DistanceSummary } from '../../engine/pareto';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';

export interface MethodPoint {
  id: string;
  key: MethodKey;
  /** Objective vector (minimised), 2 or 3 entries. */
  objectives: readonly number[];
  /** Training seconds the point cost (a model's answers share its run's evenly, runs trained at once their stack's); absent when unknown. */
  seconds?: number;
}

export interface MethodSummary {
  key: MethodKey;
  count: number;
  nonDominated: number;
  /** The distinct points among them (to 6 significant digits): MGDA's runs, say, all land on one. */
  nonDominatedPoints: number;
  hypervolume: number;
  /** Distance of the method's points to the exact front (null without one). */
  distance: DistanceSummary | null;
  /** Distance from the exact front's points to the method's nearest point (null without one). */
  coverage: DistanceSummary | null;
  /**
   * The lab's Chebyshev methods: distance of their runs to their own preferences' exact Chebyshev points, where each
   * should land (null: a method that aims elsewhere; absent: not measured, as in the explorer).
   */
  target?: DistanceSummary | null;
  /** Training seconds of the method's points together (null when one of them is unknown). */
  seconds: number | null;
}

/** The points of each method, in METHOD_KEYS order; methods without points are left out. */
export function groupByMethod<P extends Pick<MethodPoint, 'key'>>(points: readonly P[]): Map<MethodKey, P[]> {
  const groups = new Map<MethodKey, P[]>();
  for (const key of METHOD_KEYS) {
    const mine = points.filter((p) => p.key === key);
    if (mine.length > 0) groups.set(key, mine);
  }
  return groups;
}

/**
 * A reference point for comparing methods: 10 % beyond the worst value of each objective over the points and
 * the exact front (and at least `floor`, so a front collapsed to 0 still gets a box).
 */
export function commonReference(points: readonly (readonly number[])[], front: readonly (readonly number[])[] | null, floor = 1e-3): number[] {
  const all = [...points, ...(front ?? [])].filter((p) => p.every(Number.isFinite));
  if (all.length === 0) return [];
  const m = all[0].length;
  return Array.from({ length: m }, (_, i) => Math.max(floor, 1.1 * Math.max(...all.map((p) => p[i]))));
}

export function summarizeMethods(points: readonly MethodPoint[], reference: readonly number[], front: readonly (readonly number[])[] | null): MethodSummary[] {
  const out: MethodSummary[] = [];
  for (const [key, mine] of groupByMethod(points)) {
    const objectives = mine.map((p) => p.objectives);
    const hasFront = front !== null && front.length > 0;
    out.push({
      key,
      count: mine.length,
      nonDominated: nonDominatedIndices(objectives).length,
      nonDominatedPoints: new Set(nonDominatedIndices(objectives).map((i) => objectives[i].map((v) => v.toPrecision(6)).join(','))).size,
      hypervolume: reference.length === objectives[0].length ? hypervolume(objectives, reference) : Number.NaN,
      distance: hasFront ? distanceToFront(objectives, front) : null,
      coverage: hasFront ? frontCoverage(objectives, front) : null,
      seconds: mine.every((p) => p.seconds !== undefined) ? mine.reduce((sum, p) => sum + (p.seconds ?? 0), 0) : null,
    });
  }
  return out;
}

/**
 * How many runs of each method have not ended yet ("linear:3,chebyshev-al:8", METHOD_KEYS order; '' when none): a
 * string, so a selector returning it changes only when a count does. A method with runs to come has a partial
 * hypervolume.
 */
export function pendingText(runs: readonly { key: MethodKey; ended: boolean }[]): string {
  return METHOD_KEYS.map((key) => [key, runs.filter((r) => r.key === key && !r.ended).length] as const)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${key}:${n}`)
    .join(',');
}

/**
 * How many of its sweep grid's preferences each per-preference method has no run at, finished or still to come
 * ("linear:7", as pendingText; '' when none): its numbers then cover part of the sweep only (it was stopped, a run
 * failed, the page was reloaded mid-sweep). `gridOf` gives a method's grid (the sweep's; in the lab, the one it was
 * swept at), none where it was not swept. Every method with a run and a grid counts (one stopped before any run
 * finished too: its row says it has none); a Pareto set model is one run read at the grid and never misses any.
 */
export function missingText(
  runs: readonly { key: MethodKey; preference: readonly number[]; finishedOrComing: boolean; finished: boolean }[],
  gridOf: (key: MethodKey) => readonly (readonly number[])[] | undefined,
): string {
  return METHOD_KEYS.filter((key) => key !== 'psl' && runs.some((r) => r.key === key))
    .map((key) => [key, (gridOf(key) ?? []).filter((k) => !runs.some((r) => r.key === key && r.finishedOrComing && samePreference(r.preference, k))).length] as const)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${key}:${n}`)
    .join(',');
}

/** pendingText (or missingText) read back. */
export function parsePending(text: string): ReadonlyMap<MethodKey, number> {
  if (text === '') return new Map();
  return new Map(
    text.split(',').map((entry) => {
      const at = entry.lastIndexOf(':');
      return [entry.slice(0, at) as MethodKey, Number(entry.slice(at + 1))];
    }),
  );
}
