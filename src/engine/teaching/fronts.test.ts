/**
 * The teaching problems' exact fronts: closed form (Fonseca–Fleming) and enumeration (width transition) are
 * checked against random parameters — no model may beat the front — and for the width problem the collapse to
 * one point exactly when q ≥ k.
 */
import { describe, expect, it } from 'vitest';
import { diameter, distanceToFront, dominates, nonDominatedIndices } from '../pareto';
import { Rng } from '../random';
import { fonsecaFlemingStart } from './fonsecaFleming';
import { fonsecaFlemingChebyshevPoint, fonsecaFlemingFront, fonsecaFlemingFrontPoint } from './fonsecaFlemingFront';
import { DEFAULT_PROBLEMS } from './config';
import type { WidthTransitionSpec } from './types';
import { widthChebyshevPoint } from './widthChebyshev';
import { gramRank, semiDefiniteCholesky, widthFront } from './widthFront';
import { taskGram, widthData } from './widthData';

/** f of Fonseca–Fleming at x, in float64. */
function fonsecaFleming(x: number[]): number[] {
  const c = 1 / Math.sqrt(x.length);
  const s1 = x.reduce((s, v) => s + (v - c) ** 2, 0);
  const s2 = x.reduce((s, v) => s + (v + c) ** 2, 0);
  return [1 - Math.exp(-s1), 1 - Math.exp(-s2)];
}

/** Largest amount by which a point beats the front in every objective at once (≤ 0: it does not). */
function beatsFrontBy(p: number[], front: number[][]): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (const q of front) worst = Math.max(worst, Math.min(...q.map((v, i) => v - p[i])));
  return worst;
}

describe('Fonseca–Fleming exact front', () => {
  it('is the image of x_i = t, t ∈ [−1/√n, 1/√n], mutually non-dominated and concave', () => {
    const front = fonsecaFlemingFront(401);
    expect(nonDominatedIndices(front)).toHaveLength(front.length);
    for (const n of [2, 3, 5]) {
      for (const t of [-1, -0.3, 0, 0.8, 1].map((u) => u / Math.sqrt(n))) {
        const f = fonsecaFleming(new Array(n).fill(t));
        expect(distanceToFront([f], front).max).toBeLessThan(2e-3);
      }
    }
    expect(fonsecaFlemingFrontPoint(1)[0]).toBe(0);
    expect(fonsecaFlemingFrontPoint(-1)[1]).toBe(0);
    // Concave: the chord between the ends lies below the front's midpoint (the weighted sum prefers the ends).
    const [a, mid, b] = [fonsecaFlemingFrontPoint(-1), fonsecaFlemingFrontPoint(0), fonsecaFlemingFrontPoint(1)];
    expect(mid[0] + mid[1]).toBeGreaterThan(a[0] + a[1]);
    expect(mid[0] + mid[1]).toBeGreaterThan(b[0] + b[1]);
  });

  it('no random x beats the front', () => {
    const front = fonsecaFlemingFront();
    const rng = new Rng(5);
    for (let trial = 0; trial < 400; trial++) {
      const n = 2 + (trial % 3);
      const x = Array.from({ length: n }, () => (rng.next() * 2 - 1) * 1.5);
      expect(beatsFrontBy(fonsecaFleming(x), front)).toBeLessThan(1e-3);
    }
  });

  it('Chebyshev points: equal weighted objectives on the front, ends for one-hot preferences', () => {
    for (const k1 of [0.1, 0.3, 0.5, 0.8]) {
      const p = fonsecaFlemingChebyshevPoint([k1, 1 - k1], [0, 0], 0);
      expect(k1 * p[0]).toBeCloseTo((1 - k1) * p[1], 8);
    }
    expect(fonsecaFlemingChebyshevPoint([1, 0])[0]).toBeCloseTo(0, 6);
    expect(fonsecaFlemingChebyshevPoint([0, 1])[1]).toBeCloseTo(0, 6);
  });

  it('starts off the front, near the middle of the Pareto set', () => {
    const x = Array.from(fonsecaFlemingStart(3, 1));
    const u = x.reduce((a, b) => a + b, 0) / Math.sqrt(3);
    expect(Math.abs(u)).toBeLessThanOrEqual(0.05);
    expect(distanceToFront([fonsecaFleming(x)], fonsecaFlemingFront()).max).toBeGreaterThan(0.1);
  });
});

