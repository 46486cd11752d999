import { describe, expect, it } from 'vitest';
import { imagesPerSecond, load, mib, ms, ratio, secs, summarize, table } from './format';

describe('summarize', () => {
  it('gives median, min, max and mean of an odd count', () => {
    expect(summarize([30, 10, 20])).toEqual({ n: 3, median: 20, min: 10, max: 30, mean: 20 });
  });

  it('takes the mean of the two middle values for an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses empty and non-finite input', () => {
    expect(() => summarize([])).toThrow(/no values/);
    expect(() => summarize([1, Number.NaN])).toThrow(/non-finite/);
  });
});

describe('number formats', () => {
  it('images per second from a batch and milliseconds', () => {
    expect(imagesPerSecond(256, 250)).toBe(1024);
    expect(imagesPerSecond(256, 0)).toBeNaN();
  });

  it('milliseconds, seconds, MiB, load, ratio', () => {
    expect([ms(0.421), ms(12.34), ms(1234.5), ms(undefined), ms(Number.NaN)]).toEqual(['0.42 ms', '12.3 ms', '1235 ms', '—', '—']);
    expect([secs(12.34), secs(150)]).toEqual(['12.3 s', '2.5 min (150 s)']);
    expect([mib(5 * 2 ** 20), mib(123.4 * 2 ** 20), mib(undefined)]).toEqual(['5.0 MiB', '123 MiB', '—']);
    expect(load([2.41, 1.93, 2.444])).toBe('2.4 / 1.9 / 2.4');
    expect([ratio(1.234), ratio(0.004812), ratio(0), ratio(Number.POSITIVE_INFINITY)]).toEqual(['1.23×', '0.0048×', '0.00×', '—']);
  });
});

describe('table', () => {
  it('pads columns to the widest cell and right-aligns the numeric ones', () => {
    const text = table(
      [
        ['name', 'ms'],
        ['wasm', '12.3'],
        ['webgpu', '2916'],
      ],
      [1],
    );
    expect(text.split('\n')).toEqual(['| name   |   ms |', '|--------|-----:|', '| wasm   | 12.3 |', '| webgpu | 2916 |']);
  });

  it('refuses a row with the wrong number of cells', () => {
    expect(() => table([['a', 'b'], ['1']])).toThrow(/row 1 has 1 cells/);
  });

  it('is empty without rows', () => {
    expect(table([])).toBe('');
  });
});
