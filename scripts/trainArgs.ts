/**
 * Command-line arguments of `npm run train`: the experiment's flags (derived from the registry,
 * src/experiment/cli.ts) and the trainer's own I/O options, parsed and checked into a TrainerConfig. Kept apart
 * from the CLI's I/O so the rules are unit-tested.
 */
import { MAX_RUNS_AT_ONCE, NODE_BACKEND_NAMES, type BudgetName, type NodeBackendName } from '../src/experiment/choices';
import { configFlagProblems, configFromFlags, experimentUsage, line, parseExperimentFlags, UsageError } from '../src/experiment/cli';
import { editedValues, resolveConfig, type TrainerConfig } from '../src/experiment/config';
import { stackingProblems } from '../src/engine/stacked/stacking';
import { parsePreferenceSet, PREFERENCE_SET_HELP, PREFERENCE_SET_OPTIONS } from '../src/sweep/grid';
import { atOnceFlag, parseExperimentCommand, writableOutputPath } from './flags';
import { dataDirOfFlag } from './dataDir';
import { STANDARD_OUTPUT } from './userPath';

import { SYNTHETIC_DATA } from '../src/sweep/workerEnv';
import { kText } from '../src/experiment/preference';
import { experimentOfLinkFlag, LINK_OPTIONS, linkUsage, type LinkedExperiment } from '../src/experiment/link/linkFlag';
import { budgetText, recipeText } from '../src/experiment/setting';
import { runKindOf } from '../src/experiment/parameter';
export { UsageError } from '../src/experiment/cli';

/** The help of npm run train, with `budget`'s defaults. */
export const trainUsage = (budget: BudgetName = 'paper'): string => `Usage: npm run train -- [options]

${experimentUsage(budget)}

  From the app:
${linkUsage('its experiment and preference k')}

  Runs at once (one stacked computation; either problem, methods that scalarize):
${line('--preferences SET', `train a run for each of these preference vectors at once: ${PREFERENCE_SET_HELP}`)}
${line('--k0 X', 'the sparsity weight of paper and grid')}
${line('--size N', 'points of grid and simplex (default 5)')}
${line('--at-once K', `train at most K of them at once (1 to ${MAX_RUNS_AT_ONCE}, default ${MAX_RUNS_AT_ONCE}): more go in groups of K, one group after another`)}

  Input and output:
${line(`--backend ${NODE_BACKEND_NAMES.join('|')}`, `TF.js backend in Node (default ${NODE_BACKEND_NAMES[0]})`)}
${line('--data DIR', "prepared data folder (default public/data, or the folder PARETOSCOPE_DATA_DIR names); 'synthetic': MultiMNIST-shaped random images, for smoke tests")}
${line('--out FILE', `write the result JSON here (relative to the folder the command was typed in); '${STANDARD_OUTPUT}': to standard output (npm run -s keeps npm's own lines out of it), the summary then to standard error`)}
${line('--quiet', 'no progress bar')}
${line('--help', 'this text')}
`;
export const TRAIN_USAGE = trainUsage();

export interface TrainCliOptions {
  config: TrainerConfig;
  /** With --preferences: the runs trained at once, one config a preference (config is the first). */
  together: TrainerConfig[] | null;
  /** With --preferences: how many of them train at once (the rest wait for the group before them). */
  atOnce: number;
  backend: NodeBackendName;
  dataDir: string;
  /** Whether --data named the folder (else PARETOSCOPE_DATA_DIR or public/data). */
  dataGiven: boolean;
  out: string | null;
  quiet: boolean;
  help: boolean;
  /** The budget the flags chose: its presets are --help's defaults. */
  budget: BudgetName;
  /** What of a --link the run does not take (said before it starts). */
  notes: string[];
}

export function parseTrainArgs(argv: string[], env: Record<string, string | undefined> = process.env): TrainCliOptions {
  const values = parseExperimentCommand(argv, {
    ...PREFERENCE_SET_OPTIONS,
    ...LINK_OPTIONS,
    'at-once': { type: 'string' },
    backend: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, env);
  const backend = values.backend ?? NODE_BACKEND_NAMES[0];
  if (!(NODE_BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${NODE_BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const linked = values.link === undefined ? undefined : experimentOfLinkFlag(values.link, 'train');
  const together = values.preferences === undefined ? null : runsAtOnce(values, linked);
  if (together === null && (values.k0 !== undefined || values.size !== undefined || values['at-once'] !== undefined)) throw new UsageError('--k0, --size and --at-once go with --preferences');
  const config = together?.[0] ?? configFromFlags(values, linked);
  const out = values.out === undefined || values.out === STANDARD_OUTPUT ? (values.out ?? null) : writableOutputPath('--out', values.out, env);
  return {
    config,
    together,
    atOnce: atOnceFlag(values['at-once'], MAX_RUNS_AT_ONCE),
    backend: backend as NodeBackendName,
    dataDir: dataDirOfFlag(values.data, env),
    dataGiven: values.data !== undefined,
    out,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    budget: parseExperimentFlags(values, linked).settings.budget,
    // With --preferences the link's list note is beside the point.
    notes: (linked?.notes ?? []).filter((note) => together === null || !note.includes('--preferences')),
  };
}

/** The configs of --preferences: the experiment's flags at every vector of the set, checked to train at once. */
function runsAtOnce(values: Record<string, string | boolean | undefined>, linked: LinkedExperiment | undefined): TrainerConfig[] {
  const { preferences } = parsePreferenceSet(values);
  const { settings } = parseExperimentFlags(values, linked);
  const configs = preferences.map((k) => resolveConfig(settings, k));
  // A problem of every run is said once; one of some vectors (the vectors themselves are checked by
  // parsePreferenceSet) names each by its values.
  // A set that cannot train at once is said first: its runs' other problems may come of it (sparse and plain runs read
  // different flags).
  const stacking = stackingProblems(configs);
  if (stacking.length > 0) throw new UsageError(`--preferences: ${stacking.join('; ')} (train them in two commands, or as a sweep: npm run sweep)`);
  const perRun = configs.map((c) => configFlagProblems(c, values));
  const everywhere = perRun[0].filter((p) => perRun.every((problems) => problems.includes(p)));
  const own = configs.flatMap((c, i) => perRun[i].filter((p) => !everywhere.includes(p)).map((p) => `--preferences: ${kText(c.preference)} ${p}`));
  const problems = [...everywhere, ...new Set(own)];
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return configs;
}

/**
 * A run's recipe, budget and edited hyper-parameters for its header, as the explorer's settings name them (a run without
 * sparsity reads no recipe).
 */
export function settingText(config: TrainerConfig): string {
  const recipe = runKindOf(config.preference) === 'sparse' ? [recipeText(config)] : [];
  return [...recipe, budgetText(config), ...editedValues(config)].join(', ');
}

/** What a run trains on, for its header: the problem, or synthetic data said as such (its numbers are no result). */
export function trainingDataText(options: Pick<TrainCliOptions, 'config' | 'dataDir'>): string {
  return options.dataDir === SYNTHETIC_DATA ? `synthetic ${options.config.problem}-shaped data (random images: a smoke test, not a result)` : options.config.problem;
}
