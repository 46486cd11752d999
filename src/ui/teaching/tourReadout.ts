/**
 * The numbers a tour step's "Look for" names, read off the method table for the step's methods, so that they stand
 * beside the step (on a phone the table is a screen further down). Pure.
 */
import { format } from 'd3-format';
import type { MethodKey } from '../../experiment/choices';
import { METHOD_STYLES } from '../compare/methodKeys';
import type { MethodSummary } from '../compare/methodSummary';

/** A measure of the method table, by the name its column has. */
export type TourMeasure = 'gap' | 'distance' | 'hypervolume';

const NAMES: Record<TourMeasure, string> = { gap: 'largest gap', distance: 'mean distance', hypervolume: 'hypervolume' };

const number = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : format('.3~g')(v));

function value(summary: MethodSummary, measure: TourMeasure): number | undefined {
  if (measure === 'gap') return summary.coverage?.max;
  if (measure === 'distance') return summary.distance?.mean;
  return summary.hypervolume;
}

/**
 * "Linear: largest gap 0.707 · Chebyshev-AL: largest gap 0.0561", in the order of `methods`; null before any of them has
 * a point. `frontIsPoint`: the exact front is one point, where the table leaves out the gap and the hypervolume.
 */
export function tourReadout(methods: readonly MethodKey[], measures: readonly TourMeasure[], summaries: readonly MethodSummary[], frontIsPoint: boolean): string | null {
  const shown = measures.filter((m) => !frontIsPoint || m === 'distance');
  const parts = methods.flatMap((key) => {
    const summary = summaries.find((s) => s.key === key);
    if (!summary) return [];
    const values = shown.flatMap((m) => {
      const v = value(summary, m);
      return v === undefined || !Number.isFinite(v) ? [] : [`${NAMES[m]} ${number(v)}`];
    });
    return values.length === 0 ? [] : [`${METHOD_STYLES[key].short}: ${values.join(', ')}`];
  });
  return parts.length === 0 ? null : parts.join(' · ');
}
