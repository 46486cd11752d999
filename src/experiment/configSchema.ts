/**
 * The load boundary of configs: `migrateConfig` turns a config of any earlier shape (saved runs and exported files
 * of schema v1: flat method settings, `normalizePenalty`, an `owl` object, fields added later left out) into
 * today's shape, with the values that reproduce what it ran; `parseConfig` then checks it against the schema
 * derived from the registry and the config rules. Pure.
 */
import { z } from 'zod';
import { DATA_PROBLEM_NAMES, METHOD_NAMES, NETWORK_NAMES, type ProblemName } from './choices';
import { configIssues, type TrainerConfig } from './config';
import { METHOD_PARAMETERS } from './methodParameters';
import { parameterSchema, type ParameterSpec } from './parameter';
import { COMMON_PARAMETERS } from './parameters';
import { SPLIT_IMAGES, SUBSET_SPLITS } from './presets';
import { issuesToSay } from './schemaIssues';

/** JSON has no ∞: a number that may be infinite is written "Infinity" (exchange's jsonReplacer). */
function jsonParameterSchema(spec: ParameterSpec): z.ZodType {
  const schema = parameterSchema(spec);
  if (spec.kind !== 'number' || !spec.infinite) return schema;
  return z.preprocess((v) => (v === 'Infinity' ? Number.POSITIVE_INFINITY : v), schema);
}

const shape = (specs: readonly ParameterSpec[]) => Object.fromEntries(specs.map((s) => [s.key, jsonParameterSchema(s)]));

/** A method and its own parameters (each method's table in the registry). */
export const methodSchema = z.discriminatedUnion(
  'name',
  METHOD_NAMES.map((name) => z.object({ name: z.literal(name), ...shape(METHOD_PARAMETERS[name]) }).strict()) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ name: z.ZodLiteral<string> }>[],
  ],
);

/** Today's config, field by field (unknown fields are refused: a typo must not pass silently). */
export const configSchema = z
  .object({
    problem: z.enum(DATA_PROBLEM_NAMES),
    network: z.enum(NETWORK_NAMES),
    preference: z.array(z.number()).min(1).max(16),
    method: methodSchema,
    ...shape(COMMON_PARAMETERS),
  })
  .strict()
  .superRefine((config, ctx) => {
    // A field the schema already found wrong is reported once, by the schema.
    const reported = ctx.issues.map((i) => (i.path ?? []).join('.'));
    const isReported = (path: readonly string[]) => path.length > 0 && reported.some((r) => r === path.join('.') || r.startsWith(`${path.join('.')}.`));
    for (const { path, message } of configIssues(config as unknown as TrainerConfig)) {
      if (!isReported(path)) ctx.addIssue({ code: 'custom', message });
    }
  });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const defined = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));

/** A v1 config (flat method settings, `normalizePenalty`, an `owl` object) in today's shape. */
function fromV1(raw: Record<string, unknown>): Record<string, unknown> {
  // v1 configs without a method ran Chebyshev-AL.
  const { method = 'chebyshev-al', variant, mu0, rho, muMax, lambda0, smoothMu, mirrorStepSize, normalizePenalty, owl, ...rest } = raw;
  const own = { 'chebyshev-al': { variant, mu0, rho, muMax, lambda0 }, 'smooth-tchebycheff': { smoothMu }, 'chebyshev-md': { mirrorStepSize } }[method as string] ?? {};
  // v1 kept the GrOWL weights as { kind, beta1, beta2 }.
  const owlFields = isRecord(owl) ? { owl: owl.kind, owlBeta1: owl.beta1, owlBeta2: owl.beta2 } : { owl };
  const penalty = normalizePenalty === undefined ? undefined : normalizePenalty === true ? 'relative' : 'raw';
  return defined({ ...rest, penalty, ...owlFields, method: { name: method, ...defined(own) } });
}

/** Every parameter a stored config lacks, and that declares what its absence meant, set to that. */
function withAbsentFilled(config: Record<string, unknown>): Record<string, unknown> {
  const fill = (specs: readonly ParameterSpec[], values: Record<string, unknown>) => {
    const missing = specs.filter((s) => s.absentMeans !== undefined && values[s.key] === undefined);
    return missing.length === 0 ? values : { ...values, ...Object.fromEntries(missing.map((s) => [s.key, s.absentMeans])) };
  };
  const method = config.method;
  const name = isRecord(method) ? method.name : undefined;
  const ownSpecs = typeof name === 'string' && Object.hasOwn(METHOD_PARAMETERS, name) ? (METHOD_PARAMETERS[name as keyof typeof METHOD_PARAMETERS] as readonly ParameterSpec[]) : [];
  const filled = fill(COMMON_PARAMETERS, config);
  const filledMethod = isRecord(method) ? fill(ownSpecs, method) : method;
  return filledMethod === method ? filled : { ...filled, method: filledMethod };
}

/**
 * Today's shape of a config of any earlier shape, with the values that reproduce what it ran: a v1 config's flat
 * method settings go under `method` (no method = Chebyshev-AL), and every parameter added since declares what its
 * absence meant (`absentMeans` in the registry: no relative f₀ = raw, no rotation = 0, …), and a subset beyond its
 * split is the whole split (what it trained on). A config already in today's shape and rules comes back equal; anything that is not a config object comes back as it is (the schema says what
 * is wrong with it).
 */
export function migrateConfig(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const shaped = isRecord(raw.method) ? raw : fromV1(raw);
  const filled = withWholeSplits(withAbsentFilled(shaped));
  return filled === raw ? raw : filled;
}

/**
 * A subset beyond its split trained on the whole split (configs saved before configIssues refused it): read as the
 * whole split, `null`, which is what ran.
 */
function withWholeSplits(config: Record<string, unknown>): Record<string, unknown> {
  const splits = typeof config.problem === 'string' && Object.hasOwn(SPLIT_IMAGES, config.problem) ? SPLIT_IMAGES[config.problem as ProblemName] : null;
  if (!splits) return config;
  const beyond = SUBSET_SPLITS.filter(([key, split]) => typeof config[key] === 'number' && (config[key] as number) > splits[split]);
  return beyond.length === 0 ? config : { ...config, ...Object.fromEntries(beyond.map(([key]) => [key, null])) };
}

export type ParsedConfig = { ok: true; config: TrainerConfig } | { ok: false; issues: z.core.$ZodIssue[] };

/** A config of any shape, migrated and checked. */
export function parseConfig(raw: unknown): ParsedConfig {
  const parsed = configSchema.safeParse(migrateConfig(raw));
  return parsed.success ? { ok: true, config: parsed.data as unknown as TrainerConfig } : { ok: false, issues: issuesToSay(parsed.error.issues) };
}
