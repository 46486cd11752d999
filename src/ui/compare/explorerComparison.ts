/**
 * What the explorer's "Methods side by side" shows: the finished runs of the chosen problem, of the setting the front
 * above shows (explorer/shownSetting.ts: one network, recipe and budget at a time). Every setting is measured against
 * the problem's common reference point, so that hypervolumes compare across settings as in `npm run front`. Memoised
 * on the finished runs (readings of a run in progress cost nothing here). Pure.
 */
import { shownSetting, settingKeyOf, type ShownSetting } from '../explorer/shownSetting';
import type { ExplorerView } from '../explorer/explorerView';
import type { NetworkRun } from '../runs/runRecord';
import { networkComparison, type NetworkComparison } from './networkComparison';

type Input = Pick<ExplorerView, 'runs' | 'front' | 'gridAnswers' | 'settings' | 'preference' | 'settingPick'>;

export type ExplorerComparison = NetworkComparison & Omit<ShownSetting, 'finished' | 'shownLabel'>;

let memo: { finished: NetworkRun[]; key: unknown[]; value: ExplorerComparison } | null = null;
export function explorerComparison(s: Input): ExplorerComparison {
  const { finished, settings, shown, current } = shownSetting(s);
  const memoKey = [s.front, s.gridAnswers, finished, settings, shown];
  if (memo && memo.key.every((k, i) => k === memoKey[i])) return memo.value;
  const all = networkComparison({ runs: finished, front: s.front, gridAnswers: s.gridAnswers });
  const comparison =
    settings.length > 1
      ? networkComparison({ runs: finished.filter((r) => settingKeyOf(r.config) === shown), front: { ...s.front, reference: all.reference }, gridAnswers: s.gridAnswers })
      : all;
  const value: ExplorerComparison = { ...comparison, settings, shown, current };
  memo = { finished, key: memoKey, value };
  return value;
}
