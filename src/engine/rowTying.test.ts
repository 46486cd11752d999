import { describe, it, expect } from 'vitest';
import { clusterLayerRows, tieGather, tieRows } from './rowTying';
import { rowMetrics } from './metrics';
import { kernelRows, rowLayout } from './kernel';
import { Rng } from './random';

/** Labels renumbered by first appearance (−1 kept), so partitions compare independently of numbering. */
function canonical(labels: ArrayLike<number>): number[] {
  const seen = new Map<number, number>();
  return Array.from(labels, (l) => {
    if (l < 0) return -1;
    if (!seen.has(l)) seen.set(l, seen.size);
    return seen.get(l) as number;
  });
}

describe('clusterLayerRows', () => {
  it('clusters near-parallel dense rows and leaves zero rows out (hand case)', async () => {
    const rows = [
      [1, 0, 0],
      [0.95, 0.05, 0],
      [0, 0, 0],
      [0, 1, 0],
      [0, 0.9, 0.1],
      [0, 0, 0],
    ];
    const labels = await clusterLayerRows({ shape: [6, 3], values: rows.flat() }, 0.7);
    expect(canonical(labels)).toEqual([0, 0, -1, 1, 1, -1]);
  });

  it('reads conv rows as input channels', async () => {
    // [kh=1, kw=2, in=4, out=2]; channels 0 and 2 are equal, channel 1 is zero, channel 3 is orthogonal.
    const channel = [
      [1, 2, 3, 4],
      [0, 0, 0, 0],
      [1, 2, 3, 4],
      [4, -3, 2, -1.5],
    ];
    const values = new Float32Array(1 * 2 * 4 * 2);
    for (let w = 0; w < 2; w++) {
      for (let i = 0; i < 4; i++) for (let o = 0; o < 2; o++) values[(w * 4 + i) * 2 + o] = channel[i][w * 2 + o];
    }
    const kernel = { shape: [1, 2, 4, 2], values };
    expect(kernelRows(kernel).map((r) => Array.from(r))).toEqual(channel);
    expect(canonical(await clusterLayerRows(kernel, 0.8))).toEqual([0, -1, 0, 1]);
  });

  it('returns all −1 for an entirely zero layer and a single cluster for one live row', async () => {
    expect(Array.from(await clusterLayerRows({ shape: [3, 2], values: new Float32Array(6) }, 0.7))).toEqual([-1, -1, -1]);
    expect(Array.from(await clusterLayerRows({ shape: [3, 2], values: [0, 0, 0.5, -1, 0, 0] }, 0.7))).toEqual([-1, 0, -1]);
  });

  it('finds planted clusters in a larger layer', async () => {
    const rng = new Rng(21);
    const protos = Array.from({ length: 5 }, () => Array.from({ length: 12 }, () => rng.normal()));
    const truth: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 7 === 3) {
        truth.push(-1);
        values.push(...new Array(12).fill(0));
        continue;
      }
      const k = rng.int(5);
      truth.push(k);
      values.push(...protos[k].map((v) => v * (1 + 0.02 * rng.normal()) + 0.02 * rng.normal()));
    }
    expect(canonical(await clusterLayerRows({ shape: [60, 12], values }, 0.7))).toEqual(canonical(truth));
  });
});

describe('tieRows', () => {
  it('sets zero-labelled rows to 0 and cluster rows to their mean (dense hand case)', () => {
    const kernel = { shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8] };
    const tied = tieRows(kernel, Int32Array.from([0, -1, 0, 1]));
    expect(tied).toBeInstanceOf(Float32Array);
    expect(Array.from(tied)).toEqual([3, 4, 0, 0, 3, 4, 7, 8]);
    // The input is not modified.
    expect(kernel.values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('ties conv rows by input channel (conv hand case)', () => {
    // [kh=2, kw=1, in=3, out=1] flat = [h0 c0, h0 c1, h0 c2, h1 c0, h1 c1, h1 c2]:
    // channel rows c0 = [1, 4], c1 = [2, 5], c2 = [3, 6]. Tie c0 with c1 (mean [1.5, 4.5]), zero c2.
    const tied = tieRows({ shape: [2, 1, 3, 1], values: [1, 2, 3, 4, 5, 6] }, Int32Array.from([0, 0, -1]));
    expect(Array.from(tied)).toEqual([1.5, 1.5, 0, 4.5, 4.5, 0]);
  });

  it('leaves exactly one unique row per cluster (checked with rowMetrics)', () => {
    const rng = new Rng(4);
    const shape = [3, 3, 10, 4];
    const values = Float32Array.from({ length: 3 * 3 * 10 * 4 }, () => rng.normal());
    const labels = Int32Array.from([2, 0, -1, 1, 0, 2, 2, -1, 1, 0]);
    const tied = tieRows({ shape, values }, labels);
    const m = rowMetrics([{ shape, values: tied }]);
    expect([m.totalRows, m.zeroRows, m.uniqueRows]).toEqual([10, 2, 3 + 1]);
    // Tying is idempotent: the mean of equal rows is that row.
    expect(tieRows({ shape, values: tied }, labels)).toEqual(tied);
  });

  it('rejects labels of the wrong length', () => {
    expect(() => tieRows({ shape: [2, 2], values: [1, 2, 3, 4] }, Int32Array.from([0]))).toThrow();
  });
});

describe('tieGather', () => {
  it('lists each cluster once, in row order; a zero row has no members; a run without labels keeps its rows', () => {
    const gather = tieGather([Int32Array.from([1, -1, 0, 1]), null], 4);
    expect(Array.from(gather.members)).toEqual([2, 0, 3, 0, 1, 2, 3]);
    expect(Array.from(gather.clusterStart)).toEqual([1, 0, 0, 1, 3, 4, 5, 6]);
    expect(Array.from(gather.clusterSize)).toEqual([2, 0, 1, 2, 1, 1, 1, 1]);
  });

  it('gathered means (float64, as the program reads them) are tieRows for every run, dense and conv', () => {
    const rng = new Rng(11);
    for (const shape of [[10, 3], [3, 3, 10, 4]]) {
      const { rows, inner, outer } = rowLayout(shape);
      const size = shape.reduce((a, b) => a * b, 1);
      const runs = [Int32Array.from([2, 0, -1, 1, 0, 2, 2, -1, 1, 0]), null, Int32Array.from({ length: rows }, () => -1)];
      const values = runs.map(() => Float32Array.from({ length: size }, () => rng.normal()));
      const gather = tieGather(runs, rows);
      runs.forEach((labels, k) => {
        const gathered = new Float32Array(size);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < rows; i++) {
            for (let c = 0; c < inner; c++) {
              const n = gather.clusterSize[k * rows + i];
              let sum = 0;
              for (let j = 0; j < n; j++) sum += values[k][(o * rows + gather.members[gather.clusterStart[k * rows + i] + j]) * inner + c];
              gathered[(o * rows + i) * inner + c] = n === 0 ? 0 : sum / n;
            }
          }
        }
        expect(gathered).toEqual(labels ? tieRows({ shape, values: values[k] }, labels) : values[k]);
      });
    }
  });

  it('rejects labels of the wrong length', () => {
    expect(() => tieGather([Int32Array.from([0])], 2)).toThrow(/1 labels for 2 rows/);
  });
});
