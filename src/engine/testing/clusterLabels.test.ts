import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { syntheticClusterLabels } from './clusterLabels';

describe('syntheticClusterLabels', () => {
  it('zeroes the asked share of rows and puts the rest in non-empty clusters of the asked mean size', () => {
    const labels = syntheticClusterLabels(2880, 0.55, 1.5, new Rng(7));
    const zero = labels.filter((l) => l < 0).length;
    expect(zero).toBe(Math.floor(2880 * 0.55));
    const live = 2880 - zero;
    const clusters = Math.ceil(live / 1.5);
    const sizes = new Array<number>(clusters).fill(0);
    for (const l of labels) if (l >= 0) sizes[l]++;
    expect(Math.max(...labels)).toBe(clusters - 1);
    expect(sizes.every((n) => n >= 1)).toBe(true);
    expect(Array.from(syntheticClusterLabels(2880, 0.55, 1.5, new Rng(7)))).toEqual(Array.from(labels));
  });

  it('keeps one cluster for a layer with a single live row', () => {
    expect(Array.from(syntheticClusterLabels(2, 0.5, 1.5, new Rng(1))).sort()).toEqual([-1, 0]);
  });
});
