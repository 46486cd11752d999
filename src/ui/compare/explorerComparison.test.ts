import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../experiment/config';
import { setSetting } from '../explorer/explorerState';
import { addRun, apply, finalResult, runMessages, stateWithRuns, view, type ExplorerFixture } from '../testing/fakeRuns';
import { listedSettingLabels, runsOfSetting } from '../explorer/shownSetting';
import { explorerComparison } from './explorerComparison';

const HPS = 'HPS · graded recipe · tiny budget · multimnist';
const MDMTN = 'MDMTN · graded recipe · tiny budget · multimnist';

/** Finishes run `id` at these test NLLs, at time `now`. */
const finish = (f: ExplorerFixture, id: string, nll: [number, number], now: number) => apply(f, runMessages(id, 2, { result: finalResult(nll, [80, 80], 10) }), now);

/** Two MDMTN runs (tiny budget's HPS edited to MDMTN) and one HPS run, all finished; the explorer set to HPS. */
function twoNetworks(): ExplorerFixture {
  let f = stateWithRuns([['h1', [0.2, 0.4, 0.4]]]);
  const mdmtn = setSetting(f.explorer, 'network', 'mdmtn');
  f = addRun(f, 'm1', resolveConfig(mdmtn.settings, [0.2, 0.6, 0.2]));
  f = addRun(f, 'm2', resolveConfig(mdmtn.settings, [0.2, 0.2, 0.6]));
  f = finish(f, 'h1', [0.5, 0.5], 1);
  f = finish(f, 'm1', [0.2, 0.9], 2);
  return finish(f, 'm2', [0.9, 0.2], 3);
}

describe("the explorer's methods side by side", () => {
  it('the run list names the setting of each run only where a problem has runs of several', () => {
    const f = twoNetworks();
    expect([...listedSettingLabels(view(f).runs)]).toEqual([
      ['h1', 'HPS · graded recipe'],
      ['m1', 'MDMTN · graded recipe'],
      ['m2', 'MDMTN · graded recipe'],
    ]);
    expect(listedSettingLabels(view(stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.2, 0.6, 0.2]]])).runs).size).toBe(0);
  });

  it('shows the runs of one setting at a time: the current settings’ while they have runs, the picked one until the settings change', () => {
    const f = twoNetworks();
    const hps = explorerComparison(view(f));
    expect(hps.settings).toEqual([
      { key: HPS, label: 'HPS · graded recipe', runs: 1 },
      { key: MDMTN, label: 'MDMTN · graded recipe', runs: 2 },
    ]);
    expect(hps.current).toBe(HPS);
    expect(hps.shown).toBe(HPS);
    expect(hps.chart.points.map((p) => p.id)).toEqual(['h1']);
    // One reference point for every setting: the automatic one over all the problem's runs (10 % beyond the worst).
    expect(hps.reference[0]).toBeCloseTo(0.99, 12);
    expect(hps.reference[1]).toBeCloseTo(0.99, 12);

    const picked = explorerComparison(view({ ...f, explorer: { ...f.explorer, settingPick: { key: MDMTN, current: hps.current } } }));
    expect(picked.shown).toBe(MDMTN);
    expect(picked.chart.points.map((p) => p.id)).toEqual(['m1', 'm2']);
    expect(picked.reference).toEqual(hps.reference);
    expect(picked.summaries.map((m) => [m.key, m.count])).toEqual([['chebyshev-al', 2]]);

    // The explorer set to MDMTN: its runs show; a pick made under other settings no longer holds.
    const toMdmtn = { ...f, explorer: setSetting(f.explorer, 'network', 'mdmtn') };
    expect(explorerComparison(view({ ...toMdmtn, explorer: { ...toMdmtn.explorer, settingPick: { key: HPS, current: hps.current } } })).shown).toBe(MDMTN);
    // Its runs to come and its sweep's coverage count the runs of the setting shown.
    const queued = addRun(toMdmtn, 'q', resolveConfig(toMdmtn.explorer.settings, [0.2, 0.5, 0.3]));
    expect(runsOfSetting(view(queued).runs, MDMTN).map((r) => r.id)).toEqual(['m1', 'm2', 'q']);
    expect(runsOfSetting(view(queued).runs, HPS).map((r) => r.id)).toEqual(['h1']);
  });

  it('shows the newest finished run’s setting while the current settings have no runs, and no choice with one setting', () => {
    const f = twoNetworks();
    const held = { ...f, explorer: setSetting(f.explorer, 'recipe', 'held') };
    const comparison = explorerComparison(view(held));
    expect(comparison.current).toBe('HPS · held recipe · tiny budget · multimnist');
    expect(comparison.shown).toBe(MDMTN);

    let one = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    one = finish(one, 'a', [0.5, 0.5], 1);
    const single = explorerComparison(view({ ...one, explorer: setSetting(one.explorer, 'network', 'mdmtn') }));
    expect(single.settings).toEqual([{ key: HPS, label: 'HPS · graded recipe', runs: 1 }]);
    expect(single.shown).toBe(HPS);
    expect(single.chart.points.map((p) => p.id)).toEqual(['a']);
  });

  it('counts only the chosen problem’s runs (their losses do not compare with another dataset’s)', () => {
    let f = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    const cifar = setSetting(f.explorer, 'problem', 'cifar10mnist');
    f = addRun(f, 'c', resolveConfig(cifar.settings, [0.2, 0.4, 0.4]));
    f = finish(f, 'a', [0.5, 0.5], 1);
    f = finish(f, 'c', [2.5, 0.5], 2);
    const mnist = explorerComparison(view(f));
    expect(mnist.chart.points.map((p) => p.id)).toEqual(['a']);
    expect(mnist.settings).toEqual([{ key: HPS, label: 'HPS · graded recipe', runs: 1 }]);
    const other = explorerComparison(view({ ...f, explorer: cifar }));
    expect(other.chart.points.map((p) => p.id)).toEqual(['c']);
  });

  it('is the same object while only a run in progress changes (no redraw while readings stream)', () => {
    const f = twoNetworks();
    const before = explorerComparison(view(f));
    const running = apply(addRun(f, 'd', resolveConfig(f.explorer.settings, [0.2, 0.5, 0.3])), runMessages('d', 3, null), 4);
    expect(explorerComparison(view(running))).toBe(before);
  });
});
