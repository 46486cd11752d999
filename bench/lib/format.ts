/** Pure helpers of the benchmark reports: statistics of timings, number formats, Markdown-style tables. */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  mean: number;
}

/** Median (mean of the two middle values for an even count), min, max and mean; throws on an empty list. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  if (values.some((v) => !Number.isFinite(v))) throw new Error('summarize: non-finite value');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { n, median, min: sorted[0], max: sorted[n - 1], mean: sorted.reduce((a, b) => a + b, 0) / n };
}

/** Images per second for a batch processed in `ms` milliseconds. */
export function imagesPerSecond(batch: number, ms: number): number {
  return ms > 0 ? (1000 * batch) / ms : Number.NaN;
}

/** Milliseconds with precision that suits the size: 0.42 ms, 12.3 ms, 1234 ms. */
export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(0)} ms`;
}

/** Seconds, switching to minutes past two: '12.3 s', '2.5 min (150 s)'. */
export function secs(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '—';
  return s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min (${s.toFixed(0)} s)`;
}

/** Bytes in MiB (2^20 bytes, so labelled MiB, not MB) with one decimal below 10. */
export function mib(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const m = bytes / 2 ** 20;
  return m < 10 ? `${m.toFixed(1)} MiB` : `${m.toFixed(0)} MiB`;
}

/** The 1/5/15-minute load averages as '2.4 / 1.9 / 2.4'. */
export function load(averages: readonly number[]): string {
  return averages.map((v) => v.toFixed(1)).join(' / ');
}

/** A ratio as '1.23×'; below 0.1 with two significant digits ('0.0048×'), so that a slow row is not '0.00×'. */
export function ratio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return value > 0 && value < 0.1 ? `${value.toPrecision(2)}×` : `${value.toFixed(2)}×`;
}

/**
 * A Markdown table: the first row is the header; every row must have the header's number of cells. Columns
 * listed in `right` are right-aligned (numbers).
 */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  if (rows.length === 0) return '';
  const columns = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== columns) throw new Error(`table: row ${i} has ${r.length} cells, the header ${columns}`);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const pad = (cell: string, c: number) => (right.includes(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]));
  const line = (r: readonly string[]) => '| ' + r.map(pad).join(' | ') + ' |';
  const rule = '|' + widths.map((w, c) => (right.includes(c) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}
