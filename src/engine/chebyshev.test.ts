/**
 * Reads ../shared/golden (the method reference's test vectors, beside the repository) through readGolden:
 * the reference Augmented Lagrangian against reference/chebyshev_al_reference.json.
 * Without that folder these tests fail with a message naming the missing path.
 */
import { describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { augmentedLagrangian, augmentedLagrangianTensor, chebyshevConstraints, chebyshevConstraintsTensor, lagrangianGradients, MU_RANGE, penaltyInRange, updateMultipliers } from './chebyshev';
import { type AlVariant } from '../experiment/choices';
import { Rng } from './random';
import { readGolden } from './testing/golden';

interface GoldenCase {
  id: number;
  inputs: { f: number[]; w: number[]; a: number[]; epsilon: number; t: number; lmbd: number[]; mu: number };
  expected: {
    constraints: number[];
    augmented_lagrangian: number;
    grad_AL_wrt_t: number;
    grad_AL_wrt_f: number[];
    lambda_update_if_this_were_the_summed_C: number[];
  };
}

const golden = readGolden<{ cases: GoldenCase[] }>('reference/chebyshev_al_reference.json');

function closeRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('reference variant against the authors’ code', () => {
  for (const g of golden.cases) {
    it(`case ${g.id}: constraints, AL value, gradients, multiplier update`, () => {
      const { f, w, a, epsilon, t, lmbd, mu } = g.inputs;
      const c = chebyshevConstraints({ f, k: w, a, epsilon, t });
      c.forEach((v, i) => closeRel(v, g.expected.constraints[i], 1e-12));
      closeRel(augmentedLagrangian('reference', t, c, lmbd, mu), g.expected.augmented_lagrangian, 1e-12);
      const grads = lagrangianGradients('reference', c, lmbd, mu, w, epsilon);
      // The golden gradients were computed by PyTorch in float32 (the values carry ~1e-8 relative noise).
      closeRel(grads.dt, g.expected.grad_AL_wrt_t, 1e-6);
      grads.df.forEach((v, i) => closeRel(v, g.expected.grad_AL_wrt_f[i], 1e-6));
      const updated = updateMultipliers('reference', { lambda: lmbd, mu }, c, { rho: 2, muMax: Infinity });
      updated.lambda.forEach((v, i) => closeRel(v, g.expected.lambda_update_if_this_were_the_summed_C[i], 1e-7));
      expect(updated.mu).toBe(2 * mu);
    });
  }
});

describe('PHR variant', () => {
  it('is t when every constraint is inactive with zero multipliers, and penalises violations quadratically', () => {
    const lambda = [0, 0, 0];
    expect(augmentedLagrangian('phr', 0.5, [-1, -2, -0.1], lambda, 10)).toBe(0.5);
    // one violated constraint c = 0.3 with λ = 0: (1/2μ)·(μc)² = μc²/2
    expect(augmentedLagrangian('phr', 0.5, [0.3, -2, -0.1], lambda, 10)).toBeCloseTo(0.5 + (10 * 0.09) / 2, 12);
  });

  it('projects multipliers onto λ ≥ 0 and caps μ', () => {
    const next = updateMultipliers('phr', { lambda: [0.1, 0.5, 0.2], mu: 8e3 }, [-1, 0.001, 0], { rho: 2, muMax: 1e4 });
    expect(next.lambda[0]).toBe(0);
    expect(next.lambda[1]).toBeCloseTo(0.5 + 8, 12);
    expect(next.lambda[2]).toBe(0.2);
    expect(next.mu).toBe(1e4);
  });

  it('keeps μ where float32 holds the penalty: a growth ρ at an extreme stops at MU_RANGE', () => {
    let reference = { lambda: [0.5, 0.5], mu: 1e-3 };
    for (let i = 0; i < 20; i++) reference = updateMultipliers('reference', reference, [0, 0], { rho: 1000, muMax: Infinity });
    expect(reference.mu).toBe(MU_RANGE.max);
    let phr = { lambda: [0.5, 0.5], mu: 1 };
    for (let i = 0; i < 12; i++) phr = updateMultipliers('phr', phr, [0, 0], { rho: 1e-4, muMax: 1e4 });
    expect(phr.mu).toBe(MU_RANGE.min);
    // A μ₀ the registry allows below the range (any μ₀ > 0) starts at its end.
    expect(penaltyInRange(1e-39)).toBe(MU_RANGE.min);
    expect(penaltyInRange(2.5e-8)).toBe(2.5e-8);
    // At the ends the PHR penalty of a moderate violation is a float32 number.
    const atEnds = [MU_RANGE.min, MU_RANGE.max].map((mu) => Math.fround(augmentedLagrangian('phr', 0.5, [0.3, -2, -0.1], [0.3, 0.3, 0.4], mu)));
    expect(atEnds.every(Number.isFinite)).toBe(true);
  });

  it('analytic gradients match central finite differences in (t, f)', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 50; trial++) {
      const variant: AlVariant = trial % 2 === 0 ? 'phr' : 'reference';
      const f = [rng.next() * 5, rng.next() * 3, rng.next() * 3];
      const k = Array.from(rng.dirichlet1(3));
      const lambda = [rng.next(), rng.next(), rng.next()];
      const mu = 0.1 + rng.next() * 5;
      const t = rng.next() * 2 - 0.5;
      const L = (ff: number[], tt: number) => augmentedLagrangian(variant, tt, chebyshevConstraints({ f: ff, k, t: tt }), lambda, mu);
      const c = chebyshevConstraints({ f, k, t });
      const { dt, df } = lagrangianGradients(variant, c, lambda, mu, k);
      const h = 1e-6;
      closeRel(dt, (L(f, t + h) - L(f, t - h)) / (2 * h), 1e-5);
      for (let i = 0; i < 3; i++) {
        const up = [...f];
        const down = [...f];
        up[i] += h;
        down[i] -= h;
        closeRel(df[i], (L(up, t) - L(down, t)) / (2 * h), 1e-5);
      }
    }
  });
});

describe('tensor forms', () => {
  it('equal the float64 forms, and TF.js gradients equal the analytic ones', async () => {
    await tf.setBackend('cpu');
    for (const variant of ['phr', 'reference'] as const) {
      const f = [3.2, 0.7, 1.1];
      const k = [0.2, 0.3, 0.5];
      const lambda = [0.4, 0.1, 0.9];
      const mu = 2;
      const t = 0.45;
      const c = chebyshevConstraints({ f, k, t });
      const expectedL = augmentedLagrangian(variant, t, c, lambda, mu);
      const { dt, df } = lagrangianGradients(variant, c, lambda, mu, k);
      const [gf, gt] = tf.grads((fT: tf.Tensor, tT: tf.Tensor) =>
        augmentedLagrangianTensor(variant, tT, chebyshevConstraintsTensor(fT as tf.Tensor1D, tf.tensor1d(k), tf.zeros([3]), tT), tf.tensor1d(lambda), mu),
      )([tf.tensor1d(f), tf.scalar(t)]);
      const L = augmentedLagrangianTensor(variant, tf.scalar(t), chebyshevConstraintsTensor(tf.tensor1d(f), tf.tensor1d(k), tf.zeros([3]), tf.scalar(t)), tf.tensor1d(lambda), mu);
      closeRel((await L.data())[0], expectedL, 1e-6);
      closeRel((await gt.data())[0], dt, 1e-5);
      const gfv = await gf.data();
      df.forEach((v, i) => closeRel(gfv[i], v, 1e-5));
    }
  });
});
