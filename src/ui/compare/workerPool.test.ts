import { describe, expect, it } from 'vitest';
import { maxParallelWorkers, splitRoundRobin } from './workerPool';

describe('parallel sweeps', () => {
  it('use at most half the cores, and one worker when that is all', () => {
    expect(maxParallelWorkers(2)).toBe(1);
    expect(maxParallelWorkers(3)).toBe(1);
    expect(maxParallelWorkers(8)).toBe(4);
    expect(maxParallelWorkers(undefined)).toBe(1);
  });

  it('deal the runs out in turn', () => {
    expect(splitRoundRobin([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(splitRoundRobin([1, 2], 3)).toEqual([[1], [2], []]);
    expect(splitRoundRobin([1, 2], 0)).toEqual([[1, 2]]);
  });
});