describe('width phase transition exact front', () => {
  const spec = (tasks: number, width: number, similarity = 0.5): WidthTransitionSpec => ({ ...(DEFAULT_PROBLEMS.width as WidthTransitionSpec), tasks, width, similarity });
  const frontOf = (s: WidthTransitionSpec, seed = 1) => widthFront({ gram: taskGram(s, widthData(s, seed)), width: s.width });

  it('collapses to one point (diameter < 1e-3) exactly when q ≥ k', () => {
    for (const [tasks, width] of [[2, 2], [2, 3], [3, 3], [3, 4]]) expect(diameter(frontOf(spec(tasks, width)))).toBeLessThan(1e-3);
    for (const [tasks, width] of [[2, 1], [3, 1], [3, 2]]) expect(diameter(frontOf(spec(tasks, width)))).toBeGreaterThan(0.1);
    // Identical tasks (similarity 1) need only one direction: no trade-off even at q = 1.
    expect(diameter(frontOf(spec(2, 1, 1)))).toBeLessThan(1e-3);
  });

  it('q < k: the ends fit one task exactly, and no random model beats the front', () => {
    for (const [tasks, width] of [[2, 1], [3, 1], [3, 2]]) {
      const s = spec(tasks, width);
      const data = widthData(s, 1);
      const front = frontOf(s);
      expect(front.every((p) => p.every((v) => v >= 0))).toBe(true);
      expect(Math.min(...front.map((p) => p[0]))).toBeLessThan(1e-9);
      // Random W, A: f_i = mean over rows of (x W a_i − y_i)².
      const rng = new Rng(7);
      const { samples: n, inputDimension: d } = s;
      for (let trial = 0; trial < 60; trial++) {
        const W = Array.from({ length: d * width }, () => rng.normal());
        const A = Array.from({ length: width * tasks }, () => rng.normal() * 0.3);
        const f = new Array<number>(tasks).fill(0);
        for (let r = 0; r < n; r++) {
          for (let i = 0; i < tasks; i++) {
            let prediction = 0;
            for (let j = 0; j < width; j++) {
              let h = 0;
              for (let c = 0; c < d; c++) h += data.inputs[r * d + c] * W[c * width + j];
              prediction += h * A[j * tasks + i];
            }
            f[i] += (prediction - data.targets[r * tasks + i]) ** 2 / n;
          }
        }
        expect(beatsFrontBy(f, front)).toBeLessThan(1e-6);
        expect(front.some((p) => dominates(f, p))).toBe(false);
      }
    }
  });

  it('k = 2, q = 1 (the default problem): the front reaches its closed-form ends, and its Chebyshev point is where f_1 = f_2', () => {
    const s = spec(2, 1);
    const gram = taskGram(s, widthData(s, 1));
    // Pins the default data (seed 1) the numbers below were checked on.
    [[0.66675408, 0.36334813], [0.36334813, 1.29762496]].forEach((row, i) => row.forEach((g, j) => expect(gram[i][j]).toBeCloseTo(g, 8)));
    const [[g11, g12], [, g22]] = gram;
    // With predictor β = w a, w = cos φ b_1 + sin φ b_2 and ⟨u, v⟩ = uᵀΣv: f_i(φ) = G_ii − ⟨w, b_i⟩² / ⟨w, w⟩.
    // w ∥ b_1 fits task 1 exactly and leaves task 2 G_22 − G_12²/G_11; w ∥ b_2 the other way round.
    const fOf = (phi: number) => {
      const [c, sn] = [Math.cos(phi), Math.sin(phi)];
      const wb = [c * g11 + sn * g12, c * g12 + sn * g22];
      const ww = c * c * g11 + 2 * c * sn * g12 + sn * sn * g22;
      return [g11 - wb[0] ** 2 / ww, g22 - wb[1] ** 2 / ww];
    };
    const front = widthFront({ gram, width: 1 });
    const end1 = front.reduce((a, p) => (p[0] < a[0] ? p : a));
    const end2 = front.reduce((a, p) => (p[1] < a[1] ? p : a));
    expect(g22 - g12 ** 2 / g11).toBeCloseTo(1.0996181256, 6);
    expect(g11 - g12 ** 2 / g22).toBeCloseTo(0.5650129237, 6);
    expect(Math.hypot(end1[0], end1[1] - (g22 - g12 ** 2 / g11))).toBeLessThan(2e-4);
    expect(Math.hypot(end2[0] - (g11 - g12 ** 2 / g22), end2[1])).toBeLessThan(2e-4);
    // Equal weights, a = 0: the Chebyshev point is the front's point with f_1 = f_2. G_12 > 0, so the Pareto-optimal
    // w lie between b_1 and b_2 (φ ∈ [0, π/2]), where f_1 − f_2 runs from negative to positive: bisect for it.
    expect(g12).toBeGreaterThan(0);
    let [lo, hi] = [0, Math.PI / 2];
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      const [f1, f2] = fOf(mid);
      if (f1 < f2) lo = mid;
      else hi = mid;
    }
    const equal = fOf(lo);
    expect(equal[0]).toBeCloseTo(0.2724468, 7);
    const point = widthChebyshevPoint({ gram, width: 1 }, [0.5, 0.5], [0, 0], 1e-4);
    point.forEach((v) => expect(v).toBeCloseTo(equal[0], 6));
  });

  it('semi-definite Cholesky reproduces G and finds its rank', () => {
    const gram = [[4, 2, 2], [2, 2, 1], [2, 1, 1]]; // rows 1 and 3 are proportional: rank 2
    const L = semiDefiniteCholesky(gram);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(L[i].reduce((s, v, p) => s + v * L[j][p], 0)).toBeCloseTo(gram[i][j], 12);
    expect(gramRank(gram)).toBe(2);
    expect(gramRank([[1, 0], [0, 1]])).toBe(2);
  });
});
