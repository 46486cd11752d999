/**
 * `npm run front -- FILE... --export OUT`: the runs the report compared, as one experiment file the explorer imports
 * (its Import button, or a hosted page's), in parts where one would be over what the import takes. The file opens the explorer at the first run's settings (budget and recipe
 * the nearest presets, its other values as edits), with the runs' preferences as the plan, its methods as the sweep's,
 * and the report's front view. Pure.
 */
import { METHOD_KEYS } from '../experiment/choices';
import { settingsOfConfig } from '../experiment/config';
import { AUTOMATIC_WORKER, defaultExperiment, MAX_QUEUE, SHARED_PARAMETERS } from '../experiment/link/experiment';
import type { Preference } from '../experiment/preference';
import { keyOfMethod } from '../ui/compare/methodKeys';
import { experimentFileParts } from '../ui/exchange/experimentFile';
import type { FrontView } from '../ui/explorer/explorerState';
import type { SavedRun } from '../ui/persistence/savedRun';
import { experimentOf } from '../ui/sharing/experimentState';

export function frontExportParts(runs: readonly SavedRun[], view: FrontView, exportedAt: Date): string[] {
  const lab = defaultExperiment();
  if (runs.length === 0) return experimentFileParts(lab, [], exportedAt);
  const settings = settingsOfConfig(runs[0].config);
  // Only what a link carries: a run's engine-only values stay in its own config, which the file keeps whole.
  const shared = new Set(SHARED_PARAMETERS.map((p) => p.key));
  const overrides = Object.fromEntries(Object.entries(settings.overrides).filter(([key]) => shared.has(key)));
  const ofProblem = runs.filter((r) => r.config.problem === settings.problem);
  const plan = [...new Map(ofProblem.map((r) => [r.config.preference.join(), [...r.config.preference] as Preference])).values()];
  const keys = new Set(ofProblem.map((r) => keyOfMethod(r.config.method)));
  const methods = METHOD_KEYS.filter((key) => keys.has(key));
  const experiment = experimentOf(
    { settings: { ...settings, overrides }, preference: [...runs[0].config.preference] as Preference, plan: plan.slice(0, MAX_QUEUE), front: view },
    AUTOMATIC_WORKER,
    { dimension: lab.dimension, tasks: lab.tasks, width: lab.width, similarity: lab.similarity, methods, sweep: lab.sweep, parallel: false, labK: lab.labK, projection: lab.projection },
  );
  return experimentFileParts(experiment, runs, exportedAt);
}
