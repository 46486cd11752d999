import { describe, expect, it } from 'vitest';
import { TOUR_STEPS } from './tourSteps';
import { tourSetupText } from './tourSetup';

describe('tourSetupText', () => {
  it('names the problem, the methods and the preferences per method a step sets', () => {
    expect(tourSetupText(TOUR_STEPS[0].setup)).toBe('Sets: Fonseca–Fleming, n = 2 · Linear · 11 preferences');
    expect(tourSetupText(TOUR_STEPS[1].setup)).toBe('Sets: Fonseca–Fleming, n = 2 · Linear + Chebyshev-AL · 11 preferences each');
    expect(tourSetupText(TOUR_STEPS[2].setup)).toBe('Sets: width problem, m = 2 tasks, width q = 1, similarity ρ = 0.5 · Chebyshev-AL · 7 preferences');
    // A Pareto set model is one run, not one per preference.
    expect(tourSetupText(TOUR_STEPS[4].setup)).toBe('Sets: Fonseca–Fleming, n = 2 · Chebyshev-AL · 11 preferences + one Pareto set model');
    expect(tourSetupText({ ...TOUR_STEPS[4].setup, methods: ['psl'] })).toBe('Sets: Fonseca–Fleming, n = 2 · one Pareto set model');
  });
});
