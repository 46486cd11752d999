/**
 * Reads ../shared/golden (the method reference's test vectors, beside the repository) through readGolden:
 * prox-OWL and the GrOWL penalty against prox_owl.json, reference/prox_owl_authors.json and growl_penalty.json.
 * Without that folder these tests fail with a message naming the missing path.
 */
import { describe, it, expect } from 'vitest';
import {
  growlPenalty,
  growlPenaltyFromNorms,
  layerCapZeroRows,
  owlWeights,
  proxLayerScales,
  proxOwl,
} from './growl';
import { kernelRows, rowNorms } from './kernel';
import { Rng } from './random';
import { readGolden } from './testing/golden';

const golden = (name: string) => readGolden<{ cases: unknown }>(name);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tol) {
      throw new Error(`entry ${i}: ${actual[i]} vs expected ${expected[i]} (tol ${tol})`);
    }
  }
}

/** ½‖x − z‖² + Σ_j w_j |x|_[j]: the objective the prox minimises. */
function proxObjective(x: ArrayLike<number>, z: ArrayLike<number>, w: ArrayLike<number>): number {
  let quad = 0;
  for (let i = 0; i < z.length; i++) quad += 0.5 * (x[i] - z[i]) ** 2;
  const sorted = Array.from(x, Math.abs).sort((a, b) => b - a);
  return quad + sorted.reduce((s, v, j) => s + w[j] * v, 0);
}

function randomWeights(rng: Rng, p: number): Float64Array {
  const w = Float64Array.from({ length: p }, () => rng.next() * 0.8);
  return w.sort().reverse();
}

describe('proxOwl', () => {
  const proxCases = golden('prox_owl.json').cases as { z: number[]; w: number[]; expected: number[] }[];
  it.each(proxCases.map((c, i) => [i, c] as const))('matches golden prox_owl.json case %i', (_i, c) => {
    expectClose(proxOwl(c.z, c.w), c.expected, 1e-9);
  });

  const authorCases = golden('reference/prox_owl_authors.json').cases as {
    id: number;
    desc: string;
    z: number[];
    mu: number[];
    expected_exact: number[];
  }[];
  it.each(authorCases.map((c) => [c.id, c.desc, c] as const))(
    'matches the exact prox of reference case %i (%s)',
    (_id, _desc, c) => {
      expectClose(proxOwl(c.z, c.mu), c.expected_exact, 1e-9);
    },
  );

  it('is the identity for zero weights', () => {
    const rng = new Rng(7);
    const z = Float64Array.from({ length: 25 }, () => rng.normal());
    expectClose(proxOwl(z, new Float64Array(25)), z, 0);
  });

  it('is soft-thresholding for uniform weights', () => {
    const z = [3, -0.5, 1.2, -2, 0.1];
    expectClose(proxOwl(z, [1, 1, 1, 1, 1]), [2, 0, 0.2, -1, 0], 1e-15);
  });

  it('pools entries whose shifted values violate the order (hand case)', () => {
    // s = [3, 2.9], w = [1, 0] → v = [2, 2.9] violates the order → both become the mean 2.45.
    expectClose(proxOwl([-2.9, 3], [1, 0]), [-2.45, 2.45], 1e-15);
  });

  it('minimises the prox objective on random cases (no random perturbation does better)', () => {
    const rng = new Rng(1234);
    for (let trial = 0; trial < 60; trial++) {
      const p = 1 + rng.int(30);
      const z = Float64Array.from({ length: p }, () => (rng.next() < 0.15 ? 0 : rng.normal()));
      if (p > 3 && trial % 3 === 0) z[1] = -z[0]; // ties in |z|
      const w = randomWeights(rng, p);
      const x = proxOwl(z, w);
      const best = proxObjective(x, z, w);
      for (let k = 0; k < 200; k++) {
        const scale = [1e-1, 1e-3, 1e-6][k % 3];
        const y = Float64Array.from(x, (v) => v + scale * rng.normal());
        expect(proxObjective(y, z, w)).toBeGreaterThanOrEqual(best - 1e-12);
      }
    }
  });

  it('satisfies the OWL prox optimality conditions on random cases', () => {
    // Characterisation: x = prox(z) iff z − x is in the subdifferential of the OWL norm at x. Checked through
    // its consequences: |x| keeps the order of |z|, signs agree, and for every prefix of the sorted order the
    // sum of (|z| − |x|) is ≤ the sum of the first weights, with equality at the end of each block of
    // non-zero equal magnitudes.
    const rng = new Rng(99);
    for (let trial = 0; trial < 100; trial++) {
      const p = 2 + rng.int(40);
      const z = Float64Array.from({ length: p }, () => rng.normal() * 2);
      const w = randomWeights(rng, p);
      const x = proxOwl(z, w);
      const order = Array.from({ length: p }, (_, i) => i).sort((a, b) => Math.abs(z[b]) - Math.abs(z[a]));
      let prefixResidual = 0;
      let prefixWeight = 0;
      for (let j = 0; j < p; j++) {
        const i = order[j];
        expect(x[i] * z[i]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(x[i])).toBeLessThanOrEqual(Math.abs(z[i]) + 1e-12);
        if (j > 0) expect(Math.abs(x[i])).toBeLessThanOrEqual(Math.abs(x[order[j - 1]]) + 1e-12);
        prefixResidual += Math.abs(z[i]) - Math.abs(x[i]);
        prefixWeight += w[j];
        expect(prefixResidual).toBeLessThanOrEqual(prefixWeight + 1e-9);
        const endOfBlock = j === p - 1 || Math.abs(Math.abs(x[order[j + 1]]) - Math.abs(x[i])) > 1e-12;
        if (Math.abs(x[i]) > 0 && endOfBlock) expect(prefixResidual).toBeCloseTo(prefixWeight, 9);
      }
    }
  });
});

