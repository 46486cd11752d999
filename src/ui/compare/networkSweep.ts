/**
 * Sweeps on the network problems (MultiMNIST): the same method keys and grid size as the teaching lab, on the
 * task part of the preference. A network preference is k = (k₀ sparsity, k₁, k₂); the sweep keeps the editor's
 * k₀ and spreads the rest over the tasks (sweepGrid.ts networkTaskGrid), so the runs differ only in the task
 * trade-off they ask for and land on one front of task 1 vs task 2. Runs that already exist with exactly the same
 * config (finished, queued or running) are not queued again. Pure.
 */
import { sameEntry, samePreference } from '../../experiment/preference';
import { resolveConfig, withChoices, type ExperimentSettings, type TrainerConfig } from '../../experiment/config';
import { isEnded, type NetworkRun } from '../runs/runRecord';
import { runIdentity, sameData, trainedAtItsPreference } from '../explorer/preferencePlan';
import { keyOfMethod, methodOfKey, METHOD_STYLES } from './methodKeys';
import type { MethodKey } from '../../experiment/choices';
import { networkTaskGrid, sweptGridSize } from './sweepGrid';
import type { SweepSettings } from './sweepStore';
import { missingText } from './methodSummary';
import { runStatesSignature, sweepStanding, type SweepStanding } from './sweepStanding';
import { plural } from '../../experiment/plural';
import { LAB_PARAMETER_BY_KEY } from '../../experiment/labParameters';

const SWEEP_SIZE = LAB_PARAMETER_BY_KEY.sweep;

/** The id of every run the Sweep button queues (networkSweepCommand.ts): what tells a sweep's runs from single runs. */
export const SWEEP_RUN_ID_PREFIX = 'explorer-sweep-';
/** The Sweep button's ids before they had their own prefix ("sweep-mhx3k2-4"); not `npm run sweep`'s ("…-r0001"). */
const LEGACY_SWEEP_RUN_ID = /^sweep-[0-9a-z]+-\d+$/;

/** Whether the explorer's Sweep button queued the run (an imported `npm run sweep` run was not). */
export function isExplorerSweepRun(id: string): boolean {
  return id.startsWith(SWEEP_RUN_ID_PREFIX) || LEGACY_SWEEP_RUN_ID.test(id);
}

export interface NetworkSweepEntry {
  key: MethodKey;
  preference: number[];
  config: TrainerConfig;
}

/** The explorer's settings with the key's method and variant (edits whose preset changes with them are dropped). */
export function settingsForMethod(settings: ExperimentSettings, key: MethodKey): ExperimentSettings {
  return withChoices(settings, methodOfKey(key));
}

/**
 * Every method once per grid point, except Pareto set learning: one model for the whole grid, trained at the editor's
 * preference (`k`) and then read at the grid's preferences (explorerCommands askModelGrid).
 */
export function networkSweepEntries(settings: ExperimentSettings, k: readonly number[], sweep: Pick<SweepSettings, 'methods' | 'size'>): NetworkSweepEntry[] {
  const grid = networkTaskGrid(k[0], sweep.size);
  const entry = (key: MethodKey, preference: number[]) => ({ key, preference, config: resolveConfig(settingsForMethod(settings, key), preference) });
  return sweep.methods.flatMap((key) => (key === 'psl' ? [entry(key, [...k])] : grid.map((preference) => entry(key, preference))));
}

/**
 * The sweep's k₀ (the one asked, else the latest swept run's) and the methods swept at it, among runs that trained at
 * their preference; null where none of them is a sweep's.
 */
function sweptMethods(runs: readonly NetworkRun[], sweepK0: number | null): { k0: number; keys: Set<MethodKey> } | null {
  const swept = runs.filter((r) => isExplorerSweepRun(r.id));
  if (swept.length === 0) return null;
  const k0 = sweepK0 ?? swept.reduce((latest, r) => (r.ordinal > latest.ordinal ? r : latest)).config.preference[0];
  return { k0, keys: new Set(swept.filter((r) => sameEntry(r.config.preference[0], k0)).map((r) => keyOfMethod(r.config.method))) };
}

/**
 * The number of preferences of the sweep the comparison measures at: the grid at the sweep's k₀ that holds most of the
 * Sweep button's runs of the swept methods, in any state (sweepGrid.ts sweptGridSize; the box's number among equals,
 * else the smallest: the grid of 3 lies inside that of 9). The box plans the next sweep, and the lab shares it: a number
 * typed there must not make a sweep that ran read as cut short. The box's where no sweep ran. Memoised on the runs'
 * states (readings stream in many times a second and change none of it).
 */
