/**
 * Per-run history of step readings in the packed layout of workers/stepPacking.ts, bounded: when it would
 * exceed `maxPoints` every other stored reading is dropped and from then on only every 2nd (4th, ...) incoming
 * reading is kept, so a long run keeps an evenly thinned curve. The newest reading is always kept in `last`.
 * Pure: appending returns a new history.
 */
import { stepLayout } from '../../workers/stepPacking';

export interface StepHistory {
  m: number;
  stride: number;
  /** count × stride values. */
  data: Float64Array;
  count: number;
  /** Keep one incoming reading in this many. */
  keepEvery: number;
  /** Readings received so far. */
  seen: number;
  /** The newest reading received (stride values), kept or not. */
  last: Float64Array | null;
}

export const DEFAULT_MAX_POINTS = 600;

export function emptyHistory(m: number): StepHistory {
  const stride = stepLayout(m).stride;
  return { m, stride, data: new Float64Array(0), count: 0, keepEvery: 1, seen: 0, last: null };
}

export function appendSteps(history: StepHistory, packed: Float64Array, maxPoints = DEFAULT_MAX_POINTS): StepHistory {
  const { stride } = history;
  const incoming = Math.floor(packed.length / stride);
  if (incoming === 0) return history;
  let keepEvery = history.keepEvery;
  let rows: Float64Array[] = [];
  for (let i = 0; i < history.count; i++) rows.push(history.data.subarray(i * stride, (i + 1) * stride));
  let seen = history.seen;
  for (let i = 0; i < incoming; i++, seen++) {
    if (seen % keepEvery !== 0) continue;
    rows.push(packed.subarray(i * stride, (i + 1) * stride));
    if (rows.length > maxPoints) {
      rows = rows.filter((_, j) => j % 2 === 0);
      keepEvery *= 2;
    }
  }
  const data = new Float64Array(rows.length * stride);
  rows.forEach((r, i) => data.set(r, i * stride));
  return {
    ...history,
    data,
    count: rows.length,
    keepEvery,
    seen,
    last: packed.slice((incoming - 1) * stride, incoming * stride),
  };
}

/** Column `offset` of every stored reading followed by the newest one if it was not stored. */
export function historyColumn(history: StepHistory, offset: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < history.count; i++) {
    x.push(history.data[i * history.stride]);
    y.push(history.data[i * history.stride + offset]);
  }
  const last = history.last;
  if (last && (history.count === 0 || x[x.length - 1] !== last[0])) {
    x.push(last[0]);
    y.push(last[offset]);
  }
  return { x, y };
}
