/**
 * Reads ../shared/golden (the method reference's test vectors, beside the repository) through readGolden:
 * Affinity Propagation against the clusterings of affinity_propagation.json.
 * Without that folder these tests fail with a message naming the missing path.
 */
import { describe, it, expect } from 'vitest';
import { affinityPropagation, affinityPropagationPausing, passMessages, rowSimilarity, rowSimilarityPausing, type ClusteringProgress } from './affinityPropagation';
import { NumpyLegacyNormal } from './numpyLegacyNormal';
import { Rng } from './random';
import { referenceMessages } from './testing/affinityMessagesReference';
import { readGolden } from './testing/golden';

const golden = (name: string) => readGolden<{ cases: unknown }>(name);

/** Labels renumbered by first appearance, so partitions compare independently of cluster numbering. */
function canonical(labels: ArrayLike<number>): number[] {
  const seen = new Map<number, number>();
  return Array.from(labels, (l) => {
    if (!seen.has(l)) seen.set(l, seen.size);
    return seen.get(l) as number;
  });
}

describe('rowSimilarity', () => {
  it('computes ⟨r_i, r_j⟩ / max(‖r_i‖², ‖r_j‖²) by hand', () => {
    const S = rowSimilarity([
      [1, 0],
      [2, 0],
      [0, 3],
      [0, 0],
      [0, 0],
    ]);
    const n = 5;
    expect(S[0 * n + 1]).toBe(0.5); // 2 / max(1, 4)
    expect(S[1 * n + 0]).toBe(0.5);
    expect(S[0 * n + 0]).toBe(1);
    expect(S[0 * n + 2]).toBe(0);
    expect(S[3 * n + 4]).toBe(1); // two zero rows: 0/0 → 1
    expect(S[3 * n + 3]).toBe(1);
    expect(S[0 * n + 3]).toBe(0); // zero row with a non-zero row: 0 / 1 (golden convention)
  });
});

describe('NumpyLegacyNormal', () => {
  it("reproduces numpy's RandomState(seed).standard_normal()", () => {
    // np.random.RandomState(0).standard_normal(7) and RandomState(123456789).standard_normal(3), numpy 2.4.
    const zero = new NumpyLegacyNormal(0);
    const expected0 = [
      1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675,
      -0.977277879876411, 0.9500884175255894,
    ];
    for (const v of expected0) expect(zero.next()).toBeCloseTo(v, 14);
    const other = new NumpyLegacyNormal(123456789);
    for (const v of [2.2129019979039612, 2.128397797652002, 1.8417114045748335]) expect(other.next()).toBeCloseTo(v, 14);
    // First MT19937 output for seed 0 (init_genrand), a classic check value.
    expect(new NumpyLegacyNormal(0).nextUint32()).toBe(2357136044);
  });
});

