import { describe, expect, it } from 'vitest';
import { runBlockedReason, runBlockedWaits, type RunBlockers } from './runBlocked';

const free: RunBlockers = { status: 'ready', data: 'ready', problemLabel: 'MultiMNIST', problems: [] };

describe('why Run cannot start', () => {
  it('names the first thing in the way: the trainer, then the data, then the settings', () => {
    expect(runBlockedReason(free)).toBeNull();
    // Data that cannot be checked do not block: the run itself says what is wrong.
    expect(runBlockedReason({ ...free, data: 'unknown' })).toBeNull();
    expect(runBlockedReason({ ...free, status: 'crashed', data: 'missing', problems: ['x'] })).toBe('The trainer stopped: Start the trainer again, at the top.');
    expect(runBlockedReason({ ...free, data: 'preparing', problems: ['x'] })).toBe('The MultiMNIST data are being prepared…');
    expect(runBlockedReason({ ...free, data: 'missing' })).toBe('The MultiMNIST data are not prepared: the Experiment panel says how.');
    expect(runBlockedReason({ ...free, problems: ['Learning rate must be a number greater than 0 and at most 10'] })).toBe(
      'These settings cannot run: Learning rate must be a number greater than 0 and at most 10.',
    );
  });

  it('tells what passes by itself (said muted) from a problem (said in red)', () => {
    expect(runBlockedWaits({ ...free, status: 'selecting-backend' })).toBe(true);
    expect(runBlockedWaits({ ...free, data: 'preparing', problems: ['x'] })).toBe(true);
    expect(runBlockedWaits({ ...free, status: 'crashed', data: 'checking' })).toBe(false);
    expect(runBlockedWaits({ ...free, data: 'missing' })).toBe(false);
    expect(runBlockedWaits({ ...free, problems: ['x'] })).toBe(false);
  });
});
