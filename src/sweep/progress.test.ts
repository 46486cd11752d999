import { describe, expect, it } from 'vitest';
import type { SweepSnapshot } from './client';
import { clock, doneFraction, etaSeconds, progressLine, steadyStart } from './progress';

const snapshot = (over: Partial<SweepSnapshot>): SweepSnapshot => ({ total: 10, finished: 0, failed: 0, active: [], startedAt: null, endedAt: null, closed: false, ...over });

describe('sweep progress', () => {
  it('counts ended runs and the share of the training ones', () => {
    expect(doneFraction(snapshot({ finished: 3, failed: 1, active: [{ job: 'a', fraction: 0.5, runs: 1 }] }))).toBeCloseTo(0.45);
    // A stack job half-way through four runs: two runs' worth.
    expect(doneFraction(snapshot({ finished: 2, active: [{ job: 's', fraction: 0.5, runs: 4 }] }))).toBeCloseTo(0.4);
    expect(progressLine(snapshot({ active: [{ job: 's', fraction: 0, runs: 4 }] }), 0)).toMatch(/0\/10 runs ended, 4 training/);
    expect(doneFraction(snapshot({ total: 0 }))).toBe(1);
  });

  it('fills the bar only once every run has ended: a run past its last step is still evaluating', () => {
    const lastSteps = snapshot({ total: 2, finished: 1, active: [{ job: 'b', fraction: 1, runs: 1 }], startedAt: 0 });
    expect(doneFraction(lastSteps)).toBeLessThan(1);
    expect(progressLine(lastSteps, 1000)).toMatch(/^\[#{23}\.\] 1\/2 runs ended, 1 training, 99\.5 % /);
    // 999 of 1000 runs ended: not 100.0 %.
    expect(progressLine(snapshot({ total: 1000, finished: 999, startedAt: 0 }), 1000)).toMatch(/\] 999\/1000 runs ended, 0 training, 99\.9 % /);
    expect(progressLine(snapshot({ total: 2, finished: 2, startedAt: 0 }), 1000)).toMatch(/^\[#{24}\] 2\/2 runs ended, 0 training, 100\.0 % /);
  });

  it('ETA over the whole sweep at the pace since its first run started', () => {
    const s = snapshot({ finished: 2, active: [{ job: 'a', fraction: 0.5, runs: 1 }], startedAt: 0 });
    // 25 % done in 100 s: 300 s left.
    expect(etaSeconds(s, 100_000)).toBeCloseTo(300);
    expect(etaSeconds(snapshot({}), 100_000)).toBeNaN();
    expect(etaSeconds(snapshot({ finished: 10 }), 5)).toBe(0);
    expect(progressLine(s, 100_000)).toBe('[######..................] 2/10 runs ended, 1 training, 25.0 % | elapsed 1:40 ETA 5:00');
    expect(progressLine(snapshot({ finished: 9, failed: 1, closed: true, startedAt: 0 }), 3_723_000)).toMatch(/10\/10 runs ended \(1 failed\), closed, 100.0 % \| elapsed 1:02:03 ETA 0:00$/);
    // Watched an hour after it closed, a sweep of 2 s says 2 s.
    expect(progressLine(snapshot({ finished: 10, closed: true, startedAt: 1000, endedAt: 3000 }), 3_600_000)).toMatch(/elapsed 0:02 ETA 0:00$/);
  });

  it('keeps the earliest start seen: a retried first job does not move the clock back', () => {
    const first = steadyStart(null, snapshot({ startedAt: 5000 }));
    expect(steadyStart(first, snapshot({ startedAt: 9000 })).startedAt).toBe(5000);
    expect(steadyStart(first, snapshot({ startedAt: null })).startedAt).toBe(5000);
    expect(steadyStart(null, snapshot({})).startedAt).toBeNull();
  });

  it('clock', () => {
    expect(clock(Number.NaN)).toBe('--:--');
    expect(clock(59.6)).toBe('1:00');
  });
});
