import { describe, expect, it } from 'vitest';
import { defaultConfig, recipeSettings } from '../../engine/config';
import { sparseSchedule } from './sparseSchedule';

describe('sparseSchedule', () => {
  it('names the paper and held recipes', () => {
    expect(sparseSchedule(defaultConfig('phr'))).toBe('prox per step · not held · Glorot/He · tied every epoch');
    expect(sparseSchedule({ ...defaultConfig('phr'), ...recipeSettings('held') })).toBe('prox per epoch · held · LSUV · tied every step');
  });

  it("gives the reference variant's per-epoch prox, and says a plain run has no prox or tying", () => {
    expect(sparseSchedule(defaultConfig('reference'))).toBe('prox per epoch (η = 1) · not held · Glorot/He · tied every epoch');
    expect(sparseSchedule({ ...defaultConfig('reference'), ...recipeSettings('held') })).toBe('prox per epoch (η = 1) · not held · LSUV · tied every step');
    expect(sparseSchedule({ ...defaultConfig('reference'), method: 'linear', proxEvery: 'step' })).toMatch(/^prox per step/);
    expect(sparseSchedule({ ...defaultConfig('phr'), preference: [0, 0.5, 0.5], initialization: 'lsuv' })).toBe('no prox or tying (k₀ = 0) · LSUV');
  });

  it('reads runs saved before the schedule fields existed as the paper schedule', () => {
    const { proxEvery: _p, tieEvery: _t, method: _m, ...old } = { ...defaultConfig('phr'), proxEvery: 'step' as const, tieEvery: 'epoch' as const };
    expect(sparseSchedule(old)).toBe('prox per step · not held · Glorot/He · tied every epoch');
  });
});
