import { describe, expect, it } from 'vitest';
import { addRun, apply, finalResult, runMessages, runOf, stateWithRuns, view } from '../testing/fakeRuns';
import { resolveConfig } from '../../experiment/config';
import { preferenceText } from '../runs/runRecord';
import type { Preference } from '../../experiment/preference';
import { nextOrdinal, restoreRuns } from '../runs/runsState';
import { addToPlan, removeFromPlan, setOverride, setSetting } from './explorerState';
import { pendingPlan, planEntries, planStatusText, repeatedRun, sameData } from './preferencePlan';

describe('the preference list', () => {
  it('keeps each preference once', () => {
    let s = stateWithRuns([]).explorer;
    s = addToPlan(addToPlan(addToPlan(s, [0.2, 0.4, 0.4]), [0, 0.5, 0.5]), [0.2, 0.4, 0.4]);
    expect(s.plan).toEqual([[0.2, 0.4, 0.4], [0, 0.5, 0.5]]);
    expect(removeFromPlan(s, 0).plan).toEqual([[0, 0.5, 0.5]]);
  });

  it('marks entries by the run with exactly their config; failed, stopped and other settings do not count', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]], ['c', [1, 0, 0]]]);
    s = { ...s, explorer: { ...s.explorer, plan: [[0.2, 0.4, 0.4], [0, 0.5, 0.5], [1, 0, 0], [0.5, 0.5, 0]] } };
    s = apply(s, runMessages('a', 3, { result: finalResult([1, 1], [50, 50], 0) }));
    s = apply(s, [{ kind: 'run-failed', runId: 'c', message: 'x' }]);
    expect(planEntries(view(s)).map((e) => [e.status, e.runId])).toEqual([
      ['done', 'a'],
      ['queued', 'b'],
      ['to run', null],
      ['to run', null],
    ]);
    expect(pendingPlan(view(s)).map((e) => e.preference)).toEqual([[1, 0, 0], [0.5, 0.5, 0]]);
    // Another seed: nothing has been run with the new settings.
    expect(pendingPlan(view({ ...s, explorer: setOverride(s.explorer, 'seed', 2) }))).toHaveLength(4);
    expect(pendingPlan(view(s))[0].config).toEqual(resolveConfig(s.explorer.settings, [1, 0, 0]));
  });

  it("names the run the editor's settings at its k would repeat (runs are seeded); none after a seed change or a failure", () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['c', [1, 0, 0]]]);
    const at = (k: Preference, explorer = s.explorer) => repeatedRun(view({ ...s, explorer: { ...explorer, preference: k } }))?.id ?? null;
    expect(at([0.2, 0.4, 0.4])).toBe('a'); // queued
    s = apply(s, runMessages('a', 3, { result: finalResult([1, 1], [50, 50], 0) }));
    expect(at([0.2, 0.4, 0.4])).toBe('a'); // finished
    expect(at([0.3, 0.3, 0.4])).toBeNull();
    expect(at([0.2, 0.4, 0.4], setOverride(s.explorer, 'seed', 2))).toBeNull();
    s = apply(s, [{ kind: 'run-failed', runId: 'c', message: 'x' }]);
    expect(at([1, 0, 0])).toBeNull();
  });

  it('a re-targeted run records every change, reads with the k it ended at, and stands in for no list entry', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    s = { ...s, explorer: { ...s.explorer, plan: [[0.2, 0.4, 0.4], [0.5, 0.25, 0.25]] } };
    const [started, steps, ...rest] = runMessages('a', 3, { result: finalResult([1, 1], [50, 50], 0) });
    s = apply(s, [started, steps, { kind: 'retargeted', runId: 'a', step: 3, preference: [0.5, 0.25, 0.25] }, { kind: 'retargeted', runId: 'a', step: 5, preference: [0.3, 0.3, 0.4] }, ...rest]);
    const run = runOf(s, 'a');
    expect(run.retargets).toEqual([
      { step: 3, preference: [0.5, 0.25, 0.25] },
      { step: 5, preference: [0.3, 0.3, 0.4] },
    ]);
    expect(run.config.preference).toEqual([0.2, 0.4, 0.4]); // what it started with: the run stays reproducible
    expect(preferenceText(run)).toBe('k = (0.3, 0.3, 0.4), re-targeted from (0.2, 0.4, 0.4) at step 3 (2 changes)');
    expect(planEntries(view(s)).map((e) => e.status)).toEqual(['to run', 'to run']);
  });

  it("a Pareto set model stands for every entry, and the list says the model does, not a run", () => {
    let s = stateWithRuns([]);
    s = { ...s, explorer: { ...setSetting(s.explorer, 'method', 'psl'), plan: [[0.2, 0.4, 0.4], [0, 0.5, 0.5]] } };
    s = addRun(s, 'm', resolveConfig(s.explorer.settings, [0.2, 0.4, 0.4]));
    const texts = () => planEntries(view(s)).map((e) => [e.runId, e.byModel, planStatusText(e)]);
    expect(texts()).toEqual([['m', true, 'model queued'], ['m', true, 'model queued']]);
    s = apply(s, [{ kind: 'state', state: 'running', runIds: ['m'], queued: [], processing: true }, ...runMessages('m', 3, null)]);
    expect(texts()).toEqual([['m', true, 'model training'], ['m', true, 'model training']]);
    s = apply(s, runMessages('m', 3, { result: finalResult([1, 1], [50, 50], 0) }).slice(-1));
    expect(texts()).toEqual([['m', true, 'model answers'], ['m', true, 'model answers']]);
    expect(pendingPlan(view(s))).toEqual([]);
    expect(planStatusText({ status: 'done', byModel: false })).toBe('done');
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
    s = { ...s, runs: restoreRuns(s.runs, [runOf(restored, 'r2'), runOf(restored, 'r1')]) };
    expect(view(s).runs.map((r) => r.id)).toEqual(['r1', 'r2', 'own']);
    expect(view(s).runs.map((r) => r.ordinal)).toEqual([1, 2, 3]);
    expect(nextOrdinal(s.runs, 'explorer')).toBe(4);
    expect(restoreRuns(s.runs, [runOf(restored, 'r1')])).toBe(s.runs);
    s = addRun(s, 'new', resolveConfig(s.explorer.settings, [0, 1, 0]));
    expect(runOf(s, 'new').ordinal).toBe(4);
  });
});
