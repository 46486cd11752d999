import { describe, expect, it } from 'vitest';
import { sweepFinished, sweepOffered, sweepStanding, sweepStandingText } from './sweepStanding';

describe('sweep standing', () => {
  it('counts the entries finished, and those to come among the rest', () => {
    const entries = ['a', 'b', 'c', 'd'];
    const s = sweepStanding(entries, (e) => e === 'a' || e === 'b', (e) => e === 'b' || e === 'c');
    expect(s).toEqual({ total: 4, finished: 2, coming: 1 });
    expect(sweepFinished(s)).toBe(false);
    expect(sweepFinished({ total: 4, finished: 4, coming: 0 })).toBe(true);
    expect(sweepFinished({ total: 0, finished: 0, coming: 0 })).toBe(false);
  });

  it('says what Sweep would add, and why a finished sweep adds nothing', () => {
    expect(sweepStandingText({ total: 8, finished: 0, coming: 0 })).toBe('');
    expect(sweepStandingText({ total: 8, finished: 3, coming: 0 })).toBe('3 of 8 have finished with these settings and stay: Sweep adds the other 5.');
    expect(sweepStandingText({ total: 8, finished: 1, coming: 2 })).toBe('1 of 8 has finished with these settings and stays; 2 are queued or training: Sweep adds the other 5.');
    expect(sweepStandingText({ total: 8, finished: 0, coming: 8 })).toBe('8 are queued or training.');
    expect(sweepStandingText({ total: 8, finished: 2, coming: 6 }, 6)).toBe('2 of 8 have finished with these settings and stay; 6 wait in the stopped queue: Sweep goes on with them.');
    expect(sweepStandingText({ total: 16, finished: 3, coming: 12 }, 12)).toBe('3 of 16 have finished with these settings and stay; 12 wait in the stopped queue: Sweep adds the last one and goes on with the queue.');
    expect(sweepStandingText({ total: 8, finished: 3, coming: 0 }, 2)).toBe('3 of 8 have finished with these settings and stay: Sweep adds the other 5 and goes on with the queue.');
    expect(sweepStandingText({ total: 8, finished: 7, coming: 0 })).toBe('7 of 8 have finished with these settings and stay: Sweep adds the last one.');
    // The lab's Sweep forgets its methods' finished runs off the plan (another grid, Run at k): said before the press.
    expect(sweepStandingText({ total: 6, finished: 2, coming: 0, replaces: 3 })).toBe(
      '2 of 6 have finished with these settings and stay: Sweep adds the other 4. Sweep replaces the 3 finished runs of these methods off this plan (another number of preferences, or Run at k).',
    );
    expect(sweepStandingText({ total: 5, finished: 0, coming: 0, replaces: 1 })).toBe('Sweep replaces the finished run of these methods off this plan (another number of preferences, or Run at k).');
    expect(sweepStandingText({ total: 8, finished: 8, coming: 0, replaces: 2 })).toMatch(/^All 8 have finished/);
    expect(sweepStandingText({ total: 8, finished: 8, coming: 0 })).toMatch(/^All 8 have finished with these settings: every run is seeded, so sweeping again would give the same points\./);
    // Runs of the lab wait in a stopped queue (another problem's, after a reload): Sweep goes on with them.
    expect(sweepOffered({ total: 8, finished: 8, coming: 0 })).toBe(false);
    expect(sweepOffered({ total: 8, finished: 8, coming: 0 }, 1)).toBe(true);
    expect(sweepOffered({ total: 8, finished: 7, coming: 0 })).toBe(true);
    // All there or to come in a queue that goes: nothing for Sweep to do; in a stopped queue, it goes on with them.
    expect(sweepOffered({ total: 8, finished: 2, coming: 6 })).toBe(false);
    expect(sweepOffered({ total: 8, finished: 2, coming: 6 }, 6)).toBe(true);
    expect(sweepStandingText({ total: 8, finished: 8, coming: 0 }, 1)).toBe('All 8 have finished with these settings; Sweep goes on with the 1 run waiting in the stopped queue.');
  });
});