describe('GrOWL penalty', () => {
  const cases = golden('growl_penalty.json').cases as {
    layout: string;
    shape: number[];
    kernel: number[];
    rows: number[][];
    theta_kind: 'spike' | 'linear' | 'dejiao';
    theta: number[];
    expected: number;
  }[];

  it.each(cases.map((c, i) => [i, c.layout, c] as const))('golden case %i (%s)', (_i, _layout, c) => {
    const p = c.rows.length;
    // The θ family reproduces the golden weights.
    expectClose(owlWeights(c.theta_kind, p), c.theta, 1e-12);
    // kernel.ts reads the same rows out of the flat TF.js kernel.
    const rows = kernelRows({ shape: c.shape, values: c.kernel });
    expect(rows.length).toBe(p);
    rows.forEach((r, i) => expectClose(r, c.rows[i], 0));
    // The penalty from rows and from the norms of the flat kernel.
    expect(growlPenalty(c.rows, c.theta)).toBeCloseTo(c.expected, 10);
    expect(growlPenaltyFromNorms(rowNorms({ shape: c.shape, values: c.kernel }), c.theta)).toBeCloseTo(c.expected, 10);
  });

  it('pairs the largest weight with the largest norm (hand case)', () => {
    // norms 3-4-5 row → 5, row of 1s length 4 → 2, zero row → 0; θ = spike(0.8, 0.2) = [1, 0.2, 0.2].
    const rows = [[1, 1, 1, 1], [0, 0, 0, 0], [3, 4, 0, 0]];
    expect(growlPenalty(rows, [1, 0.2, 0.2])).toBeCloseTo(5 * 1 + 2 * 0.2 + 0, 14);
    expect(growlPenaltyFromNorms([2, 0, 5], [1, 0.5, 0.25])).toBeCloseTo(5 + 1 + 0, 14);
  });

  it('computes the θ families by hand', () => {
    expectClose(owlWeights('spike', 4), [1, 0.2, 0.2, 0.2], 1e-15);
    expectClose(owlWeights('spike', 3, 0.5, 0.1), [0.6, 0.1, 0.1], 1e-15);
    // linear, p = 4: 0.8 + 0.2·(4 − j)/4 → 0.95, 0.9, 0.85, 0.8
    expectClose(owlWeights('linear', 4), [0.95, 0.9, 0.85, 0.8], 1e-15);
    // dejiao, p = 5: q = 2 → 0.8 + 0.2·2, 0.8 + 0.2·1, then β2
    expectClose(owlWeights('dejiao', 5), [1.2, 1.0, 0.2, 0.2, 0.2], 1e-15);
    expectClose(owlWeights('dejiao', 1), [0.2], 1e-15);
    expect(owlWeights('linear', 0).length).toBe(0);
  });
});

