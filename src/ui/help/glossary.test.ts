import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../experiment/choices';
import { METHOD_FORMULAS, TERMS } from './glossary';

describe('the glossary', () => {
  it('explains every number the explorer shows, and gives every method its formula', () => {
    const terms = TERMS.map((t) => t.term).join(' | ');
    for (const word of ['sparsity rate', 'compression rate', 'parameter sharing', 'cᵢ', 'λᵢ', 'μ', 't (level)', 'hypervolume', 'row', 'NLL', 'GrOWL', 'prox', 'held rows', 'PHR', 'HPS', 'LSUV']) expect(terms).toContain(word);
    for (const method of METHOD_NAMES) expect(METHOD_FORMULAS[method].length).toBeGreaterThan(20);
  });
});