describe('affinityPropagation', () => {
  const cases = golden('affinity_propagation.json').cases as {
    rows: number[][];
    preference: number;
    similarity: number[][];
    labels: number[];
    centers: number[];
    converged: boolean;
    n_iter: number;
  }[];

  it.each(cases.map((c, i) => [i, c.rows.length, c.preference, c] as const))(
    'golden case %i (n = %i, preference %f)',
    (_i, n, _pref, c) => {
      // Our similarity matches the golden one.
      const S = rowSimilarity(c.rows);
      const flat = Float64Array.from(c.similarity.flat());
      for (let k = 0; k < n * n; k++) expect(Math.abs(S[k] - flat[k])).toBeLessThan(1e-12);

      // On the golden similarity matrix, with numpy's RandomState(0) noise, the port reproduces sklearn
      // exactly: labels, centers, iteration count.
      const before = Float64Array.from(flat);
      const r = affinityPropagation(flat, n, c.preference);
      expect(Array.from(r.labels)).toEqual(c.labels);
      expect(Array.from(r.centers)).toEqual(c.centers);
      expect(r.converged).toBe(c.converged);
      expect(r.iterations).toBe(c.n_iter);
      expect(flat).toEqual(before); // S is not modified

      // On our own similarity (it differs from numpy's BLAS products in the last bits) the partition is the
      // same; the exemplar of a cluster can change where two members tie exactly (any 2-member cluster).
      const ours = affinityPropagation(S, n, c.preference);
      expect(canonical(ours.labels)).toEqual(canonical(c.labels));
      ours.centers.forEach((center, k) => expect(ours.labels[center]).toBe(k));
    },
  );

  it('pausing: the same similarity, labels, centers and iterations bit for bit, a pause after every row and iteration; a pause that throws ends it', async () => {
    for (const c of cases) {
      const n = c.rows.length;
      const S = Float64Array.from(c.similarity.flat());
      let paused = 0;
      const said: ClusteringProgress[] = [];
      const r = await affinityPropagationPausing(S, n, c.preference, {}, async (at) => {
        paused++;
        said.push(at);
      });
      expect(r).toEqual(affinityPropagation(S, n, c.preference));
      // n = 1 and equal similarities take no iteration and no noise.
      if (r.iterations > 0) expect(paused).toBe(n + r.iterations - (r.converged ? 1 : 0));
      // Each pause says how far it got: the noise row by row, then the messages' iterations (of at most 200).
      const iterations = paused - (r.iterations > 0 ? n : 0);
      expect(said).toEqual([
        ...Array.from({ length: paused - iterations }, (_, i) => ({ stage: 'preparing', done: i + 1, of: n })),
        ...Array.from({ length: iterations }, (_, i) => ({ stage: 'messages', done: i + 1, of: 200 })),
      ]);
    }
    // The similarity pauses after every row, saying so.
    const { rows } = cases[0];
    const rowPauses: ClusteringProgress[] = [];
    expect(await rowSimilarityPausing(rows, async (at) => void rowPauses.push(at))).toEqual(rowSimilarity(rows));
    expect(rowPauses).toEqual(rows.map((_, i) => ({ stage: 'similarities', done: i + 1, of: rows.length })));
    const c = cases.find((g) => g.n_iter > 20) as (typeof cases)[number];
    let paused = 0;
    const stop = new Error('stopped');
    const ended = affinityPropagationPausing(Float64Array.from(c.similarity.flat()), c.rows.length, c.preference, {}, async () => {
      if (++paused === c.rows.length + 3) throw stop;
    });
    await expect(ended).rejects.toBe(stop);
    expect(paused).toBe(c.rows.length + 3);
  });

  it('returns sorted gapless labels whose exemplars label themselves', () => {
    const rng = new Rng(5);
    const protos = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => rng.normal()));
    const rows = Array.from({ length: 40 }, (_, i) => protos[i % 4].map((v) => v + 0.05 * rng.normal()));
    const r = affinityPropagation(rowSimilarity(rows), rows.length, 0.5);
    expect(r.converged).toBe(true);
    expect(canonical(r.labels)).toEqual(rows.map((_, i) => i % 4));
    for (let k = 0; k < r.centers.length; k++) {
      expect(r.labels[r.centers[k]]).toBe(k);
      if (k > 0) expect(r.centers[k]).toBeGreaterThan(r.centers[k - 1]);
    }
  });

  it('follows sklearn for a single point and for all-equal similarities', () => {
    expect(affinityPropagation(Float64Array.of(1), 1, 0.7)).toEqual({
      labels: Int32Array.of(0),
      centers: Int32Array.of(0),
      converged: true,
      iterations: 0,
    });
    const S = Float64Array.from([1, 0.3, 0.3, 0.3, 1, 0.3, 0.3, 0.3, 1]);
    // preference ≥ the common similarity: every point its own cluster; below it: one cluster, exemplar 0.
    expect(Array.from(affinityPropagation(S, 3, 0.5).labels)).toEqual([0, 1, 2]);
    const one = affinityPropagation(S, 3, 0.1);
    expect(Array.from(one.labels)).toEqual([0, 0, 0]);
    expect(Array.from(one.centers)).toEqual([0]);
  });

  it('labels everything −1 when no exemplar emerges', () => {
    // Dissimilar points with a very negative preference: after one iteration nobody is an exemplar yet, and
    // convergence cannot be declared before convergenceIter iterations.
    const S = Float64Array.from([1, -1, -2, -1, 1, -3, -2, -3, 1]);
    const r = affinityPropagation(S, 3, -100, { maxIter: 1 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(1);
    expect(Array.from(r.labels)).toEqual([-1, -1, -1]);
    expect(r.centers.length).toBe(0);
  });

  it('is deterministic and works without the noise too', () => {
    const rng = new Rng(11);
    const rows = Array.from({ length: 30 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const S = rowSimilarity(rows);
    expect(affinityPropagation(S, 30, 0.6)).toEqual(affinityPropagation(S, 30, 0.6));
    const quiet = affinityPropagation(S, 30, 0.6, { randomState: null });
    expect(quiet.centers.length).toBeGreaterThan(0);
    for (let k = 0; k < quiet.centers.length; k++) expect(quiet.labels[quiet.centers[k]]).toBe(k);
  });

  it('passes the messages of the plain loops, bit for bit: every availability, the exemplars, the iterations', () => {
    const rng = new Rng(8);
    // Clustered rows, exact duplicates (ties in every row's argmax), zero rows; with and without the noise; damped
    // lightly and heavily; stopped by convergence and by maxIter.
    const cases = [
      { n: 2, spread: 0.3, damping: 0.5, maxIter: 200, preference: 0.2 },
      { n: 37, spread: 0.3, damping: 0.5, maxIter: 200, preference: 0.7 },
      { n: 64, spread: 0, damping: 0.9, maxIter: 200, preference: -0.5 },
      { n: 150, spread: 1, damping: 0.5, maxIter: 12, preference: 0.1 },
      { n: 320, spread: 0.3, damping: 0.7, maxIter: 200, preference: 0.5 },
    ];
    for (const { n, spread, damping, maxIter, preference } of cases) {
      const protos = Array.from({ length: 6 }, () => Array.from({ length: 20 }, () => rng.normal()));
      const rows = Array.from({ length: n }, (_, i) => (i % 9 === 8 ? new Array<number>(20).fill(0) : protos[i % 6].map((v) => v + spread * rng.normal())));
      const S = rowSimilarity(rows);
      for (let i = 0; i < n; i++) S[i * n + i] = preference;
      for (const noisy of [false, true]) {
        const Sp = Float64Array.from(S);
        if (noisy) {
          const gauss = new NumpyLegacyNormal(0);
          for (let k = 0; k < n * n; k++) Sp[k] += (Number.EPSILON * Sp[k] + 1e-306) * gauss.next();
        }
        const fused = passMessages(Sp, n, damping, maxIter, 15);
        const plain = referenceMessages(Sp, n, damping, maxIter, 15);
        expect(fused.iterations).toBe(plain.iterations);
        expect(fused.converged).toBe(plain.converged);
        expect(fused.isExemplar).toEqual(plain.isExemplar);
        expect(fused.A).toEqual(plain.A);
      }
    }
  });

  it('rejects a wrongly sized matrix, a bad damping and values that are no similarities', () => {
    expect(() => affinityPropagation(new Float64Array(5), 2, 0.5)).toThrow();
    expect(() => affinityPropagation(new Float64Array(4), 2, 0.5, { damping: 0.3 })).toThrow();
    // A NaN (a diverged kernel's rows) or an overflowing value is said, not clustered into nonsense.
    expect(() => affinityPropagation(Float64Array.of(1, Number.NaN, 0.2, 1), 2, 0.5)).toThrow('similarity NaN at row 0, column 1');
    expect(() => affinityPropagation(Float64Array.of(1, 0.3, 0.2, 1), 2, Number.POSITIVE_INFINITY)).toThrow('the preference must be a number');
    // A NaN in a row reaches the check as a NaN similarity (not the 1 of two zero rows).
    const S = rowSimilarity([[1, 0], [Number.NaN, 1], [0, 0], [0, 0]]);
    expect(Number.isNaN(S[1])).toBe(true);
    expect(S[2 * 4 + 3]).toBe(1);
    expect(() => affinityPropagation(S, 4, 0.5)).toThrow('similarity NaN at row 0, column 1');
  });
});
