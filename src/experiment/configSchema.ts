/**
 * The load boundary of configs: `migrateConfig` turns a config of any earlier shape (saved runs and exported files
 * of schema v1: flat method settings, `normalizePenalty`, an `owl` object, fields added later left out) into
 * today's shape, with the values that reproduce what it ran; `parseConfig` then checks it against the schema
 * derived from the registry and the config rules. Pure.
 */
import { z } from 'zod';
import { DATA_PROBLEM_NAMES, METHOD_NAMES, NETWORK_NAMES } from './choices';
import { configProblems, type TrainerConfig } from './config';
import { METHOD_PARAMETERS } from './methodParameters';
import { parameterSchema, type ParameterSpec } from './parameter';
import { COMMON_PARAMETERS } from './parameters';

/** JSON has no ∞: a number that may be infinite is written "Infinity" (exchange's jsonReplacer). */
function jsonParameterSchema(spec: ParameterSpec): z.ZodType {
  const schema = parameterSchema(spec);
  if (spec.kind !== 'number' || !spec.infinite) return schema;
  return z.preprocess((v) => (v === 'Infinity' ? Number.POSITIVE_INFINITY : v), schema);
}

const shape = (specs: readonly ParameterSpec[]) => Object.fromEntries(specs.map((s) => [s.key, jsonParameterSchema(s)]));

const methodSchema = z.discriminatedUnion(
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
    for (const message of configProblems(config as unknown as TrainerConfig)) ctx.addIssue({ code: 'custom', message });
  });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings of the methods before they had defaults of their own in a run's config (schema v1). */
const V1_METHOD_DEFAULTS = { method: 'chebyshev-al', smoothMu: 0.01, mirrorStepSize: 1 } as const;

/**
 * Today's shape of a config of any earlier shape; a config already in today's shape is returned as it is, and
 * anything that is not a config object too (the schema says what is wrong with it). The v1 rules, each the value
 * that reproduces what the v1 Trainer ran: no method = Chebyshev-AL; no normalizePenalty = raw f₀; no
 * augmentRotation = 0; no proxEvery / holdZeroRows / tieEvery / initialization = per step / false / per epoch /
 * Glorot-He.
 */
export function migrateConfig(raw: unknown): unknown {
  if (!isRecord(raw) || isRecord(raw.method)) return raw;
  const {
    method = V1_METHOD_DEFAULTS.method,
    variant,
    mu0,
    rho,
    muMax,
    lambda0,
    smoothMu = V1_METHOD_DEFAULTS.smoothMu,
    mirrorStepSize = V1_METHOD_DEFAULTS.mirrorStepSize,
    normalizePenalty,
    owl,
    ...rest
  } = raw;
  const own: Record<string, unknown> = { 'chebyshev-al': { variant, mu0, rho, muMax, lambda0 }, 'smooth-tchebycheff': { smoothMu }, 'chebyshev-md': { mirrorStepSize } }[method as string] ?? {};
  // v1 kept the GrOWL weights as { kind, beta1, beta2 }.
  const owlFields = isRecord(owl) ? { owl: owl.kind, owlBeta1: owl.beta1, owlBeta2: owl.beta2 } : { owl };
  return {
    augmentRotation: 0,
    proxEvery: 'step',
    holdZeroRows: false,
    tieEvery: 'epoch',
    initialization: 'glorot-he',
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    penalty: normalizePenalty === true ? 'relative' : 'raw',
    ...owlFields,
    method: { name: method, ...own },
  };
}

export type ParsedConfig = { ok: true; config: TrainerConfig } | { ok: false; issues: z.core.$ZodIssue[] };

/** A config of any shape, migrated and checked. */
export function parseConfig(raw: unknown): ParsedConfig {
  const parsed = configSchema.safeParse(migrateConfig(raw));
  return parsed.success ? { ok: true, config: parsed.data as unknown as TrainerConfig } : { ok: false, issues: parsed.error.issues };
}
