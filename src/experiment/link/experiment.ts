/**
 * The shareable experiment: one typed, versioned object of everything a link or an exported file carries — the
 * choices (problem, budget, network, method, variant, recipe), the parameters the user set (every shared parameter
 * of the registry; absent = the preset's), the backend asked for, the editor's preference, the list of
 * preference vectors, the front view, and the teaching lab's and sweeps' settings.
 *
 * Flat on purpose: a key here is the key in the URL (`#v=1&budget=tiny&seed=3&q=0.2,0.4,0.4`), the key in the
 * exported JSON's `experiment` object, and the name a message about a bad value uses. Pure.
 */
import { z } from 'zod';
import { sumsToOne } from '../../engine/preferenceSum';
import {
  BACKEND_NAMES,
  BUDGET_NAMES,
  DEFAULT_PROBLEM,
  FRONT_METRICS,
  MAX_RUNS_AT_ONCE,
  METHOD_KEYS,
  METHOD_NAMES,
  networkProblemOf,
  NETWORK_NAMES,
  PROBLEM_NAMES,
  RECIPE_NAMES,
  isTeachingProblem,
  VARIANT_NAMES,
} from '../choices';
import { ALL_PARAMETERS, appliesToExperiment, presetValues, type AnyParameter, type ExperimentChoices, type ExperimentSettings, type ParameterKey, type ParameterValues } from '../config';
import { DEFAULT_SWEEP_METHODS, LAB_PARAMETERS, LAB_PARAMETER_BY_KEY, MAX_SWEEP_METHODS } from '../labParameters';
import { isShared, parameterSchema, rangeSchema, type ParameterSpec, type UnsharedKey } from '../parameter';
import { BUDGETS, EXPLORER_RECIPE } from '../presets';

/**
 * The schema version this app writes. It reads every version up to it: a field a link leaves out has the default of
 * the link's version (defaultsOfVersion). A link or file with a larger `v` is refused.
 */
export const SCHEMA_VERSION = 3;
/** Longest link state (query + fragment) the app reads; a longer one is refused as a whole. */
export const MAX_LINK_LENGTH = 8192;
/** Most preference vectors in the list (`q`); more are dropped with a message. */
export const MAX_QUEUE = 100;
/** The editor's preference when a link names none. */
export const INITIAL_PREFERENCE: [number, number, number] = [0.2, 0.4, 0.4];

/** The parameters a link carries: every shared one (the variant is a choice, read with the others). */
export type SharedParameterKey = Exclude<ParameterKey, UnsharedKey<readonly AnyParameter[]> | 'variant'>;
export const SHARED_PARAMETERS: readonly ParameterSpec[] = ALL_PARAMETERS.filter((p) => isShared(p) && p.key !== 'variant');
/** The user's values of shared parameters (absent: the preset's). */
export type SharedOverrides = Partial<Pick<ParameterValues, SharedParameterKey>>;

/** A preference k = (k₀ sparsity, k₁ task 1, k₂ task 2): three finite entries ≥ 0 that sum to 1. */
export const preferenceSchema = z
  .tuple([z.number(), z.number(), z.number()], { error: 'must be 3 numbers (sparsity, task 1, task 2)' })
  .refine((k) => k.every((v) => Number.isFinite(v) && v >= 0), { error: 'entries must be finite and ≥ 0' })
  .refine(sumsToOne, { error: 'must sum to 1' });

/** The teaching lab's preference: one weight per objective (2 or 3), ≥ 0, summing to 1; null = the centre. */
export const labPreferenceSchema = z
  .array(z.number())
  .min(2)
  .max(3)
  .refine((k) => k.every((v) => Number.isFinite(v) && v >= 0), { error: 'entries must be finite and ≥ 0' })
  .refine(sumsToOne, { error: 'must sum to 1' })
  .nullable();

/** The two objectives (numbered from 1) a three-task front is projected onto. */
export const projectionSchema = z
  .tuple([z.number().int().min(1).max(3), z.number().int().min(1).max(3)])
  .refine(([i, j]) => i < j, { error: 'two different objectives, the smaller first' });

