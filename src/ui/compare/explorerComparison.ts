/**
 * What the explorer's "Methods side by side" shows: the finished runs of the chosen problem (as the Pareto front
 * above), one setting at a time — network, recipe, budget (experiment/setting.ts): runs of another network or recipe
 * are no points of the same front, and a method's hypervolume over both would compare nothing. Every setting is
 * measured against the problem's common reference point, so that hypervolumes compare across settings as in `npm run
 * front`. Memoised on the finished runs (readings of a run in progress cost nothing here). Pure.
 */
import { resolveConfig, type TrainerConfig } from '../../experiment/config';
import { settingKey, settingLabels } from '../../experiment/setting';
import type { ExplorerView } from '../explorer/explorerView';
import { runsOfProblem } from '../pareto/frontPoints';
import type { NetworkRun } from '../runs/runRecord';
import { networkComparison, type NetworkComparison } from './networkComparison';

type Input = Pick<ExplorerView, 'runs' | 'front' | 'gridAnswers' | 'settings' | 'preference'>;

export interface SettingGroup {
  /** The setting in full (experiment/setting.ts settingKey). */
  key: string;
  /** As the panel names it: what tells it from the other groups. */
  label: string;
  /** Its finished runs. */
  runs: number;
}

export interface ExplorerComparison extends NetworkComparison {
  /** The settings with finished runs of the problem, in the order of their first run. */
  settings: SettingGroup[];
  /** The key of the setting shown (null before any finished run). */
  shown: string | null;
  /** The key of the explorer's current settings (the next run's). */
  current: string;
}

/** A setting the user picked to show, while the explorer's settings were those of `current`. */
export interface SettingPick {
  key: string;
  current: string;
}

/** A run's setting key, once per config (a run's config does not change while its readings stream in). */
const keys = new WeakMap<TrainerConfig, string>();
function settingKeyOf(config: TrainerConfig): string {
  let key = keys.get(config);
  if (key === undefined) keys.set(config, (key = settingKey(config)));
  return key;
}

/**
 * The setting shown: the one picked (while it has runs, and until the explorer's settings change: then the new
 * setting's runs show, once it has any), else the current settings' (while it has runs), else the newest finished run's.
 */
function shownSetting(groups: readonly SettingGroup[], newest: NetworkRun | undefined, picked: SettingPick | null, current: string): string | null {
  const has = (key: string) => groups.some((g) => g.key === key);
  if (picked && picked.current === current && has(picked.key)) return picked.key;
  if (has(current)) return current;
  return newest ? settingKeyOf(newest.config) : null;
}

let memo: { finished: NetworkRun[]; key: unknown[]; value: ExplorerComparison } | null = null;
export function explorerComparison(s: Input, picked: SettingPick | null = null): ExplorerComparison {
  const finished = runsOfProblem(s.runs, s.settings.problem).filter((r) => r.state === 'finished' && r.result);
  const memoKey = [s.front, s.gridAnswers, s.settings, s.preference.length, picked];
  if (memo && memo.key.every((k, i) => k === memoKey[i]) && memo.finished.length === finished.length && memo.finished.every((r, i) => r === finished[i])) return memo.value;
  const current = settingKey(resolveConfig(s.settings, s.preference));
  const groups: SettingGroup[] = [];
  for (const run of finished) {
    const key = settingKeyOf(run.config);
    const group = groups.find((g) => g.key === key);
    if (group) group.runs++;
    else groups.push({ key, label: '', runs: 1 });
  }
  // Labels name only what tells the groups apart (the budget where budgets differ).
  const labels = settingLabels(groups.map((g) => (finished.find((r) => settingKeyOf(r.config) === g.key) as NetworkRun).config));
  groups.forEach((g, i) => (g.label = labels[i]));
  const newest = finished.reduce<NetworkRun | undefined>((a, r) => (a === undefined || (r.endedAt ?? 0) >= (a.endedAt ?? 0) ? r : a), undefined);
  const shown = shownSetting(groups, newest, picked, current);
  const all = networkComparison({ runs: finished, front: s.front, gridAnswers: s.gridAnswers });
  const comparison =
    groups.length > 1
      ? networkComparison({ runs: finished.filter((r) => settingKeyOf(r.config) === shown), front: { ...s.front, reference: all.reference }, gridAnswers: s.gridAnswers })
      : all;
  const value: ExplorerComparison = { ...comparison, settings: groups, shown, current };
  memo = { finished, key: memoKey, value };
  return value;
}

/** The explorer's runs of the setting shown, finished or not (for its runs to come and its sweep's coverage). */
export function runsOfSetting(runs: readonly NetworkRun[], key: string | null): NetworkRun[] {
  return key === null ? [...runs] : runs.filter((r) => settingKeyOf(r.config) === key);
}
