/**
 * The JSON form of a saved run (persistence/savedRun.ts) in an exported experiment file, and its zod schema
 * for import. JSON has no NaN or ±Infinity (a reading can be NaN, μ_max is ∞ for the reference variant): they
 * are written as the strings "NaN", "Infinity", "-Infinity" and read back. Typed arrays are written as arrays.
 * Strings are bounded (a name, a note); the config, of any shape this app wrote, is migrated and checked against
 * the registry's schema (experiment/configSchema.ts). Pure.
 */
import { z } from 'zod';
import { NETWORK_TASKS, type TrainerConfig } from '../../experiment/config';
import { configSchema, migrateConfig } from '../../experiment/configSchema';
import { METHOD_NAMES, type MethodName } from '../../experiment/choices';
import type { LayerRowClasses } from '../../workers/protocol';
import { MAX_SAVED_ERROR, type SavedRun } from '../persistence/savedRun';
import { migrateSavedSteps } from '../persistence/savedSteps';
import { MAX_RETARGETS, thinRetargets } from '../runs/runRecord';
import { savedStepsSchema } from './savedStepsSchema';
import { sumsToOne } from '../../engine/preferenceSum';
import { COMMON_PARAMETERS, type CommonKey } from '../../experiment/parameters';
import { scheduledEpochs } from '../../engine/phases/schedule';
import { pslEpochs } from '../../engine/psl/network/config';

/** JSON.stringify replacer: typed arrays as arrays, non-finite numbers as strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * A measured value: finite and within what a run can produce. Results and epoch readings are what the front and
 * the tables plot: a NaN, ∞ or 1e308 there would break every chart and the hypervolume, so it is refused here, at
 * the boundary (step readings may hold ∞ and NaN: μ before the first update, no prox).
 */
const measured = (min: number, max: number) => {
  const message = `must be a finite number from ${min} to ${max}`;
  return z.number({ error: message }).refine((v) => Number.isFinite(v) && v >= min && v <= max, { error: message });
};
const finite = z.number();
const count = z.number().int().min(0);
const name = z.string().max(200);
// One entry per task: a result with fewer could not be drawn on the front.
const scores = z.object({ accuracy: z.array(measured(0, 100)).length(NETWORK_TASKS), nll: z.array(measured(0, 1e6)).length(NETWORK_TASKS) });
const ratio = measured(0, 1e9);

const rowMetrics = z.object({
  sparsityRate: measured(0, 100),
  compressionRate: ratio,
  parameterSharing: ratio,
  totalRows: count,
  zeroRows: count,
  uniqueRows: count,
  totalParams: count,
  nonZeroParams: count,
  uniqueParams: count,
  tiedBytes: count,
});

const unitPreference = z.array(z.number().refine((v) => Number.isFinite(v) && v >= 0 && v <= 1, { error: 'must be a number from 0 to 1' })).min(1).max(16);

/** A network Pareto set model read at a preference (engine/psl/network/lattice.ts; a run keeps 17). */
const modelPoint = z.object({ preference: unitPreference, test: scores, sparsityRate: measured(0, 100), compressionRate: ratio });

/** The most preferences a network Pareto set model's result keeps answers at, a curve's or a sweep's (`npm run sweep` refuses more). */
export const MAX_MODEL_POINTS = 1000;
const modelPoints = z.array(modelPoint).max(MAX_MODEL_POINTS);

/** A network run's result; those saved before results had a kind are network results. */
const finalResult = z.object({
  kind: z.literal('network').default('network'),
  val: scores,
  test: scores,
  rows: rowMetrics,
  growlPenalty: measured(0, 1e12),
  parameterCount: count,
  clusters: z.array(z.object({ layer: name, rows: count, zeroRows: count, clusters: count })).max(100),
  trainingSeconds: measured(0, 1e9),
  samplesPerSecond: measured(0, 1e12),
  steps: count,
  backend: name,
  method: z.enum(METHOD_NAMES).optional(),
  averagedIterates: count.optional(),
  searchModelKept: z.boolean().optional(),
  clusteringSeconds: measured(0, 1e9).optional(),
  runsAtOnce: z.number().int().min(1).max(1000).optional(),
  // sweep: the model's answers at a sweep's preferences (npm run sweep); files written before it have none.
  paretoSet: z.object({ task: modelPoints, sparsity: modelPoints, sweep: modelPoints.optional() }).optional(),
});

const layer = z
  .object({ name, shape: z.array(count).max(4), group: z.array(z.number().int().min(-1)).max(100_000), groupSize: z.array(count).max(100_000) })
  .refine((l) => l.group.every((g) => g < l.groupSize.length), { error: 'group ids must index groupSize' })
  .transform((l): LayerRowClasses => ({ ...l, group: Int32Array.from(l.group), groupSize: Int32Array.from(l.groupSize) }));

const phase = z.enum(['search', 'retrain', 'plain', 'done']);
const epoch = z.object({
  phase,
  outer: count,
  epoch: count,
  globalStep: count,
  trainObjectives: z.array(measured(0, 1e12)).max(16),
  val: scores,
  growlPenalty: measured(0, 1e12),
  best: z.boolean(),
  seconds: measured(0, 1e9),
  sparsityRate: measured(0, 100),
  compressionRate: ratio,
});

/** A run's config of any shape this app wrote, in today's shape (experiment/configSchema.ts). */
const config = z.preprocess(migrateConfig, configSchema);
const methodOf = (parsed: z.infer<typeof config>): MethodName => (parsed as unknown as TrainerConfig).method.name;