/**
 * The teaching lab's guided tour has this many steps; the link names the open one as its heading does, 1 to this. The
 * tour's steps (src/ui/teaching/tourSteps.ts) are typed as a list of exactly this many, so the two cannot part.
 */
export const TOUR_STEP_COUNT = 5;

/** How far from 0 a hypervolume reference point's coordinates may lie (the link, the file and the front's fields). */
export const REFERENCE_LIMIT = 1e6;

export const referenceSchema = z
  .tuple([z.number(), z.number()], { error: 'must be 2 numbers (x, y)' })
  .refine((r) => r.every((v) => Number.isFinite(v) && Math.abs(v) <= REFERENCE_LIMIT), { error: `entries must be numbers from -${REFERENCE_LIMIT} to ${REFERENCE_LIMIT}` })
  .nullable();

const baseSchema = z.object({
  v: z.literal(SCHEMA_VERSION),
  /** The dataset or teaching problem. */
  problem: z.enum(PROBLEM_NAMES),
  budget: z.enum(BUDGET_NAMES),
  network: z.enum(NETWORK_NAMES),
  method: z.enum(METHOD_NAMES),
  variant: z.enum(VARIANT_NAMES),
  recipe: z.enum(RECIPE_NAMES),
  /** The backend asked for; null = the automatic choice. */
  backend: z.enum(BACKEND_NAMES).nullable(),
  /** Queued runs trained at once asked for (1: one at a time); null = the backend's choice (8 on WebGPU, else 1). */
  atOnce: z.number().int().min(1).max(MAX_RUNS_AT_ONCE).nullable(),
  /** The preference editor's k. */
  k: preferenceSchema,
  /** The experiment's list of preference vectors ("Run all" runs those not yet run). */
  q: z.array(preferenceSchema).max(MAX_QUEUE),
  /** Front view: axes, sparsity on x, hypervolume reference point (null = automatic). */
  axes: z.enum(FRONT_METRICS),
  sparsityAxis: z.boolean(),
  reference: referenceSchema,
  /** Teaching lab: Fonseca–Fleming's dimension n; the width problem's tasks k, width q and task similarity ρ. */
  dimension: rangeSchema(LAB_PARAMETER_BY_KEY.dimension),
  tasks: z.union([z.literal(2), z.literal(3)]),
  width: rangeSchema(LAB_PARAMETER_BY_KEY.width),
  similarity: rangeSchema(LAB_PARAMETER_BY_KEY.similarity),
  /** Sweeps: the methods compared (each at most once) and the preference vectors per method. */
  methods: z
    .array(z.enum(METHOD_KEYS))
    .max(MAX_SWEEP_METHODS)
    .refine((m) => new Set(m).size === m.length, { error: 'each method at most once' }),
  sweep: rangeSchema(LAB_PARAMETER_BY_KEY.sweep),
  /** Teaching sweeps: deal the runs out to several workers. */
  parallel: z.boolean(),
  /** The teaching lab's preference (its handle and the Pareto set model's ringed answer); null = the centre. */
  labK: labPreferenceSchema,
  /** The pair of objectives (from 1) the lab's plot shows a three-task front on. */
  projection: projectionSchema,
  /**
   * The guided tour's open step (from 1, as its heading says); absent while the tour is closed — so a file exported
   * with the tour closed holds no key an app from before the tour's field would refuse.
   */
  tour: z.number().int().min(1).max(TOUR_STEP_COUNT).optional(),
});

export type SharedExperiment = z.infer<typeof baseSchema> & SharedOverrides;

/** What a link asks of the page's worker (it takes effect when the page loads). */
export type WorkerChoice = Pick<SharedExperiment, 'backend' | 'atOnce'>;

/** The automatic choices: the backend ranked first that starts, and that backend's runs at once. */
export const AUTOMATIC_WORKER: WorkerChoice = Object.freeze({ backend: null, atOnce: null });

/** "the webgpu backend", "8 runs at once on the automatic backend", …: what a worker choice asks for, in words. */
export function describeWorkerChoice({ backend, atOnce }: WorkerChoice): string {
  const onBackend = `the ${backend ?? 'automatic'} backend`;
  return atOnce === null ? onBackend : `${atOnce === 1 ? 'one run at a time' : `${atOnce} runs at once`} on ${onBackend}`;
}

