/** How far a chart's axes reach for a hypervolume reference point far past its runs. Pure. */
import { max, min } from 'd3-array';

/**
 * The reference point's coordinate as far as the axes reach for it: at most one span of the runs (their values' range,
 * at least a tenth of their size) past them. An automatic reference set by another setting's worse runs (the
 * problem's, shown or not) would otherwise squeeze the shown runs into a corner.
 */
export function referenceReach(values: readonly number[], reference: number): number {
  const lo = min(values) ?? reference;
  const hi = max(values) ?? reference;
  const span = Math.max(hi - lo, 0.1 * Math.max(Math.abs(lo), Math.abs(hi)), 1e-9);
  return Math.min(Math.max(reference, lo - span), hi + span);
}

/** A reference handle's title: where it is drawn off its place (`off`), its value. */
export function referenceTitle(reference: readonly number[] | null, off: boolean, action = ''): string {
  const where = off && reference ? ` (${reference.map((v) => v.toPrecision(3)).join(', ')}), farther out than the axes reach: drawn at their end` : '';
  return `hypervolume reference point${where}${action ? `${where ? ';' : ':'} ${action}` : ''}`;
}
