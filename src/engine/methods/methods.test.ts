/**
 * The methods on their own, without a network: each scalarized method's reported weights are the gradient of
 * its loss with respect to f; mirror descent keeps λ on the simplex; random weighting is seeded; the
 * online-to-batch average weights the non-dominated iterates by 1 + the number they dominate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { PER_PREFERENCE_METHOD_NAMES, type MethodName } from '../../experiment/choices';
import { defaultMethodConfig, type MethodConfigOf } from '../../experiment/config';
import { Rng } from '../random';
import { ChebyshevAlMethod } from './chebyshevAl';
import { ChebyshevMirrorDescentMethod } from './chebyshevMirrorDescent';
import { createMethod, OnlineToBatchAverage, type SettingsOf } from './index';
import { RandomWeightingMethod } from './randomWeighting';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function settings<M extends MethodName>(name: M, objectives = 3, own: Partial<MethodConfigOf<M>> = {}): SettingsOf<M> {
  const method = { ...defaultMethodConfig(name, 'phr', objectives), ...own } as MethodConfigOf<M>;
  return { method, referencePoint: new Array(objectives).fill(0.1), epsilon: 1e-4 };
}

describe('scalarized methods', () => {
  // (Pareto set learning is not a step at one preference: engine/psl has its own tests.)
  const scalarized = PER_PREFERENCE_METHOD_NAMES.filter((m) => m !== 'mgda');
  for (const name of scalarized) {
    it(`${name}: reported weights are ∂loss/∂f and the value is the loss`, async () => {
      const k = [0.2, 0.5, 0.3];
      const method = createMethod(settings(name), { objectives: 3, hasPenalty: true, preference: k, seed: 4 });
      if (method.gradientMode !== 'scalarized') throw new Error(`${name} is not scalarized`);
      const f = [1.7, 0.9, 1.3];
      method.beginStep();
      let readback: number[] = [];
      const { value, grads } = tf.tidy(() => {
        const fT = tf.tensor1d(f);
        const g = tf.grad((x: tf.Tensor) => {
          const out = method.loss(x as tf.Tensor1D);
          if (readback.length === 0) readback = out.readback.flatMap((r) => Array.from(r.dataSync()));
          return out.loss;
        })(fT);
        const v = method.loss(fT).loss;
        return { value: v.dataSync()[0], grads: Array.from(g.dataSync()) };
      });
      const after = tf.tidy(() => method.readbackAfterStep().flatMap((r) => Array.from(r.dataSync())));
      const readout = method.afterStep(f, [...readback, ...after]);
      expect(readout.value).toBeCloseTo(value, 5);
      readout.weights.forEach((w, i) => expect(w).toBeCloseTo(grads[i], 5));
      // Every method's prox weight is ∂loss/∂f_0 (the PHR AL's with a floor, tested below).
      expect(readout.penaltyWeight).toBeGreaterThanOrEqual(grads[0] - 1e-6);
      if (name !== 'chebyshev-al') expect(readout.penaltyWeight).toBeCloseTo(grads[0], 6);
      expect(readout.constraints).toHaveLength(3);
      method.dispose();
    });
  }

  it("PHR prox weight: the full ∂L/∂f_0 (ε-terms of the task constraints included), floored at λ0_0 k_0 (1 + ε)", () => {
    const k = [0.001, 0.2, 0.799];
    const s = settings('chebyshev-al', 3, { lambda0: [1 / 3, 1 / 3, 1 / 3], mu0: 2 });
    const method = createMethod(s, { objectives: 3, hasPenalty: true, preference: k, seed: 1 });
    const eps = s.epsilon;
    const floor = (1 / 3) * k[0] * (1 + eps);
    // c_0 slack (k_0 Ω < t: the paper's k_0 with Ω in the tens), task constraints active: ν_0 = 0, so SPEC's
    // i = 0 term alone would be 0; the ε-terms give ε Σ ν_i k_i, below the floor here.
    const slack = method.afterStep([50, 0.3, 0.2], [-0.5, 0.01, 0.05, 0.55]);
    const nu = [0, 1 / 3 + 2 * 0.01, 1 / 3 + 2 * 0.05];
    const trueWeight = eps * (nu[1] * k[1] + nu[2] * k[2]);
    expect(trueWeight).toBeLessThan(floor);
    expect(slack.penaltyWeight).toBeCloseTo(floor, 12);
    expect(slack.weights[0]).toBeCloseTo(trueWeight, 12);
    // c_0 strongly active: ν_0 = λ_0 + μ c_0 = 1/3 + 2·3, and the ε-terms add to it.
    const active = method.afterStep([3000, 0.3, 0.2], [3, 0.01, 0.05, 0.55]);
    const nu0 = 1 / 3 + 2 * 3;
    expect(active.penaltyWeight).toBeCloseTo(nu0 * k[0] * (1 + eps) + eps * (nu[1] * k[1] + nu[2] * k[2]), 12);
    expect(active.penaltyWeight).toBeGreaterThan(floor);
    method.dispose();
  });

  it('smooth Tchebycheff approaches the weighted max as μ_s shrinks', () => {
    const f = [0, 2, 1];
    const k = [0, 0.5, 0.5];
    const values = [1, 0.1, 0.01].map((smoothMu) => {
      const method = createMethod({ ...settings('smooth-tchebycheff', 3, { smoothMu }), referencePoint: [0, 0, 0] }, { objectives: 3, hasPenalty: true, preference: k, seed: 1 });
      return method.afterStep(f, []).value;
    });
    // max_i k_i f_i = 1; the bound μ_s log m shrinks with μ_s.
    values.forEach((v, i) => expect(v - 1).toBeLessThanOrEqual([1, 0.1, 0.01][i] * Math.log(3) + 1e-12));
    expect(values[2]).toBeCloseTo(1, 2);
  });

  it('smooth Tchebycheff: value and weights in closed form, the loss tensor agreeing (no autodiff involved)', () => {
    // k (f − a) = (0.32, 0.40, 0.36); over μ_s = 0.01 that is (32, 40, 36), so with the largest (40) taken out,
    // μ_s log Σ exp = 0.4 + 0.01 · ln(1 + e⁻⁸ + e⁻⁴) and the softmax is (e⁻⁸, 1, e⁻⁴) / (1 + e⁻⁸ + e⁻⁴).
    const k = [0.2, 0.5, 0.3];
    const f = [1.7, 0.9, 1.3];
    const method = createMethod(settings('smooth-tchebycheff', 3, { smoothMu: 0.01 }), { objectives: 3, hasPenalty: true, preference: k, seed: 1 });
    const z = 1 + Math.exp(-8) + Math.exp(-4);
    const expected = 0.4 + 0.01 * Math.log(z);
    expect(expected).toBeCloseTo(0.400184793, 9);
    const readout = method.afterStep(f, []);
    expect(readout.value).toBeCloseTo(expected, 12);
    [Math.exp(-8), 1, Math.exp(-4)].forEach((p, i) => expect(readout.weights[i]).toBeCloseTo((k[i] * p) / z, 12));
    if (method.gradientMode !== 'scalarized') throw new Error('smooth Tchebycheff is not scalarized');
    // The tensor loss in float32: the same value to float32's precision.
    const tensors = tf.memory().numTensors;
    const tensorValue = tf.tidy(() => method.loss(tf.tensor1d(f)).loss.dataSync()[0]);
    expect(tensorValue).toBeCloseTo(expected, 6);
    expect(tf.memory().numTensors).toBe(tensors);
    method.dispose();
  });
});

describe('Chebyshev-AL outer iteration (endOuterIteration)', () => {
  const alMethod = (variant: 'phr' | 'reference', own: Partial<MethodConfigOf<'chebyshev-al'>>) => {
    const s = settings('chebyshev-al', 3, { variant, lambda0: [1 / 3, 1 / 3, 1 / 3], ...own });
    const method = createMethod(s, { objectives: 3, hasPenalty: true, preference: [0.2, 0.3, 0.5], seed: 1 });
    if (!(method instanceof ChebyshevAlMethod)) throw new Error('not the Chebyshev-AL method');
    return method;
  };

  it('PHR: λ ← max(0, λ + μ · mean over the epoch of c), μ ← min(ρ μ, μ_max); the best-accuracy epoch is not read', () => {
    const method = alMethod('phr', { mu0: 1, rho: 2, muMax: 1e4 });
    // Means (−0.5, 0.1, 0.3): λ = max(0, 1/3 + (−0.5, 0.1, 0.3)).
    method.endOuterIteration({ epochConstraintSum: [-2, 0.4, 1.2], batchesPerEpoch: 4, bestAccuracyEpochConstraintSum: [9, 9, 9] });
    const first = method.state;
    [0, 1 / 3 + 0.1, 1 / 3 + 0.3].forEach((l, i) => expect(first.lambda[i]).toBeCloseTo(l, 14));
    expect(first.mu).toBe(2);
    // Means (0.2, −1, 0) at μ = 2: (0 + 0.4, 0.4333 − 2 → 0, 0.6333 + 0).
    method.endOuterIteration({ epochConstraintSum: [0.8, -4, 0], batchesPerEpoch: 4, bestAccuracyEpochConstraintSum: null });
    const second = method.state;
    [0.4, 0, 1 / 3 + 0.3].forEach((l, i) => expect(second.lambda[i]).toBeCloseTo(l, 14));
    expect(second.mu).toBe(4);
    method.dispose();
  });

  it('reference: λ ← λ + μ · Σ c over the best-accuracy epoch (unprojected), the last epoch when there is none; μ ← ρ μ', () => {
    const withBest = alMethod('reference', { mu0: 2.5e-8, rho: 2 });
    withBest.endOuterIteration({ epochConstraintSum: [1, 1, 1], batchesPerEpoch: 4, bestAccuracyEpochConstraintSum: [40, -8, 12] });
    // 2.5e-8 · (40, −8, 12) = (1e-6, −2e-7, 3e-7).
    [1 / 3 + 1e-6, 1 / 3 - 2e-7, 1 / 3 + 3e-7].forEach((l, i) => expect(withBest.state.lambda[i]).toBeCloseTo(l, 15));
    expect(withBest.state.mu).toBe(5e-8);
    withBest.dispose();
    const withoutBest = alMethod('reference', { mu0: 2.5e-8, rho: 2 });
    withoutBest.endOuterIteration({ epochConstraintSum: [1, 1, 1], batchesPerEpoch: 4, bestAccuracyEpochConstraintSum: null });
    withoutBest.state.lambda.forEach((l) => expect(l).toBeCloseTo(1 / 3 + 2.5e-8, 15));
    withoutBest.dispose();
  });
});

describe('Chebyshev by online mirror descent', () => {
  it('one dual step is exponentiated gradient on k_i (f_i − a_i): λ_i ∝ λ_i exp(η_λ k_i (f_i − a_i))', () => {
    // From λ = (½, ½) with η_λ = 1: λ_1 = 1 / (1 + exp(k_2 (f_2 − a_2) − k_1 (f_1 − a_1))).
    for (const [a, expected] of [
      [0, 0.2497398944], // scores (0.3, 1.4): 1 / (1 + e^1.1)
      [0.1, 0.2573094547], // scores (0.27, 1.33): 1 / (1 + e^1.06)
    ] as const) {
      const method = new ChebyshevMirrorDescentMethod({ ...settings('chebyshev-md', 2, { mirrorStepSize: 1 }), referencePoint: [a, a] }, { objectives: 2, hasPenalty: false, preference: [0.3, 0.7], seed: 1 });
      expect(method.lambda).toEqual([0.5, 0.5]);
      method.afterStep([1, 2]);
      const scores = [0.3 * (1 - a), 0.7 * (2 - a)];
      const closedForm = 1 / (1 + Math.exp(scores[1] - scores[0]));
      expect(closedForm).toBeCloseTo(expected, 10);
      expect(method.lambda[0]).toBeCloseTo(closedForm, 14);
      expect(method.lambda[1]).toBeCloseTo(1 - closedForm, 14);
      method.dispose();
    }
  });

  it('keeps λ on the simplex over many dual steps and shifts weight to the worst weighted objective', () => {
    const method = new ChebyshevMirrorDescentMethod(settings('chebyshev-md', 2), { objectives: 2, hasPenalty: false, preference: [0.3, 0.7], seed: 1 });
    const rng = new Rng(2);
    for (let step = 0; step < 2000; step++) {
      const readout = method.afterStep([rng.next() * 50, rng.next() * 50]);
      if (readout.method !== 'chebyshev-md') throw new Error(`a ${readout.method} readout`);
      expect(readout.duals.every((l) => l >= 0 && Number.isFinite(l))).toBe(true);
      expect(readout.duals.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    method.restart();
    expect(method.lambda).toEqual([0.5, 0.5]);
    // k_2 f_2 = 0.7 > k_1 f_1 = 0.3: the dual moves weight to objective 2, and never to exactly 0 or 1.
    for (let step = 0; step < 200; step++) method.afterStep([1, 1]);
    expect(method.lambda[1]).toBeGreaterThan(0.99);
    expect(method.lambda[0]).toBeGreaterThan(0);
  });
});

describe('random weighting', () => {
  const draws = (seed: number, hasPenalty: boolean, dirichletAlpha = 1, count = 50) => {
    const objectives = hasPenalty ? 3 : 2;
    const method = new RandomWeightingMethod(settings('random-weighting', objectives, { dirichletAlpha }), { objectives, hasPenalty, preference: hasPenalty ? [0.2, 0.4, 0.4] : [0.5, 0.5], seed });
    return Array.from({ length: count }, () => {
      method.beginStep();
      return method.currentWeights;
    });
  };

  it('is seeded: the same seed gives the same weights, another seed does not', () => {
    expect(draws(9, false)).toEqual(draws(9, false));
    expect(draws(10, false)).not.toEqual(draws(9, false));
  });

  it('draws fresh points of the simplex; with a penalty f_0 keeps its share k_0', () => {
    const plain = draws(9, false);
    expect(new Set(plain.map((w) => w[0])).size).toBe(50);
    for (const w of plain) expect(w[0] + w[1]).toBeCloseTo(1, 12);
    for (const w of draws(9, true)) {
      expect(w[0]).toBe(0.2);
      expect(w[1] + w[2]).toBeCloseTo(0.8, 12);
    }
  });

  it('draws from Dirichlet(α, α): mean ½, variance 1/(4(2α + 1)); α = 1 gives the draws of before α existed', () => {
    for (const alpha of [0.2, 1, 5]) {
      const w1 = draws(3, false, alpha, 20_000).map((w) => w[0]);
      const mean = w1.reduce((a, b) => a + b, 0) / w1.length;
      const variance = w1.reduce((a, b) => a + (b - mean) ** 2, 0) / w1.length;
      expect(mean).toBeCloseTo(0.5, 2);
      expect(variance / (1 / (4 * (2 * alpha + 1)))).toBeGreaterThan(0.95);
      expect(variance / (1 / (4 * (2 * alpha + 1)))).toBeLessThan(1.05);
    }
    // The exponential draws of Dirichlet(1, …, 1), as the method made them before it had α.
    const rng = new Rng(3).fork(7001);
    const before = Array.from({ length: 5 }, () => Array.from(rng.dirichlet1(2)));
    expect(draws(3, false, 1, 5)).toEqual(before);
  });
});

describe('MGDA weights with the GrOWL penalty', () => {
  it('give f_0 its preference share and the tasks the min-norm weights scaled by 1 − k_0', () => {
    const method = createMethod(settings('mgda'), { objectives: 3, hasPenalty: true, preference: [0.1, 0.45, 0.45], seed: 1 });
    if (method.gradientMode !== 'per-objective') throw new Error('MGDA takes per-objective gradients');
    const w = method.weightsFromGradients([[1, 0], [0, 4]], [5, 1, 1]);
    // Closed form: γ = (4 − 0) / (1 + 4) = 0.8 on the shorter gradient.
    expect(w[0]).toBe(0.1);
    expect(w[1]).toBeCloseTo(0.9 * 0.8, 12);
    expect(w[2]).toBeCloseTo(0.9 * 0.2, 12);
    expect(method.afterStep([5, 1, 1], []).penaltyWeight).toBe(0.1);
  });
});

describe('online-to-batch average over the non-dominated iterates', () => {
  it('weights each non-dominated iterate by 1 + the number it dominates, releasing dominated payloads', () => {
    const released: string[] = [];
    const average = new OnlineToBatchAverage<string>((p) => released.push(p));
    average.add([3, 3], 'A');
    average.add([1, 2], 'B'); // dominates A
    average.add([2, 1], 'C'); // dominates A
    average.add([2.5, 2.5], 'D'); // dominated by B and C
    average.add([1, 2], 'E'); // B's twin: neither dominates the other
    average.add([Number.NaN, 0], 'F'); // not finite: weight 0
    expect(released).toEqual(['A', 'D', 'F']);
    const weighted = average.weighted();
    expect(weighted.map((w) => w.payload)).toEqual(['B', 'C', 'E']);
    // B and E dominate A and D (1 + 2 each); C dominates A and D (1 + 2): equal weights.
    weighted.forEach((w) => expect(w.weight).toBeCloseTo(1 / 3, 12));
    average.clear();
    expect(released).toEqual(['A', 'D', 'F', 'B', 'C', 'E']);
    expect(average.size).toBe(0);
  });

  it('favours iterates that dominate many others', () => {
    const average = new OnlineToBatchAverage<number>();
    average.add([5, 5], 0);
    average.add([4, 4], 1);
    average.add([1, 3], 2); // dominates 0 and 1
    average.add([3, 1], 3); // dominates 0 and 1
    average.add([0.5, 2.9], 4); // dominates 0, 1 and 2
    const weights = Object.fromEntries(average.weighted().map((w) => [w.payload, w.weight]));
    expect(Object.keys(weights)).toEqual(['3', '4']);
    expect(weights[3]).toBeCloseTo(3 / 7, 12);
    expect(weights[4]).toBeCloseTo(4 / 7, 12);
  });
});
