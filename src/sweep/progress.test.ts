import { describe, expect, it } from 'vitest';
import type { SweepSnapshot } from './client';
import { clock, doneFraction, etaSeconds, progressLine, sentBack, steadyProgress, steadyStart, type WatchedSnapshot } from './progress';

const snapshot = (over: Partial<SweepSnapshot>): SweepSnapshot => ({ total: 10, finished: 0, failed: 0, active: [], startedAt: null, endedAt: null, closed: false, endedJobs: [], ...over });

describe('sweep progress', () => {
  it('counts ended runs and the share of the training ones', () => {
    expect(doneFraction(snapshot({ finished: 3, failed: 1, active: [{ job: 'a', fraction: 0.5, runs: 1 }] }))).toBeCloseTo(0.45);
    // A stack job half-way through four runs: two runs' worth.
    expect(doneFraction(snapshot({ finished: 2, active: [{ job: 's', fraction: 0.5, runs: 4 }] }))).toBeCloseTo(0.4);
    expect(progressLine(snapshot({ active: [{ job: 's', fraction: 0, runs: 4 }] }), 0)).toMatch(/0\/10 runs ended, 4 training/);
    expect(doneFraction(snapshot({ total: 0 }))).toBe(1);
  });

  it('weighs each run by its planned work: a Pareto set model trains longer than a run', () => {
    // Three runs of 256 images ended, a model of 384 images half-way: (768 + 192) / 1152 done, not (3 + 0.5) / 4.
    const s = snapshot({ total: 4, finished: 3, startedAt: 0, active: [{ job: 'm', fraction: 0.5, runs: 1, work: 384 }], endedJobs: ['a', 'b', 'c'], work: { total: 1152, ended: 768 } });
    expect(doneFraction(s)).toBeCloseTo(960 / 1152);
    // 96 s for 960 of 1152 images: 19.2 s left (counted by runs it would say 96 · 0.5 / 3.5 = 13.7 s).
    expect(etaSeconds(s, 96_000)).toBeCloseTo(19.2);
    expect(progressLine(s, 96_000)).toMatch(/^\[#{20}\.{4}\] 3\/4 runs ended, 1 training, 83\.3 % \| elapsed 1:36 ETA 0:19$/);
    // Watched: the share the model reached is kept by its work too.
    const watched = steadyProgress(steadyProgress(null, s), { ...s, active: [{ job: 'm', fraction: 0.1, runs: 1, work: 384 }] });
    expect(watched.shown).toBeCloseTo(960 / 1152);
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
    expect(progressLine(snapshot({ finished: 9, failed: 1, closed: true, startedAt: 0 }), 3_723_000)).toMatch(/10\/10 runs ended \(1 failed\), sweep complete, 100.0 % \| elapsed 1:02:03 ETA 0:00$/);
    // Watched an hour after it closed, a sweep of 2 s says 2 s.
    expect(progressLine(snapshot({ finished: 10, closed: true, startedAt: 1000, endedAt: 3000 }), 3_600_000)).toMatch(/elapsed 0:02 ETA 0:00$/);
  });

  it('keeps the earliest start seen: a retried first job does not move the clock back', () => {
    const first = steadyStart(null, snapshot({ startedAt: 5000 }));
    expect(steadyStart(first, snapshot({ startedAt: 9000 })).startedAt).toBe(5000);
    expect(steadyStart(first, snapshot({ startedAt: null })).startedAt).toBe(5000);
    expect(steadyStart(null, snapshot({})).startedAt).toBeNull();
  });

  it('never shows less done in one watch: a run sent back to the queue keeps the share it reached, and the line says so', () => {
    // The probe: one worker at concurrency 1, 3 runs; its run at 72 % when the worker died (or Redis restarted).
    const polls: SweepSnapshot[] = [
      snapshot({ total: 3, startedAt: 0, active: [{ job: 'p-r0001', fraction: 0.72, runs: 1 }] }),
      // A new worker's run starts while the dead worker's is still listed active (its lock not yet lapsed).
      snapshot({ total: 3, startedAt: 0, active: [{ job: 'p-r0001', fraction: 0.72, runs: 1 }, { job: 'p-r0002', fraction: 0.1, runs: 1 }] }),
      // Taken back: waiting in the queue, then trained again from its first step.
      snapshot({ total: 3, startedAt: 0, active: [{ job: 'p-r0002', fraction: 0.29, runs: 1 }] }),
      snapshot({ total: 3, startedAt: 0, active: [{ job: 'p-r0001', fraction: 0.1, runs: 1 }], finished: 1, endedJobs: ['p-r0002'] }),
      snapshot({ total: 3, startedAt: 0, active: [{ job: 'p-r0001', fraction: 0.9, runs: 1 }], finished: 1, endedJobs: ['p-r0002'] }),
      snapshot({ total: 3, startedAt: 0, finished: 2, endedJobs: ['p-r0001', 'p-r0002'] }),
    ];
    let watched: WatchedSnapshot | null = null;
    const lines: string[] = [];
    for (const [i, poll] of polls.entries()) {
      watched = steadyProgress(watched, poll);
      lines.push(progressLine(watched, (i + 1) * 10_000));
    }
    const percents = lines.map((l) => Number(/, ([\d.]+) % \|/.exec(l)?.[1]));
    expect(percents).toEqual([24, 27.3, 33.6, 57.3, 63.3, 66.6]);
    // Without the watch's memory the same polls went back: 27.3 % then 9.6 %.
    expect(progressLine(polls[2], 30_000)).toMatch(/, 9\.6 % \|/);
    expect(lines[2]).toMatch(/1 training, 1 run sent back to the queue \(a worker stopped, or a try failed\): its share so far is kept, 33\.6 % \|/);
    expect(lines[3]).toMatch(/1\/3 runs ended, 1 training, 1 run sent back/);
    // Past its share again: nothing held back any more.
    expect(lines[4]).not.toMatch(/sent back/);
    expect(sentBack(steadyProgress(null, polls[0]))).toBe(0);
  });

  it('ETA: what is left (a run sent back counted as not done) at the pace of all the work done, its lost share included', () => {
    const first = steadyProgress(null, snapshot({ total: 2, startedAt: 0, active: [{ job: 'a', fraction: 0.5, runs: 1 }] }));
    expect(etaSeconds(first, 100_000)).toBeCloseTo(300);
    // 100 s later the run is back at 10 %: 25 % worked in 200 s, 95 % left.
    const again = steadyProgress(first, snapshot({ total: 2, startedAt: 0, active: [{ job: 'a', fraction: 0.1, runs: 1 }] }));
    expect(again.shown).toBeCloseTo(0.25);
    expect(etaSeconds(again, 200_000)).toBeCloseTo((200 * 0.95) / 0.25);
    // A stack job sent back holds the share of each of its runs; an ended job leaves the memory.
    const stack = steadyProgress(null, snapshot({ total: 4, active: [{ job: 's', fraction: 0.5, runs: 4 }] }));
    expect(sentBack(steadyProgress(stack, snapshot({ total: 4 })))).toBe(4);
    expect(steadyProgress(stack, snapshot({ total: 4, finished: 4, endedJobs: ['s'] })).reached).toEqual({});
  });

  it('clock', () => {
    expect(clock(Number.NaN)).toBe('--:--');
    expect(clock(59.6)).toBe('1:00');
  });
});
