import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAUSE_EVERY_MS, pauses, RunInterrupted } from './interruption';

afterEach(() => vi.restoreAllMocks());

describe('pauses', () => {
  it(`yields to the event loop at most every ${PAUSE_EVERY_MS} ms, and ends the computation once interrupted`, async () => {
    let clock = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    let yields = 0;
    const interruption = new AbortController();
    const pause = pauses(interruption.signal, async () => {
      yields++;
    });
    await pause();
    clock += PAUSE_EVERY_MS - 1;
    await pause();
    expect(yields).toBe(0);
    clock += 1;
    await pause();
    expect(yields).toBe(1);
    await pause(); // the time counts from the last yield
    expect(yields).toBe(1);
    interruption.abort();
    await expect(pause()).rejects.toBeInstanceOf(RunInterrupted);
    expect(yields).toBe(1); // checked without waiting for the next yield
  });

  it('takes the messages that came meanwhile: a stop posted during the computation ends it at the next pause', async () => {
    const interruption = new AbortController();
    const pause = pauses(interruption.signal);
    setTimeout(() => interruption.abort(), 0);
    const started = performance.now();
    let units = 0;
    const computation = async () => {
      for (;;) {
        const until = performance.now() + 1;
        while (performance.now() < until); // a unit of synchronous work
        units++;
        await pause();
      }
    };
    await expect(computation()).rejects.toBeInstanceOf(RunInterrupted);
    // Only a yield lets the timer's stop in: at the first pause after PAUSE_EVERY_MS, not before.
    expect(performance.now() - started).toBeGreaterThanOrEqual(PAUSE_EVERY_MS);
    expect(units).toBeGreaterThan(1);
  });
});
