/**
 * Which setting's runs the front and "Methods side by side" show: runs of another network, recipe or budget
 * (experiment/setting.ts) are no points of the same front, and a hypervolume over both would compare nothing, so the
 * explorer shows the finished runs of one setting at a time — the one the user picked (until the explorer's settings
 * change), else the current settings' (while they have finished runs), else the newest finished run's. Memoised on the
 * finished runs (readings of a run in progress cost nothing here). Pure.
 */
import { resolveConfig, type TrainerConfig } from '../../experiment/config';
import { settingKey, settingLabels } from '../../experiment/setting';
import type { NetworkRun } from '../runs/runRecord';
import { runsOfProblem } from '../pareto/frontPoints';
import type { SettingPick } from './explorerState';
import type { ExplorerView } from './explorerView';

export interface SettingGroup {
  /** The setting in full (experiment/setting.ts settingKey). */
  key: string;
  /** As the explorer names it: what tells it from the other groups. */
  label: string;
  /** Its finished runs. */
  runs: number;
}

export interface ShownSetting {
  /** The finished runs of the chosen problem, every setting's. */
  finished: NetworkRun[];
  /** The settings with finished runs of the problem, in the order of their first run. */
  settings: SettingGroup[];
  /** The key of the setting shown (null before any finished run). */
  shown: string | null;
  /** The key of the explorer's current settings (the next run's). */
  current: string;
  /** The shown setting's label (what tells it from the other groups and from the current settings); null before runs. */
  shownLabel: string | null;
}

/** A run's setting key, once per config (a run's config does not change while its readings stream in). */
const keys = new WeakMap<TrainerConfig, string>();
export function settingKeyOf(config: TrainerConfig): string {
  let key = keys.get(config);
  if (key === undefined) keys.set(config, (key = settingKey(config)));
  return key;
}

/**
 * What tells the listed runs' settings apart, by run id ("HPS · paper recipe"): only for a problem whose runs are of
 * more than one setting (two runs at one k and method then read alike in the list); empty for most lists.
 */
export function listedSettingLabels(runs: readonly NetworkRun[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const problem of new Set(runs.map((r) => r.config.problem))) {
    const group = runs.filter((r) => r.config.problem === problem);
    if (new Set(group.map((r) => settingKeyOf(r.config))).size < 2) continue;
    const names = settingLabels(group.map((r) => r.config));
    group.forEach((r, i) => labels.set(r.id, names[i]));
  }
  return labels;
}

/** The explorer's runs of the setting shown, finished or not (all where none is: before any finished run). */
export function runsOfSetting(runs: readonly NetworkRun[], key: string | null): NetworkRun[] {
  return key === null ? [...runs] : runs.filter((r) => settingKeyOf(r.config) === key);
}

function chooseShown(groups: readonly SettingGroup[], newest: NetworkRun | undefined, picked: SettingPick | null, current: string): string | null {
  const has = (key: string) => groups.some((g) => g.key === key);
  if (picked && picked.current === current && has(picked.key)) return picked.key;
  if (has(current)) return current;
  return newest ? settingKeyOf(newest.config) : null;
}

type Input = Pick<ExplorerView, 'runs' | 'settings' | 'preference' | 'settingPick'>;

let memo: { finished: NetworkRun[]; key: unknown[]; value: ShownSetting } | null = null;
export function shownSetting(s: Input): ShownSetting {
  const finished = runsOfProblem(s.runs, s.settings.problem).filter((r) => r.state === 'finished' && r.result);
  const memoKey = [s.settings, s.preference.length, s.settingPick];
  if (memo && memo.key.every((k, i) => k === memoKey[i]) && memo.finished.length === finished.length && memo.finished.every((r, i) => r === finished[i])) return memo.value;
  const currentConfig = resolveConfig(s.settings, s.preference);
  const current = settingKey(currentConfig);
  const groups: SettingGroup[] = [];
  for (const run of finished) {
    const key = settingKeyOf(run.config);
    const group = groups.find((g) => g.key === key);
    if (group) group.runs++;
    else groups.push({ key, label: '', runs: 1 });
  }
  // Labels name only what tells the groups, and the current settings, apart (the budget where budgets differ).
  const labels = settingLabels([...groups.map((g) => (finished.find((r) => settingKeyOf(r.config) === g.key) as NetworkRun).config), currentConfig]);
  groups.forEach((g, i) => (g.label = labels[i]));
  const newest = finished.reduce<NetworkRun | undefined>((a, r) => (a === undefined || (r.endedAt ?? 0) >= (a.endedAt ?? 0) ? r : a), undefined);
  const shown = chooseShown(groups, newest, s.settingPick, current);
  const value: ShownSetting = { finished, settings: groups, shown, current, shownLabel: groups.find((g) => g.key === shown)?.label ?? null };
  memo = { finished, key: memoKey, value };
  return value;
}
