import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../experiment/config';
import { RECIPES } from '../../experiment/presets';
import { sparseSchedule } from './sparseSchedule';

describe('sparseSchedule', () => {
  it('names the paper and held recipes', () => {
    expect(sparseSchedule(defaultConfig())).toBe('prox per step · not held · Glorot/He · tied every epoch');
    expect(sparseSchedule(defaultConfig({ recipe: 'held' }))).toBe('prox per epoch · held · LSUV · tied every step');
    expect(sparseSchedule({ ...defaultConfig(), ...RECIPES.held.values })).toBe('prox per epoch · held · LSUV · tied every step');
    // The graded recipe's cap at k = (0.2, …) with MultiMNIST MDMTN's 0.8: 0.8 × 0.2 / 0.6 = 27 %.
    expect(sparseSchedule(defaultConfig({ recipe: 'graded' }, [0.2, 0.4, 0.4]))).toBe('prox per epoch · held · LSUV · tied every step · layer cap 27 % (graded by k₀)');
  });

  it("gives the reference variant's per-epoch prox, and says a plain run has no prox or tying", () => {
    expect(sparseSchedule(defaultConfig({ variant: 'reference' }))).toBe('prox per epoch (η = 1) · not held · Glorot/He · tied every epoch');
    expect(sparseSchedule(defaultConfig({ variant: 'reference', recipe: 'held' }))).toBe('prox per epoch (η = 1) · not held · LSUV · tied every step');
    expect(sparseSchedule({ ...defaultConfig({ variant: 'reference' }), method: { name: 'linear' }, proxEvery: 'step' })).toMatch(/^prox per step/);
    expect(sparseSchedule({ ...defaultConfig(), preference: [0, 0.5, 0.5], initialization: 'lsuv' })).toBe('no prox or tying (k₀ = 0) · LSUV');
  });
});
