/**
 * Reads ../shared/golden (the method reference's test vectors, beside the repository) through readGolden:
 * row metrics (sparsity, compression, parameter sharing) against row_metrics.json.
 * Without that folder these tests fail with a message naming the missing path.
 */
import { describe, it, expect } from 'vitest';
import { accuracyAndNll, rowMetrics, RunningMean } from './metrics';
import { Rng } from './random';
import { readGolden } from './testing/golden';

const golden = (name: string) => readGolden<{ cases: unknown }>(name);

describe('rowMetrics', () => {
  const cases = golden('row_metrics.json').cases as {
    kernels: { shape: number[]; kernel: number[] }[];
    sparsityRate: number;
    compressionRate: number;
    parameterSharing: number;
    totalRows: number;
    zeroRows: number;
    uniqueRows: number;
  }[];

  it.each(cases.map((c, i) => [i, c.kernels.map((k) => k.shape.join('x')).join(', '), c] as const))(
    'golden case %i (%s)',
    (_i, _shapes, c) => {
      const m = rowMetrics(c.kernels.map((k) => ({ shape: k.shape, values: k.kernel })));
      expect(m.totalRows).toBe(c.totalRows);
      expect(m.zeroRows).toBe(c.zeroRows);
      expect(m.uniqueRows).toBe(c.uniqueRows);
      expect(m.sparsityRate).toBeCloseTo(c.sparsityRate, 12);
      expect(m.compressionRate).toBeCloseTo(c.compressionRate, 12);
      expect(m.parameterSharing).toBeCloseTo(c.parameterSharing, 12);
      // Same numbers when the kernels arrive as float32 (as TF.js hands them over) — the golden values are
      // built from rows that stay distinct/equal after rounding.
      const m32 = rowMetrics(c.kernels.map((k) => ({ shape: k.shape, values: Float32Array.from(k.kernel) })));
      expect([m32.totalRows, m32.zeroRows, m32.uniqueRows]).toEqual([c.totalRows, c.zeroRows, c.uniqueRows]);
    },
  );

  it('counts rows of a dense and a conv kernel by hand, with conv rows = input channels', () => {
    // Dense [4, 3]: rows [1,2,3], 0, [1,2,3], −0 (still exactly zero).
    const dense = { shape: [4, 3], values: [1, 2, 3, 0, 0, 0, 1, 2, 3, -0, 0, 0] };
    // Conv [kh=2, kw=1, in=3, out=2]: channel 0 is zero, channels 1 and 2 both read [1, 2 | 3, 4].
    const conv = { shape: [2, 1, 3, 2], values: new Float32Array([0, 0, 1, 2, 1, 2, 0, 0, 3, 4, 3, 4]) };
    const m = rowMetrics([dense, conv]);
    expect(m).toEqual({
      totalRows: 7,
      zeroRows: 3,
      uniqueRows: 4, // dense: zero + [1,2,3]; conv: zero + [1,2,3,4]
      sparsityRate: (100 * 3) / 7,
      compressionRate: 7 / 4,
      parameterSharing: 4 / 4,
      totalParams: 24,
      nonZeroParams: 14,
      uniqueParams: 3 + 4,
      tiedBytes: 4 * 7 + 4 * 7,
    });
  });

  it('does not read conv rows as contiguous memory chunks', () => {
    // [kh=2, kw=1, in=2, out=1] = [h0i0, h0i1, h1i0, h1i1]: channel 0 = [0, 0] is a zero row, channel 1 = [5, 6].
    // Reading memory in chunks of two ([0, 5], [0, 6]) would find no zero row.
    const m = rowMetrics([{ shape: [2, 1, 2, 1], values: [0, 5, 0, 6] }]);
    expect([m.totalRows, m.zeroRows, m.uniqueRows]).toEqual([2, 1, 2]);
  });

  it('treats rows that differ in one entry as distinct and equal rows anywhere in the layer as one', () => {
    const base = [0.1, -0.2, 0.3];
    const values = [...base, ...base.map((v, j) => (j === 2 ? v + 1e-7 : v)), ...base, 0, 0, 1e-30];
    const m = rowMetrics([{ shape: [4, 3], values }]);
    expect([m.zeroRows, m.uniqueRows]).toEqual([0, 3]);
  });

  it('treats −0 and +0 entries as equal when comparing rows', () => {
    const m = rowMetrics([{ shape: [3, 2], values: [-0, 1, 0, 1, 0, -1] }]);
    expect([m.zeroRows, m.uniqueRows, m.nonZeroParams]).toEqual([0, 2, 3]);
  });

  it('counts unique rows per layer, not across layers', () => {
    const k = { shape: [2, 2], values: [1, 2, 1, 2] };
    const m = rowMetrics([k, k]);
    expect([m.totalRows, m.uniqueRows, m.compressionRate]).toEqual([4, 2, 2]);
  });

  it('handles a 2880×50 kernel with duplicated and zero rows quickly', () => {
    const rng = new Rng(3);
    const rows = 2880;
    const cols = 50;
    const values = new Float32Array(rows * cols);
    const distinct = 700;
    const protos = Array.from({ length: distinct }, () => Float32Array.from({ length: cols }, () => rng.normal()));
    let zero = 0;
    const used = new Set<number>();
    for (let i = 0; i < rows; i++) {
      if (i % 5 === 0) {
        zero++;
        continue;
      }
      const k = i < distinct * 2 ? (i >> 1) % distinct : rng.int(distinct);
      used.add(k);
      values.set(protos[k], i * cols);
    }
    const t0 = performance.now();
    const m = rowMetrics([{ shape: [rows, cols], values }]);
    const elapsed = performance.now() - t0;
    expect(m.zeroRows).toBe(zero);
    expect(m.uniqueRows).toBe(used.size + 1);
    expect(m.uniqueParams).toBe(used.size * cols);
    expect(m.nonZeroParams).toBe((rows - zero) * cols);
    expect(elapsed).toBeLessThan(1000);
  });

  it('returns neutral rates for no kernels', () => {
    const m = rowMetrics([]);
    expect([m.sparsityRate, m.compressionRate, m.parameterSharing, m.totalRows]).toEqual([0, 1, 0, 0]);
  });
});