/**
 * The parts of a saved run the front, the tables and the details draw, checked as an import checks them. IndexedDB's
 * records are read through it too (persistence/savedRecord.ts): a record that would break a chart, or the page, is
 * left in storage and named, never drawn.
 */
const largest = (key: CommonKey): number => {
  const spec = COMMON_PARAMETERS.find((p) => p.key === key);
  if (spec?.kind !== 'number') throw new Error(`${key} is no number parameter`);
  return spec.max;
};
const longestSchedule = { preference: [0.5, 0.25, 0.25], ...Object.fromEntries((['searchIterations', 'retrainIterations', 'plainIterations', 'innerEpochs', 'retrainInnerEpochs'] as const).map((k) => [k, largest(k)])) } as Parameters<typeof scheduledEpochs>[0];
/** The most epochs a run the parameters allow has: a Pareto set model's, on the longest sparse schedule. */
export const MAX_RUN_EPOCHS = Math.max(scheduledEpochs(longestSchedule), scheduledEpochs({ ...longestSchedule, preference: [0, 0.5, 0.5] }), pslEpochs(longestSchedule));

const drawnParts = {
  result: finalResult.nullable(),
  layers: z.array(layer).max(100).nullable(),
  epochs: z.array(epoch).max(MAX_RUN_EPOCHS),
  notes: z.array(z.string().max(1000)).max(1000),
  /** Files written before failed runs were kept have none. */
  error: z.string().max(MAX_SAVED_ERROR).nullable().default(null),
  /** Files written before re-targeting was recorded have none. */
  retargets: z.preprocess((v) => (Array.isArray(v) ? thinRetargets(v) : v), z.array(z.object({ step: count, preference: unitPreference })).max(MAX_RETARGETS)).default([]),
};

const needsResult = (run: { status: string; result: unknown }, ctx: z.RefinementCtx) => {
  if (run.status === 'finished' && !run.result) ctx.addIssue({ code: 'custom', path: ['result'], message: 'a finished run needs its result' });
};

/** What a run's parts must agree on, beside each part's own checks: in a file and in this browser's store alike. */
export function crossFieldIssues(run: {
  config: unknown;
  result: { paretoSet?: { sweep?: { preference: number[] }[] } } | null;
  pin?: unknown;
  steps: unknown;
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const config = run.config as TrainerConfig;
  const method = config.method.name;
  if (run.result?.paretoSet && method !== 'psl') issues.push({ path: ['result', 'paretoSet'], message: 'only a Pareto set learning run (method psl) has a model' });
  // A sweep's answers are points of the run's front: each at a preference of the run's length, summing to 1.
  const sweepIndex = (run.result?.paretoSet?.sweep ?? []).findIndex((p) => p.preference.length !== config.preference.length || !sumsToOne(p.preference));
  if (sweepIndex >= 0) issues.push({ path: ['result', 'paretoSet', 'sweep', sweepIndex, 'preference'], message: `must have ${config.preference.length} entries that sum to 1` });
  if (run.pin && method !== 'psl') issues.push({ path: ['pin'], message: 'only points of a Pareto set model (method psl) are pinned' });
  const steps = run.steps as { columns?: { method?: unknown } } | null;
  const stepsMethod = typeof steps?.columns?.method === 'string' ? steps.columns.method : null;
  if (stepsMethod && stepsMethod !== method) issues.push({ path: ['steps', 'columns', 'method'], message: `must be the run's method (${method}), not ${stepsMethod}` });
  return issues;
}

export const drawnPartsSchema = z.object({ status: z.enum(['queued', 'running', 'finished', 'failed', 'interrupted']), ...drawnParts }).superRefine(needsResult);

/**
 * A saved run's own fields, beside its config, steps and what the page draws: checked alike in a file and in this
 * browser's store (persistence/savedRecord.ts), so a run that loads also exports as a file that imports.
 */
const runFields = {
  id: z.string().min(1).max(100),
  ordinal: count,
  startedAt: finite,
  endedAt: finite.nullable(),
  backend: name.nullable(),
  totalSteps: count.nullable(),
  sparse: z.boolean(),
  stepCount: count,
  kernels: z.object({ bytes: count, kept: z.boolean() }).nullable(),
  pin: z.object({ run: z.string().min(1).max(100), ordinal: count }).strict().optional(),
};
export const runFieldsSchema = z.object(runFields);

export const savedRunSchema = z
  .object({
    ...runFields,
    config,
    status: z.enum(['finished', 'failed', 'interrupted']),
    ...drawnParts,
    steps: savedStepsSchema,
  })
  .superRefine((run, ctx) => {
    needsResult(run, ctx);
    for (const issue of crossFieldIssues(run)) ctx.addIssue({ code: 'custom', ...issue });
  })
  // Steps of older files name every method's quantities after the AL's: the run's method says what they were.
  .transform((run) => ({ ...run, steps: migrateSavedSteps(run.steps, methodOf(run.config)) }));

/** A validated run from a file, as a SavedRun of `session`. */
export function savedRunFromJson(run: z.infer<typeof savedRunSchema>, session: string): SavedRun {
  return {
    ...run,
    config: run.config as unknown as TrainerConfig,
    session,
  };
}

/** A saved run as written to a file (no session: it means nothing in another browser). */
export function savedRunToJson(run: SavedRun): Omit<SavedRun, 'session'> {
  const { session: _session, ...rest } = run;
  return rest;
}
