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
});
