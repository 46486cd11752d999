/**
 * Sweeps on the network problems (MultiMNIST): the same method keys and grid size as the teaching lab, on the
 * task part of the preference. A network preference is k = (k₀ sparsity, k₁, k₂); the sweep keeps the editor's
 * k₀ and spreads the rest over the tasks (sweepGrid.ts networkTaskGrid), so the runs differ only in the task
 * trade-off they ask for and land on one front of task 1 vs task 2. Runs that already exist with exactly the same
 * config (finished, queued or running) are not queued again. Pure.
 */
import { resolveConfig, withChoices, type ExperimentSettings, type TrainerConfig } from '../../experiment/config';
import { isEnded, type NetworkRun } from '../runs/runRecord';
import { runIdentity, sameData } from '../explorer/preferencePlan';
import { methodOfKey } from './methodKeys';
import type { MethodKey } from '../../experiment/choices';
import { networkTaskGrid } from './sweepGrid';
import type { SweepSettings } from './sweepStore';

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

/** The entries without a finished or active run of the same config (for a Pareto set model: settings) among the explorer's runs. */
export function pendingSweep(explorerRuns: readonly NetworkRun[], entries: readonly NetworkSweepEntry[]): NetworkSweepEntry[] {
  const runs = explorerRuns.filter((r) => (r.state === 'finished' || !isEnded(r)) && !r.pin);
  return entries.filter((e) => !runs.some((r) => sameData(runIdentity(r.config), runIdentity(e.config))));
}
