import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../experiment/config';
import { setSetting } from '../explorer/explorerState';
import { addRun, apply, finalResult, runMessages, stateWithRuns, view } from '../testing/fakeRuns';
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

  it('draws the runs of one setting (network, recipe, budget) at a time, against the problem’s reference point', () => {
    let s = stateWithRuns([['h', [0.2, 0.4, 0.4]]]);
    const mdmtn = setSetting(s.explorer, 'network', 'mdmtn');
    s = addRun(s, 'm', resolveConfig(mdmtn.settings, [0.2, 0.6, 0.2]));
    s = apply(s, [...runMessages('h', 2, { result: finalResult([0.5, 0.5], [80, 80], 10) }), ...runMessages('m', 2, { result: finalResult([2, 3], [20, 10], 10) })]);
    const hps = frontData(view(s));
    expect(hps.points.map((p) => p.runId)).toEqual(['h']);
    expect(hps.setting).toEqual({ label: 'HPS · graded recipe', current: true });
    // 10 % beyond the worst finished run of the problem, in any setting (as Methods side by side measures).
    expect(hps.reference[0]).toBeCloseTo(2.2, 12);
    expect(hps.reference[1]).toBeCloseTo(3.3, 12);
    const picked = frontData(view({ ...s, explorer: { ...s.explorer, settingPick: { key: 'MDMTN · graded recipe · tiny budget · multimnist', current: 'HPS · graded recipe · tiny budget · multimnist' } } }));
    expect(picked.points.map((p) => p.runId)).toEqual(['m']);
    expect(picked.setting).toEqual({ label: 'MDMTN · graded recipe', current: false });
    // One setting, the current one: no name needed.
    let one = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    one = apply(one, runMessages('a', 2, { result: finalResult([0.5, 0.5], [80, 80], 10) }));
    expect(frontData(view(one)).setting).toBeNull();
    // One finished run of them all against the automatic reference: no hypervolume, no shaded box; one set by hand gives both.
    expect(frontData(view(one)).hypervolumeWithheld).toBe(true);
    expect(frontData(view({ ...one, explorer: { ...one.explorer, front: { ...one.explorer.front, reference: [1, 1] } } })).hypervolumeWithheld).toBe(false);
    // Two runs (here of two settings: the reference is taken from both): the one shown has its hypervolume.
    expect(hps.hypervolumeWithheld).toBe(false);
    // Only another setting's runs (the network changed since): shown, and said to be another's.
    expect(frontData(view({ ...one, explorer: setSetting(one.explorer, 'network', 'mdmtn') })).setting).toEqual({ label: 'HPS · graded recipe', current: false });
  });
});
