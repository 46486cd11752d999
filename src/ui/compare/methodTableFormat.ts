/**
 * How the method table writes its numbers: 4 significant digits, tiny distances in exponent form, and a mean / max
 * column in one form down its rows. Pure.
 */
import { format } from 'd3-format';

/** A number of the caption's prose: trailing zeros trimmed. */
export const fmt = format('.4~g');
/** A number of a column: 4 significant digits, trailing zeros kept, so that a column's values compare ("0.08000" over "0.08002"). */
const cell = format('.4g');
const tiny = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v !== 0 && Math.abs(v) < 1e-3;
/** 4 significant digits; tiny distances in exponent form (2.0e-5), not as a row of zeros (`exponent`: always). */
export const num = (v: number | undefined, exponent = false): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v === 0 && exponent ? '0' : exponent || tiny(v) ? v.toExponential(1) : cell(v);
export const proseNum = (v: number): string => (tiny(v) ? v.toExponential(1) : fmt(v));

/**
 * A column of pairs read together (mean / max), row by row: in exponent form wherever any number of the column is tiny,
 * so that its rows compare at a glance ("1.0e-3 / 3.3e-3" beside "2.3e-4 / 6.1e-4", not "0.001015 / 0.003264").
 */
export function pairColumn(pairs: readonly (readonly [number | undefined, number | undefined])[]): [string, string][] {
  const exponent = pairs.some(([a, b]) => tiny(a) || tiny(b));
  return pairs.map(([a, b]) => [num(a, exponent), num(b, exponent)]);
}