describe('proxLayerScales', () => {
  it('without a binding cap scales every row by x_i / n_i', () => {
    const norms = [3, 0.5, 2, 0, 1];
    const theta = [0.6, 0.4, 0.4, 0.4, 0.4];
    const x = proxOwl(norms, theta);
    const s = proxLayerScales(norms, theta, 5);
    norms.forEach((n, i) => expect(s[i]).toBeCloseTo(n === 0 ? 0 : x[i] / n, 15));
    // By hand: sorted norms 3, 2, 1, 0.5, 0 minus θ = 2.4, 1.6, 0.6, 0.1, −0.4 (already ordered) → clip.
    expectClose(s, [2.4 / 3, 0.1 / 0.5, 1.6 / 2, 0, 0.6], 1e-15);
  });

  it('keeps the smallest pre-prox norms zeroed and restores the rest when the cap binds (hand case)', () => {
    // Uniform θ = 1 → soft-thresholding by 1: norms ≤ 1 would all become zero.
    const norms = [0.9, 0, 0.3, 2, 0.3, 0.95, 4];
    const theta = new Float64Array(7).fill(1);
    // The prox would zero rows 0, 1, 2, 4, 5 (five rows). Cap 3: row 1 (already zero) and the two 0.3 rows
    // (ties by index: 2 then 4) stay zero; rows 0 and 5 are restored with scale 1.
    const s = proxLayerScales(norms, theta, 3);
    expect(Array.from(s)).toEqual([1, 0, 0, 0.5, 0, 1, 0.75]);
    // Cap 2: the tie between the two 0.3 rows goes to the lower index.
    expect(Array.from(proxLayerScales(norms, theta, 2))).toEqual([1, 0, 0, 0.5, 1, 1, 0.75]);
    // Cap 1: only the already-zero row stays zero.
    expect(Array.from(proxLayerScales(norms, theta, 1))).toEqual([1, 0, 1, 0.5, 1, 1, 0.75]);
    // Cap 0: already-zero rows cannot be restored and still count as zero; everything else restored.
    expect(Array.from(proxLayerScales(norms, theta, 0))).toEqual([1, 0, 1, 0.5, 1, 1, 0.75]);
    // Cap 4: tie between the two 0.3 rows no longer matters, 0.9 is the next smallest.
    expect(Array.from(proxLayerScales(norms, theta, 4))).toEqual([0, 0, 0, 0.5, 0, 1, 0.75]);
  });
});

describe('layerCapZeroRows', () => {
  it('rises linearly to max_layer_sparsity at the last search iteration', () => {
    expect([0, 1, 2].map((it) => layerCapZeroRows(10, it, 3, 0.8))).toEqual([2, 5, 8]);
    expect([0, 1, 2].map((it) => layerCapZeroRows(50, it, 3, 0.3))).toEqual([5, 10, 15]);
    // 0.3 · (1/3) · 10 is 0.9999999999999999 in floating point: the cap must still be 1 row, not 0.
    expect([0, 1, 2].map((it) => layerCapZeroRows(10, it, 3, 0.3))).toEqual([1, 2, 3]);
    expect(layerCapZeroRows(25, 6, 10, 0.8)).toBe(14); // 13.999999999999998 before the tolerance
    expect(layerCapZeroRows(10, 7, 3, 0.8)).toBe(8); // past the end: the final cap
    expect(layerCapZeroRows(10, 0, 3, 0)).toBe(0);
    expect(layerCapZeroRows(0, 2, 3, 0.8)).toBe(0);
  });
});
