/**
 * The shareable experiment: one typed, versioned schema of everything a link or an exported file carries —
 * problem, network, method and variant, every editable hyper-parameter (seed included), budget, backend
 * preference, the editor's preference, the list of preference vectors and the front view.
 *
 * It is flat on purpose: a key here is the key in the URL (`#v=1&budget=tiny&seed=3&q=0.2,0.4,0.4`), the key
 * in the exported JSON's `experiment` object, and the name a message about a bad value uses. The URL codec
 * (experimentCodec.ts) reads text into these types; `experimentSchema` validates the typed form. Pure.
 *
 * Ranges are wider than any sensible setting but keep out what would hang or break a run (1e308 images,
 * batch size 0, NaN): see NUMBER_SPECS.
 */
import { z } from 'zod';
import { DATA_PROBLEM_NAMES, DEFAULT_PROBLEM, type ProblemName } from '../../engine/architectures';
import { METHOD_NAMES } from '../../engine/methods/types';
import { SPARSE_RECIPES } from '../../engine/config';
import { BACKEND_NAMES } from '../../workers/protocol';
import { EDITABLE_FIELDS, type EditableField } from '../explorer/budgets';
import { METHOD_KEYS } from '../compare/methodKeys';
import { TEACHING_PROBLEM_NAMES } from '../teaching/teachingSettings';

/** The schema version this app writes and reads. A link or file with a larger `v` is refused. */
export const SCHEMA_VERSION = 1;
/** Longest link state (query + fragment) the app reads; a longer one is refused as a whole. */
export const MAX_LINK_LENGTH = 8192;
/** Most preference vectors in the list (`q`); more are dropped with a message. */
export const MAX_QUEUE = 100;

/** The network problems the explorer trains: those with a dataset (engine/architectures.ts's DATA_PROBLEM_NAMES). */
export const NETWORK_PROBLEM_NAMES = DATA_PROBLEM_NAMES;
/** Every problem a link can name: the network problems, then the teaching lab's (SPEC §7). The one list. */
export const PROBLEM_NAMES = [...NETWORK_PROBLEM_NAMES, ...TEACHING_PROBLEM_NAMES] as const;
export type SharedProblemName = (typeof PROBLEM_NAMES)[number];

/**
 * The network explorer's problem for a link's `problem`: itself when it has a dataset; for a teaching problem (the
 * link opens the teaching lab) the explorer keeps the default dataset.
 */
export function networkProblemOf(problem: SharedProblemName): ProblemName {
  return (DATA_PROBLEM_NAMES as readonly string[]).includes(problem) ? (problem as ProblemName) : DEFAULT_PROBLEM;
}

export const BUDGET_NAMES = ['tiny', 'quick', 'paper'] as const;
export const NETWORK_NAMES = ['hps', 'mdmtn'] as const;
export const VARIANT_NAMES = ['phr', 'reference'] as const;
export const RECIPE_NAMES = SPARSE_RECIPES;
export const FRONT_METRICS = ['loss', 'error'] as const;

export interface NumberSpec {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** min itself is not allowed (a positive number). */
  minExclusive?: boolean;
  /** null ("all", written `all` in a link) is allowed. */
  nullable?: boolean;
}

/** The allowed values of every editable hyper-parameter. */
export const NUMBER_SPECS: Record<EditableField, NumberSpec> = {
  seed: { integer: true, min: 0, max: 4294967295 },
  batchSize: { integer: true, min: 1, max: 4096 },
  learningRate: { min: 0, max: 10, minExclusive: true },
  lrDecay: { min: 0, max: 2, minExclusive: true },
  searchIterations: { integer: true, min: 0, max: 100 },
  retrainIterations: { integer: true, min: 0, max: 100 },
  plainIterations: { integer: true, min: 0, max: 100 },
  innerEpochs: { integer: true, min: 1, max: 100 },
  retrainInnerEpochs: { integer: true, min: 1, max: 100 },
  proxScale: { min: 0, max: 1e7 },
  apPreference: { min: -1e6, max: 1e6 },
  minSparsity: { min: 0, max: 100 },
  maxLayerSparsity: { min: 0, max: 1 },
  mu0: { min: 0, max: 1e6, minExclusive: true },
  rho: { min: 0, max: 1000, minExclusive: true },
  trainSubset: { integer: true, min: 1, max: 1_000_000, nullable: true },
  valSubset: { integer: true, min: 1, max: 1_000_000, nullable: true },
  testSubset: { integer: true, min: 1, max: 1_000_000, nullable: true },
  smoothMu: { min: 0, max: 100, minExclusive: true },
  mirrorStepSize: { min: 0, max: 1000, minExclusive: true },
};

