import { describe, expect, it } from 'vitest';
import { preferenceProblems } from './config';
import { paperPreferences, PAPER_STUDY_K0 } from './preferenceSets';

describe('the paper study’s preference vectors', () => {
  it('are 18 distinct points of the simplex at k₀ = 0.001, each task share 0.1 … 0.9 both ways round, in the authors’ order', () => {
    const ks = paperPreferences();
    expect(ks).toHaveLength(18);
    expect(new Set(ks.map((k) => k.join())).size).toBe(18);
    for (const k of ks) {
      expect(preferenceProblems(k, 3)).toEqual([]);
      expect(k[0]).toBe(PAPER_STUDY_K0);
    }
    expect(ks.slice(0, 4)).toEqual([
      [0.001, 0.099, 0.9],
      [0.001, 0.9, 0.099],
      [0.001, 0.199, 0.8],
      [0.001, 0.8, 0.199],
    ]);
    expect(ks.slice(-2)).toEqual([
      [0.001, 0.899, 0.1],
      [0.001, 0.1, 0.899],
    ]);
    // The paper's example preference is one of them.
    expect(ks).toContainEqual([0.001, 0.2, 0.799]);
  });

  it('take another k₀ between 0 and 0.1 and refuse the rest', () => {
    expect(paperPreferences(0.01)[0]).toEqual([0.01, 0.09, 0.9]);
    expect(() => paperPreferences(0)).toThrow(/greater than 0/);
    expect(() => paperPreferences(0.1)).toThrow(/less than 0.1/);
  });
});