describe('accuracyAndNll', () => {
  it('scores a batch of log-softmax outputs by hand', () => {
    const lp = (p: number[]) => p.map(Math.log);
    const logProbs = Float32Array.from([...lp([0.7, 0.2, 0.1]), ...lp([0.1, 0.3, 0.6]), ...lp([0.25, 0.5, 0.25])]);
    const labels = [0, 1, 1];
    const s = accuracyAndNll(logProbs, labels, 3);
    expect(s.accuracy).toBeCloseTo((100 * 2) / 3, 10);
    expect(s.nll).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.5)) / 3, 6);
    expect([s.correct, s.count]).toEqual([2, 3]);
  });

  it('breaks argmax ties by the first class and reports NaN for an empty batch', () => {
    const s = accuracyAndNll(Float32Array.from([Math.log(0.5), Math.log(0.5)]), [1], 2);
    expect(s.accuracy).toBe(0);
    const empty = accuracyAndNll(new Float32Array(0), [], 10);
    expect(Number.isNaN(empty.accuracy) && Number.isNaN(empty.nll)).toBe(true);
  });

  it('rejects a batch with too few outputs', () => {
    expect(() => accuracyAndNll(new Float32Array(5), [0, 1], 3)).toThrow();
  });
});

describe('RunningMean', () => {
  it('averages with weights and resets', () => {
    const m = new RunningMean();
    expect(Number.isNaN(m.mean)).toBe(true);
    m.add(1, 3);
    m.add(5);
    expect(m.mean).toBe(2);
    expect(m.count).toBe(4);
    m.reset();
    m.add(7);
    expect(m.mean).toBe(7);
  });
});