export function networkSweepSize(all: readonly NetworkRun[], sweepK0: number | null, box: number, maxSize = SWEEP_SIZE.max): number {
  const key = `${sweepK0}|${box}|${maxSize}|${runStatesSignature(all)}`;
  if (sizeMemo?.key === key) return sizeMemo.value;
  const runs = all.filter(trainedAtItsPreference);
  const sweep = sweptMethods(runs, sweepK0);
  let value = box;
  if (sweep) {
    const { k0, keys } = sweep;
    // The Sweep button's runs (their ids say so): one run is a sweep of one preference.
    const preferences = runs.filter((r) => isExplorerSweepRun(r.id) && keys.has(keyOfMethod(r.config.method)) && sameEntry(r.config.preference[0], k0)).map((r) => r.config.preference);
    value = sweptGridSize(preferences, (n) => networkTaskGrid(k0, n), maxSize, box, 1) ?? box;
  }
  sizeMemo = { key, value };
  return value;
}
let sizeMemo: { key: string; value: number } | null = null;

/**
 * The sweep grid's preferences each swept method has no run at, finished or to come (methodSummary.ts missingText:
 * "linear:2"; '' when none or no run came from a sweep). The grid is of the sweep's `size` (networkSweepSize) at the
 * k₀ of the last sweep: this page's (`sweepK0`), else that of the latest run a sweep
 * queued (after a reload). Only methods swept at that k₀ count: a method run once at a preference of the user's own
 * choosing, or swept at another k₀ before, was never meant to cover this grid.
 */
export function networkSweepMissing(all: readonly NetworkRun[], sweepK0: number | null, size: number): string {
  const runs = all.filter(trainedAtItsPreference);
  const sweep = sweptMethods(runs, sweepK0);
  if (!sweep) return '';
  const { k0, keys } = sweep;
  const counted = runs.filter((r) => keys.has(keyOfMethod(r.config.method)));
  const grid = networkTaskGrid(k0, size);
  return missingText(
    counted.map((r) => ({ key: keyOfMethod(r.config.method), preference: r.config.preference, finished: r.state === 'finished', finishedOrComing: r.state === 'finished' || !isEnded(r) })),
    () => grid,
  );
}

/**
 * The swept methods' finished runs at preferences off the sweep's grid (runs of the user's own beside the sweep): a
 * method's numbers count all its runs of the setting, so that more runs, or a sparser one, can lift its hypervolume
 * over a method that ran the grid alone. Empty where there are none (or no sweep).
 */
export function networkSweepExtra(all: readonly NetworkRun[], sweepK0: number | null, size: number): string {
  const sweep = sweptMethods(all.filter(trainedAtItsPreference), sweepK0);
  if (!sweep) return '';
  const { k0, keys } = sweep;
  const grid = networkTaskGrid(k0, size);
  const onGrid = (r: NetworkRun) => trainedAtItsPreference(r) && grid.some((k) => samePreference(k, r.config.preference));
  const off = new Map<MethodKey, number>();
  for (const r of all) {
    const key = keyOfMethod(r.config.method);
    // A Pareto set model counts by its answers at the grid (networkComparison): never off it.
    if (r.state !== 'finished' || !keys.has(key) || key === 'psl' || onGrid(r)) continue;
    off.set(key, (off.get(key) ?? 0) + 1);
  }
  if (off.size === 0) return '';
  const each = [...off].map(([key, n]) => `${METHOD_STYLES[key].short} ${n}`).join(', ');
  return `Counted beside the sweep's ${plural(size, 'preference')}: runs at others (${each}). A method's numbers count all its runs of this setting, so compare them with that in mind, or Delete the extra runs.`;
}

/** Whether one of the runs, in a state `state` accepts, trained this entry: the same config (a Pareto set model: settings). */
function hasRun(runs: readonly NetworkRun[], entry: NetworkSweepEntry, state: (run: NetworkRun) => boolean): boolean {
  return runs.some((r) => state(r) && trainedAtItsPreference(r) && sameData(runIdentity(r.config), runIdentity(entry.config)));
}
const finishedRun = (r: NetworkRun) => r.state === 'finished';
const comingRun = (r: NetworkRun) => !isEnded(r);

/** The entries without a finished or active run of the same config (for a Pareto set model: settings) among the explorer's runs. */
export function pendingSweep(explorerRuns: readonly NetworkRun[], entries: readonly NetworkSweepEntry[]): NetworkSweepEntry[] {
  return entries.filter((e) => !hasRun(explorerRuns, e, (r) => finishedRun(r) || comingRun(r)));
}

let standingMemo: { entries: readonly NetworkSweepEntry[]; signature: string; value: SweepStanding } | null = null;
/**
 * How many of the entries have finished, or are to come, among the explorer's runs (as pendingSweep matches them).
 * Memoised on the entries and the runs' states (the panel asks on every batch of readings).
 */
export function networkSweepStanding(explorerRuns: readonly NetworkRun[], entries: readonly NetworkSweepEntry[]): SweepStanding {
  const signature = runStatesSignature(explorerRuns);
  if (standingMemo?.entries === entries && standingMemo.signature === signature) return standingMemo.value;
  const value = sweepStanding(
    entries,
    (e) => hasRun(explorerRuns, e, finishedRun),
    (e) => hasRun(explorerRuns, e, comingRun),
  );
  standingMemo = { entries, signature, value };
  return value;
}
