import { describe, expect, it } from 'vitest';
import { num, pairColumn, proseNum } from './methodTableFormat';

describe("the method table's numbers", () => {
  it('4 significant digits, trailing zeros kept; tiny values in exponent form; none as a dash', () => {
    expect(num(0.08)).toBe('0.08000');
    expect(num(2.04e-5)).toBe('2.0e-5');
    expect(num(undefined)).toBe('—');
    expect(num(Number.NaN)).toBe('—');
    expect(proseNum(0.5)).toBe('0.5');
    expect(proseNum(4.2e-4)).toBe('4.2e-4');
  });

  it('a mean / max column is in one form down its rows: exponent where any of its numbers is tiny', () => {
    expect(pairColumn([[0.001015, 0.003264], [2.3e-4, 6.1e-4]])).toEqual([
      ['1.0e-3', '3.3e-3'],
      ['2.3e-4', '6.1e-4'],
    ]);
    expect(pairColumn([[0.0125, 0.04], [0.002, 0.003]])).toEqual([
      ['0.01250', '0.04000'],
      ['0.002000', '0.003000'],
    ]);
    expect(pairColumn([[undefined, undefined], [1e-5, 2e-5], [0, 3e-5]])).toEqual([
      ['—', '—'],
      ['1.0e-5', '2.0e-5'],
      ['0', '3.0e-5'],
    ]);
  });
});
