import { describe, expect, it } from 'vitest';
import { apply, finalResult, runMessages, stateWithRuns } from '../testing/fakeRuns';
import { resolveConfig } from '../../experiment/config';
import { addRun, addToPlan, nextOrdinal, removeFromPlan, restoreRuns, setOverride } from './explorerState';
import { pendingPlan, planEntries, sameData } from './preferencePlan';

describe('the preference list', () => {
  it('keeps each preference once', () => {
    let s = stateWithRuns([]);
    s = addToPlan(addToPlan(addToPlan(s, [0.2, 0.4, 0.4]), [0, 0.5, 0.5]), [0.2, 0.4, 0.4]);
    expect(s.plan).toEqual([[0.2, 0.4, 0.4], [0, 0.5, 0.5]]);
    expect(removeFromPlan(s, 0).plan).toEqual([[0, 0.5, 0.5]]);
  });

  it('marks entries by the run with exactly their config; failed, stopped and other settings do not count', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]], ['c', [1, 0, 0]]]);
    s = { ...s, plan: [[0.2, 0.4, 0.4], [0, 0.5, 0.5], [1, 0, 0], [0.5, 0.5, 0]] };
    s = apply(s, runMessages('a', 3, { result: finalResult([1, 1], [50, 50], 0) }));
    s = apply(s, [{ kind: 'run-failed', runId: 'c', message: 'x' }]);
    expect(planEntries(s).map((e) => [e.status, e.runId])).toEqual([
      ['done', 'a'],
      ['queued', 'b'],
      ['to run', null],
      ['to run', null],
    ]);
    expect(pendingPlan(s).map((e) => e.preference)).toEqual([[1, 0, 0], [0.5, 0.5, 0]]);
    // Another seed: nothing has been run with the new settings.
    expect(pendingPlan(setOverride(s, 'seed', 2))).toHaveLength(4);
    expect(pendingPlan(s)[0].config).toEqual(resolveConfig(s.settings, [1, 0, 0]));
  });

  it('compares configs regardless of key order, ∞ included', () => {
    expect(sameData({ a: 1, b: [1, { c: Infinity }] }, { b: [1, { c: Infinity }], a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameData({ a: NaN }, { a: NaN })).toBe(true);
  });
});

describe('restored runs', () => {
  it('come first, and the session’s own runs are numbered after them', () => {
    let s = stateWithRuns([['own', [0.2, 0.4, 0.4]]]);
    const restored = stateWithRuns([['r1', [0, 0.5, 0.5]], ['r2', [1, 0, 0]]]);
    s = restoreRuns(s, [restored.runs.r2, restored.runs.r1]);
    expect(s.order).toEqual(['r1', 'r2', 'own']);
    expect(s.order.map((id) => s.runs[id].ordinal)).toEqual([1, 2, 3]);
    expect(nextOrdinal(s)).toBe(4);
    expect(restoreRuns(s, [restored.runs.r1])).toBe(s);
    s = addRun(s, 'new', resolveConfig(s.settings, [0, 1, 0]));
    expect(s.runs.new.ordinal).toBe(4);
  });
});
