/**
 * Sweeps on the network problems (MultiMNIST): the same method keys and grid size as the teaching lab, on the
 * task part of the preference. A network preference is k = (k₀ sparsity, k₁, k₂); the sweep keeps the editor's
 * k₀ and spreads the rest over the tasks with the two-objective grid w: k = (k₀, (1 − k₀) w₁, (1 − k₀) w₂), so
 * the runs differ only in the task trade-off they ask for and land on one front of task 1 vs task 2. Runs that
 * already exist with exactly the same config (finished, queued or running) are not queued again. Pure.
 */
import { resolveConfig, withChoices, type ExperimentSettings, type TrainerConfig } from '../../experiment/config';
import { isEnded, type NetworkRun } from '../runs/runRecord';
import { sameData } from '../explorer/preferencePlan';
import { roundPreference } from '../../experiment/preference';
import { methodOfKey } from './methodKeys';
import { type MethodKey } from '../../experiment/choices';
import { simplexGrid } from './sweepGrid';
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

export function networkSweepEntries(settings: ExperimentSettings, k0: number, sweep: Pick<SweepSettings, 'methods' | 'size'>): NetworkSweepEntry[] {
  const grid = simplexGrid(2, sweep.size);
  const rest = 1 - k0;
  return sweep.methods.flatMap((key) =>
    grid.map((w) => {
      const preference = [...roundPreference([k0, rest * w[0], rest * w[1]], 4)];
      return { key, preference, config: resolveConfig(settingsForMethod(settings, key), preference) };
    }),
  );
}

/** The entries without a finished or active run of the same config among the explorer's runs. */
export function pendingSweep(explorerRuns: readonly NetworkRun[], entries: readonly NetworkSweepEntry[]): NetworkSweepEntry[] {
  const runs = explorerRuns.filter((r) => r.state === 'finished' || !isEnded(r));
  return entries.filter((e) => !runs.some((r) => sameData(r.config, e.config)));
}
