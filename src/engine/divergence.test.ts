import { describe, expect, it } from 'vitest';
import { DIVERGED_NLL_FACTOR, divergedBy, guessingNll } from './divergence';

describe('divergedBy', () => {
  const tasks = ['left digit', 'right digit'];

  it('passes NLLs up to ten times a uniform guess, names the first task beyond', () => {
    const limit = DIVERGED_NLL_FACTOR * guessingNll(10);
    expect(limit).toBeCloseTo(23.03, 2);
    expect(divergedBy([0.1, 2.4], [10, 10], tasks)).toBeNull(); // an untrained network: about ln 10
    expect(divergedBy([limit, limit], [10, 10], tasks)).toBeNull();
    expect(divergedBy([1.2, 6512], [10, 10], tasks)).toBe(
      'task 2 (right digit) has a validation NLL of 6.51e+3, more than 10× that of guessing among its 10 classes (ln 10 = 2.30)',
    );
    expect(divergedBy([30, 40], [10, 10], tasks)).toMatch(/^task 1 \(left digit\)/);
    // NaN is no NLL within the limit (a model scoring NaN is no best model to keep).
    expect(divergedBy([1.2, Number.NaN], [10, 10], tasks)).toBe('task 2 (right digit) has a validation NLL that is not a number');
    expect(divergedBy([Infinity, 1], [10, 10], tasks)).toMatch(/^task 1 \(left digit\) has a validation NLL of Infinity, more than/);
  });

  it('scales with the number of classes', () => {
    expect(divergedBy([40], [100], ['fine'])).toBeNull(); // 10 × ln 100 = 46.1
    expect(divergedBy([40], [2], [])).toBe('task 1 has a validation NLL of 40.0, more than 10× that of guessing among its 2 classes (ln 2 = 0.69)');
  });

  it('says what the NLLs are (a Pareto set model\'s training batches)', () => {
    expect(divergedBy([1, 25], [10, 10], tasks, 'a mean training NLL')).toMatch(/^task 2 \(right digit\) has a mean training NLL of 25\.0, more than 10×/);
  });
});
