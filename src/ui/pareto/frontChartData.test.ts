import { describe, expect, it } from 'vitest';
import { apply, runMessages, stateWithRuns, view } from '../testing/fakeRuns';
import { frontData } from './frontChartData';

describe('front chart data', () => {
  it('follows the active run, and draws the runs trained at once with it as companions until they finish', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.5, 0.25, 0.25]], ['c', [0.3, 0.35, 0.35]]]);
    s = apply(s, [{ kind: 'state', state: 'running', runIds: ['a', 'b', 'c'], queued: [], processing: true }, ...runMessages('a', 4, null), ...runMessages('b', 4, null), ...runMessages('c', 4, null)]);
    const running = frontData(view(s));
    expect(running.trail.length).toBeGreaterThan(1);
    expect(running.companions).toHaveLength(2);
    expect(running.companions.every((c) => c.trail.length > 1)).toBe(true);
    // Each live marker can say which run it is: trained at once, the runs are otherwise alike.
    expect(running.followed).toEqual({ id: 'a', ordinal: 1, name: 'run 1, k = (0.2, 0.4, 0.4)' });
    expect(running.companions.map((c) => [c.id, c.ordinal, c.name])).toEqual([
      ['b', 2, 'run 2, k = (0.5, 0.25, 0.25)'],
      ['c', 3, 'run 3, k = (0.3, 0.35, 0.35)'],
    ]);
    // Following b (selected): a and c are its companions.
    const followingB = frontData({ ...view(s), selectedRunId: 'b' });
    expect(followingB.followed?.id).toBe('b');
    expect(followingB.companions.map((c) => c.id)).toEqual(['a', 'c']);
    expect(followingB.trail.length).toBeGreaterThan(1);
    // One run alone has none.
    s = apply(s, [{ kind: 'state', state: 'running', runIds: ['a'], queued: [], processing: true }]);
    expect(frontData(view(s)).companions).toEqual([]);
  });
});