/** The teaching lab's parameters and the sweep size (teaching/teachingSettings.ts, compare/sweepStore.ts). */
export const LAB_NUMBER_SPECS = {
  dimension: { integer: true, min: 2, max: 50 },
  tasks: { integer: true, min: 2, max: 3 },
  width: { integer: true, min: 1, max: 8 },
  similarity: { min: 0, max: 1 },
  sweep: { integer: true, min: 1, max: 50 },
} as const satisfies Record<string, NumberSpec>;
export type LabNumberField = keyof typeof LAB_NUMBER_SPECS;
export const LAB_NUMBER_FIELDS = Object.keys(LAB_NUMBER_SPECS) as LabNumberField[];

/** "a whole number from 1 to 4096", "a number greater than 0 and at most 10", ... */
export function describeRange(spec: NumberSpec): string {
  const kind = spec.integer ? 'a whole number' : 'a number';
  const range = spec.minExclusive ? `greater than ${spec.min} and at most ${spec.max}` : `from ${spec.min} to ${spec.max}`;
  return `${kind} ${range}${spec.nullable ? ' (or all)' : ''}`;
}

/** A number within the spec (never null). */
export function plainNumberSchema(spec: NumberSpec) {
  const message = `must be ${describeRange(spec)}`;
  return z
    .number({ error: message })
    .refine((v) => Number.isFinite(v) && (spec.minExclusive ? v > spec.min : v >= spec.min) && v <= spec.max, { error: message })
    .refine((v) => !spec.integer || Number.isInteger(v), { error: message });
}

export function numberSchema(spec: NumberSpec) {
  const base = plainNumberSchema(spec);
  return spec.nullable ? base.nullable() : base;
}

/** Largest |Σk − 1| accepted as "sums to 1". */
export const PREFERENCE_TOLERANCE = 1e-6;

/** A preference k = (k₀ sparsity, k₁ task 1, k₂ task 2): three finite entries ≥ 0 that sum to 1. */
export const preferenceSchema = z
  .tuple([z.number(), z.number(), z.number()], { error: 'must be 3 numbers (sparsity, task 1, task 2)' })
  .refine((k) => k.every((v) => Number.isFinite(v) && v >= 0), { error: 'entries must be finite and ≥ 0' })
  .refine((k) => Math.abs(k[0] + k[1] + k[2] - 1) <= PREFERENCE_TOLERANCE, { error: 'must sum to 1' });

export const referenceSchema = z
  .tuple([z.number(), z.number()], { error: 'must be 2 numbers (x, y)' })
  .refine((r) => r.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6), { error: 'entries must be numbers from -1000000 to 1000000' })
  .nullable();

/** numberSchema of every editable field, built once. */
export const NUMBER_SCHEMAS = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, numberSchema(NUMBER_SPECS[f])])) as Record<
  EditableField,
  ReturnType<typeof numberSchema>
>;

const overrideShape = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, NUMBER_SCHEMAS[f].optional()])) as {
  [F in EditableField]: z.ZodOptional<ReturnType<typeof numberSchema>>;
};

/** The whole experiment, typed. Every key but `v` may be left out of a link or file (its default is used). */
export const experimentSchema = z.object({
  v: z.literal(SCHEMA_VERSION),
  /** The dataset or teaching problem (see PROBLEM_NAMES). */
  problem: z.enum(PROBLEM_NAMES),
  budget: z.enum(BUDGET_NAMES),
  network: z.enum(NETWORK_NAMES),
  method: z.enum(METHOD_NAMES),
  variant: z.enum(VARIANT_NAMES),
  /** The sparse-training recipe (engine/config.ts SPARSE_RECIPES). */
  recipe: z.enum(RECIPE_NAMES),
  ...overrideShape,
  /** The backend asked for; null = the automatic choice. */
  backend: z.enum(BACKEND_NAMES).nullable(),
  /** The preference editor's k. */
  k: preferenceSchema,
  /** The experiment's list of preference vectors ("Run all" runs those not yet run). */
  q: z.array(preferenceSchema).max(MAX_QUEUE),
  /** Front view: axes, sparsity on x, hypervolume reference point (null = automatic). */
  axes: z.enum(FRONT_METRICS),
  sparsityAxis: z.boolean(),
  reference: referenceSchema,
  /** Teaching lab: Fonseca–Fleming's dimension n; the width problem's tasks k, width q and task similarity ρ. */
  dimension: plainNumberSchema(LAB_NUMBER_SPECS.dimension),
  tasks: z.union([z.literal(2), z.literal(3)]),
  width: plainNumberSchema(LAB_NUMBER_SPECS.width),
  similarity: plainNumberSchema(LAB_NUMBER_SPECS.similarity),
  /** Sweeps: the methods compared (each at most once) and the preference vectors per method. */
  methods: z
    .array(z.enum(METHOD_KEYS))
    .max(METHOD_KEYS.length)
    .refine((m) => new Set(m).size === m.length, { error: 'each method at most once' }),
  sweep: plainNumberSchema(LAB_NUMBER_SPECS.sweep),
});

export type SharedExperiment = z.infer<typeof experimentSchema>;
export type SharedKey = keyof SharedExperiment;
