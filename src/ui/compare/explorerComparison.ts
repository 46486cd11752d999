/**
 * What the explorer's "Methods side by side" shows: the finished runs of the chosen problem (as the Pareto front
 * above), one setting at a time — network, recipe, budget (experiment/setting.ts): runs of another network or recipe
 * are no points of the same front, and a method's hypervolume over both would compare nothing. Every setting is
 * measured against the problem's common reference point, so that hypervolumes compare across settings as in `npm run
 * front`. Memoised on the finished runs (readings of a run in progress cost nothing here). Pure.
 */
import { resolveConfig } from '../../experiment/config';
import { settingLabels } from '../../experiment/setting';
import type { ExplorerView } from '../explorer/explorerView';
import { runsOfProblem } from '../pareto/frontPoints';
import type { NetworkRun } from '../runs/runRecord';
import { networkComparison, type NetworkComparison } from './networkComparison';

type Input = Pick<ExplorerView, 'runs' | 'front' | 'gridAnswers' | 'settings' | 'preference'>;

export interface SettingGroup {
  label: string;
  /** Its finished runs. */
  runs: number;
}

export interface ExplorerComparison extends NetworkComparison {
  /** The settings with finished runs of the problem, in the order of their first run. */
  settings: SettingGroup[];
  /** The setting shown (null before any finished run). */
  shown: string | null;
  /** The setting of the explorer's current settings (the next run's). */
  current: string;
}

/** A setting the user picked to show, while the explorer's settings were those of `current`. */
export interface SettingPick {
  label: string;
  current: string;
}

/**
 * The setting shown: the one picked (while it has runs, and until the explorer's settings change: then the new
 * setting's runs show, once it has any), else the current settings' (while it has runs), else the newest finished run's.
 */
function shownSetting(groups: readonly SettingGroup[], labelOf: ReadonlyMap<string, string>, newest: NetworkRun | undefined, picked: SettingPick | null, current: string): string | null {
  const has = (label: string | null) => label !== null && groups.some((g) => g.label === label);
  if (picked && picked.current === current && has(picked.label)) return picked.label;
  if (has(current)) return current;
  return newest ? (labelOf.get(newest.id) ?? null) : null;
}

let memo: { finished: NetworkRun[]; key: unknown[]; value: ExplorerComparison } | null = null;
export function explorerComparison(s: Input, picked: SettingPick | null = null): ExplorerComparison {
  const finished = runsOfProblem(s.runs, s.settings.problem).filter((r) => r.state === 'finished' && r.result);
  const key = [s.front, s.gridAnswers, s.settings, s.preference.length, picked];
  if (memo && memo.key.every((k, i) => k === key[i]) && memo.finished.length === finished.length && memo.finished.every((r, i) => r === finished[i])) return memo.value;
  // The current settings join the labels, so that the next run's setting is named as its finished runs are.
  const labels = settingLabels([...finished.map((r) => r.config), resolveConfig(s.settings, s.preference)]);
  const current = labels[finished.length];
  const labelOf = new Map(finished.map((r, i) => [r.id, labels[i]]));
  const groups: SettingGroup[] = [];
  for (const run of finished) {
    const label = labelOf.get(run.id) as string;
    const group = groups.find((g) => g.label === label);
    if (group) group.runs++;
    else groups.push({ label, runs: 1 });
  }
  const newest = finished.reduce<NetworkRun | undefined>((a, r) => (a === undefined || (r.endedAt ?? 0) >= (a.endedAt ?? 0) ? r : a), undefined);
  const shown = shownSetting(groups, labelOf, newest, picked, current);
  const all = networkComparison({ runs: finished, front: s.front, gridAnswers: s.gridAnswers });
  const comparison =
    groups.length > 1 ? networkComparison({ runs: finished.filter((r) => labelOf.get(r.id) === shown), front: { ...s.front, reference: all.reference }, gridAnswers: s.gridAnswers }) : all;
  const value: ExplorerComparison = { ...comparison, settings: groups, shown, current };
  memo = { finished, key, value };
  return value;
}