/** The whole experiment, typed. Every key but `v` may be left out of a link or file (its default is used). */
export const experimentSchema: z.ZodType<SharedExperiment> = baseSchema.extend(
  Object.fromEntries(SHARED_PARAMETERS.map((p) => [p.key, parameterSchema(p).optional()])),
) as unknown as z.ZodType<SharedExperiment>;

const labDefault = <K extends (typeof LAB_PARAMETERS)[number]['key']>(key: K) => LAB_PARAMETER_BY_KEY[key].default;

export function defaultExperiment(budget: SharedExperiment['budget'] = 'quick'): SharedExperiment {
  return {
    v: SCHEMA_VERSION,
    problem: DEFAULT_PROBLEM,
    budget,
    network: BUDGETS[budget].network,
    method: 'chebyshev-al',
    variant: 'phr',
    recipe: EXPLORER_RECIPE,
    backend: null,
    atOnce: null,
    k: [...INITIAL_PREFERENCE],
    q: [],
    axes: 'loss',
    sparsityAxis: false,
    reference: null,
    dimension: labDefault('dimension'),
    tasks: 2,
    width: labDefault('width'),
    similarity: labDefault('similarity'),
    methods: [...DEFAULT_SWEEP_METHODS],
    sweep: labDefault('sweep'),
    parallel: false,
    labK: null,
    projection: [1, 2],
  };
}

/**
 * What a field left out of a link of schema version `v` means. Each version changed one default, the sparse recipe: a
 * v1 link without `recipe` ran SPEC's schedule (paper) and still does, a v2 link the held recipe, a v3 link the
 * explorer's today (graded).
 */
const RECIPE_OF_VERSION: Record<number, SharedExperiment['recipe']> = { 1: 'paper', 2: 'held' };
export function defaultsOfVersion(v: number, budget: SharedExperiment['budget'] = 'quick'): SharedExperiment {
  const e = defaultExperiment(budget);
  const recipe = RECIPE_OF_VERSION[v];
  return recipe ? { ...e, recipe } : e;
}

/** The preset choices of an experiment (a teaching problem keeps the default dataset for the network explorer). */
export function choicesOfExperiment(e: Pick<SharedExperiment, 'problem' | 'budget' | 'network' | 'method' | 'variant' | 'recipe'>): ExperimentChoices {
  return { problem: networkProblemOf(e.problem), budget: e.budget, network: e.network, method: e.method, variant: e.variant, recipe: e.recipe };
}

/** The explorer's settings an experiment sets: its choices, and as overrides the parameters it sets. */
export function settingsOfExperiment(e: SharedExperiment): ExperimentSettings {
  const record = e as Record<string, unknown>;
  const overrides = Object.fromEntries(SHARED_PARAMETERS.filter((p) => record[p.key] !== undefined).map((p) => [p.key, record[p.key]]));
  return { ...choicesOfExperiment(e), overrides };
}

/** The value a parameter has when the experiment does not set it: its preset for the experiment's choices. */
export function presetOf(e: Parameters<typeof choicesOfExperiment>[0], key: SharedParameterKey): ParameterValues[SharedParameterKey] {
  return presetValues(choicesOfExperiment(e))[key];
}

/**
 * The experiment in its one written form: parameters that equal their preset or apply neither to its method nor to a
 * method its sweep compares are left out, the AL variant is the default's unless the method is Chebyshev-AL, and the
 * tour's step is left out unless the teaching lab is the view (the tour is the lab's).
 */
export function canonicalExperiment(e: SharedExperiment): SharedExperiment {
  const out: SharedExperiment = { ...e, variant: e.method === 'chebyshev-al' ? e.variant : 'phr' };
  if (out.tour === undefined || !isTeachingProblem(out.problem)) delete out.tour;
  const preset = presetValues(choicesOfExperiment(out));
  const record = out as Record<string, unknown>;
  for (const { key } of SHARED_PARAMETERS) {
    if (record[key] === undefined || record[key] === preset[key as SharedParameterKey] || !appliesToExperiment(key, out)) delete record[key];
  }
  return out;
}
