/**
 * Per-run history of step readings, bounded: when it would exceed `maxPoints` every other stored reading is
 * dropped and from then on only every 2nd (4th, ...) incoming reading is kept, so a long run keeps an evenly
 * thinned curve. The newest reading is always shown, kept or not. Immutable: appending returns a new history.
 *
 * Readings stay in the packed wire format they arrive in (cheap to append and thin); callers read them by name
 * (`column('value')`, `column('objective', 1)`, `latest('samplesPerSecond')`, and the columns of the run's method,
 * `column('penalty')` for a Chebyshev-AL run) over the shown readings: the kept ones, then the newest if it was
 * not kept.
 */
import type { Phase } from '../../engine/readings';
import type { MethodName } from '../../experiment/choices';
import type { ScalarColumn, StepColumns, VectorColumn } from '../../workers/stepColumns';
import { packColumns, packedColumn, packedCount, packedValue, stepStride, unpackColumns } from '../../workers/stepPacking';

export const DEFAULT_MAX_POINTS = 600;

export class StepHistory {
  /** Objectives per reading. */
  readonly m: number;
  /** The run's method (which quantities its readings carry). */
  readonly method: MethodName;
  /** Readings kept (the newest one aside). */
  readonly count: number;
  /** Readings received so far. */
  readonly seen: number;
  /** Keep one incoming reading in this many. */
  private readonly keepEvery: number;
  /** count readings, packed. */
  private readonly kept: Float64Array;
  /** The newest reading (packed) when it was not kept; null when it is the last kept one or there is none. */
  private readonly newest: Float64Array | null;

  private constructor(m: number, method: MethodName, kept: Float64Array, keepEvery: number, seen: number, newest: Float64Array | null) {
    this.m = m;
    this.method = method;
    this.kept = kept;
    this.count = packedCount(kept, m, method);
    this.keepEvery = keepEvery;
    this.seen = seen;
    this.newest = newest;
  }

  static empty(m: number, method: MethodName): StepHistory {
    return new StepHistory(m, method, new Float64Array(0), 1, 0, null);
  }

  /** A history holding exactly these readings (a saved run's). */
  static fromColumns(columns: StepColumns): StepHistory {
    const kept = packColumns(columns);
    const m = columns.objective.length;
    return new StepHistory(m, columns.method, kept, 1, packedCount(kept, m, columns.method), null);
  }

  /** This history with the packed readings of a 'steps' message added. */
  append(packed: Float64Array, maxPoints = DEFAULT_MAX_POINTS): StepHistory {
    const stride = stepStride(this.m, this.method);
    const incoming = Math.floor(packed.length / stride);
    if (incoming === 0) return this;
    let keepEvery = this.keepEvery;
    let rows: Float64Array[] = [];
    for (let i = 0; i < this.count; i++) rows.push(this.kept.subarray(i * stride, (i + 1) * stride));
    let seen = this.seen;
    let newest: Float64Array = packed;
    for (let i = 0; i < incoming; i++, seen++) {
      newest = packed.subarray(i * stride, (i + 1) * stride);
      if (seen % keepEvery !== 0) continue;
      rows.push(newest);
      if (rows.length > maxPoints) {
        rows = rows.filter((_, j) => j % 2 === 0);
        keepEvery *= 2;
      }
    }
    const kept = new Float64Array(rows.length * stride);
    rows.forEach((r, i) => kept.set(r, i * stride));
    const newestKept = rows[rows.length - 1] === newest;
    return new StepHistory(this.m, this.method, kept, keepEvery, seen, newestKept ? null : newest.slice());
  }

  /** Readings shown: the kept ones and the newest. */
  get length(): number {
    return this.count + (this.newest ? 1 : 0);
  }

  /** A column over the shown readings; `index` picks the objective of a vector column. */
  column(name: ScalarColumn): number[];
  column(name: VectorColumn, index: number): number[];
  column(name: ScalarColumn | VectorColumn, index = 0): number[] {
    const values = packedColumn(this.kept, this.m, this.method, name, index);
    if (this.newest) values.push(packedValue(this.newest, this.m, this.method, 0, name, index));
    return values;
  }

  /** The newest reading's value (null before the first reading). */
  latest(name: ScalarColumn): number | null;
  latest(name: VectorColumn, index: number): number | null;
  latest(name: ScalarColumn | VectorColumn, index = 0): number | null {
    if (this.newest) return packedValue(this.newest, this.m, this.method, 0, name, index);
    return this.count > 0 ? packedValue(this.kept, this.m, this.method, this.count - 1, name, index) : null;
  }

  /** The newest reading's vector (all m entries; null before the first reading). */
  latestVector(name: VectorColumn): number[] | null {
    if (this.length === 0) return null;
    return Array.from({ length: this.m }, (_, i) => this.latest(name, i) as number);
  }

  /** The phase of each shown reading. */
  phases(): Phase[] {
    return this.columns().phase;
  }

  /** Every column over the shown readings. */
  columns(): StepColumns {
    if (!this.newest) return unpackColumns(this.kept, this.m, this.method);
    const all = new Float64Array(this.kept.length + this.newest.length);
    all.set(this.kept);
    all.set(this.newest, this.kept.length);
    return unpackColumns(all, this.m, this.method);
  }
}
