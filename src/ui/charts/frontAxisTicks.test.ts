import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { frontAxisTicks } from './frontAxisTicks';

describe('frontAxisTicks', () => {
  it('shows no tick below 0 where the padding reaches there, and keeps a zoom into the padding readable', () => {
    const padded = scaleLinear().domain([-5, 30]);
    expect(padded.ticks(6)).toContain(-5);
    expect(frontAxisTicks(padded)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(frontAxisTicks(scaleLinear().domain([0.2, 0.9]))).toEqual(scaleLinear().domain([0.2, 0.9]).ticks(6));
    expect(frontAxisTicks(scaleLinear().domain([-3, -1]))).toEqual(scaleLinear().domain([-3, -1]).ticks(6));
  });

  it('shows no tick past a percentage axis’s 100', () => {
    const errors = scaleLinear().domain([80, 108]);
    expect(errors.ticks(6)).toContain(105);
    expect(frontAxisTicks(errors, 100)).toEqual([80, 85, 90, 95, 100]);
  });
});
