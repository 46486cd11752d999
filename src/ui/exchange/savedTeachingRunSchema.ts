/**
 * The zod schema of a saved teaching run (persistence/savedTeachingRun.ts), the one boundary for what comes back
 * from the browser's storage and from an exported file: the problem instance within the lab's ranges, the method
 * with its own parameters (the registry's schema), the engine's config rules (teachingConfigProblems), and every
 * objective value finite — a NaN or 1e308 would break the front, the hypervolume and the distances. Pure.
 */
import { z } from 'zod';
import { OPTIMIZER_NAMES } from '../../experiment/choices';
import { methodSchema } from '../../experiment/configSchema';
import { LAB_PARAMETER_BY_KEY as LAB } from '../../experiment/labParameters';
import { rangeSchema } from '../../experiment/parameter';
import { MAX_PARETO_SET_MODEL, problemObjectives, problemParameterCount, teachingConfigProblems, type TeachingConfig } from '../../engine/teaching/config';
import { hypernetworkSize } from '../../engine/psl/hypernetworkShape';
import { preferenceProblems } from '../../experiment/config';
import type { SavedTeachingRun } from '../persistence/savedTeachingRun';

/** Most answers a saved Pareto set model carries (a run of the lab keeps 101). */
export const MAX_PARETO_SET_READINGS = 1000;

/** Most points of a run's trail (a run of the lab keeps about 80). */
export const MAX_TRAIL = 10_000;

const objective = z.number({ error: 'must be a finite number from 0 to 1000000' }).refine((v) => Number.isFinite(v) && v >= 0 && v <= 1e6, {
  error: 'must be a finite number from 0 to 1000000',
});
const objectives = z.array(objective).min(2).max(3);
const count = z.number().int().min(0);
const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** A teaching problem instance (also read alone: the problem of a record refused for another field). */
export const teachingProblemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fonseca-fleming'), dimension: rangeSchema(LAB.dimension) }).strict(),
  z
    .object({
      kind: z.literal('width'),
      tasks: z.union([z.literal(2), z.literal(3)]),
      width: rangeSchema(LAB.width),
      similarity: rangeSchema(LAB.similarity),
      inputDimension: z.number().int().min(2).max(256),
      samples: z.number().int().min(3).max(10_000),
    })
    .strict(),
]);

export const teachingConfigSchema = z
  .object({
    problem: teachingProblemSchema,
    method: methodSchema,
    preference: z.array(z.number()).min(2).max(3),
    referencePoint: z.array(finite).min(2).max(3),
    epsilon: finite,
    seed: z.number().int().min(0).max(4294967295),
    optimizer: z.enum(OPTIMIZER_NAMES),
    learningRate: finite,
    lrDecay: finite,
    outerIterations: z.number().int().min(1).max(1000),
    stepsPerOuter: z.number().int().min(1).max(100_000),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const message of teachingConfigProblems(c as unknown as TeachingConfig)) ctx.addIssue({ code: 'custom', message });
  });

export const savedTeachingRunSchema = z
  .object({
    id: z.string().min(1).max(100),
    ordinal: count,
    config: teachingConfigSchema,
    backend: z.string().max(200).nullable(),
    totalSteps: count.nullable(),
    stepCount: count,
    result: objectives,
    trail: z.array(objectives).max(MAX_TRAIL),
    startedAt: finite.nullable(),
    endedAt: finite.nullable(),
    paretoSet: z
      .object({
        preferences: z.array(z.array(finite).min(2).max(3)).min(1).max(MAX_PARETO_SET_READINGS),
        objectives: z.array(objectives).min(1).max(MAX_PARETO_SET_READINGS),
        // A trained model's values are of order 1; far larger ones only make its answers overflow.
        model: z.array(z.number().refine((v) => Number.isFinite(v) && Math.abs(v) <= 1e4, { error: 'must be a finite number from −10000 to 10000' })).min(1).max(MAX_PARETO_SET_MODEL),
      })
      .strict()
      .optional(),
    pin: z.object({ run: z.string().min(1).max(100), ordinal: count }).strict().optional(),
    runsAtOnce: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .superRefine((run, ctx) => {
    const m = problemObjectives(run.config.problem);
    const method = (run.config as unknown as TeachingConfig).method;
    const psl = method.name === 'psl';
    if (run.paretoSet && !psl) ctx.addIssue({ code: 'custom', path: ['paretoSet'], message: 'only a Pareto set learning run (method psl) has a model' });
    if (run.pin && !psl) ctx.addIssue({ code: 'custom', path: ['pin'], message: 'only points of a Pareto set model (method psl) are pinned' });
    if (run.paretoSet && method.name === 'psl') {
      const { preferences, objectives: answers, model } = run.paretoSet;
      if (answers.length !== preferences.length) ctx.addIssue({ code: 'custom', path: ['paretoSet', 'objectives'], message: `must have one answer per preference (${preferences.length})` });
      const badPreference = preferences.findIndex((k) => preferenceProblems(k, m, '(one per task)').length > 0);
      if (badPreference >= 0) ctx.addIssue({ code: 'custom', path: ['paretoSet', 'preferences', badPreference], message: `must have ${m} entries ≥ 0 that sum to 1` });
      const badAnswer = answers.findIndex((f) => f.length !== m);
      if (badAnswer >= 0) ctx.addIssue({ code: 'custom', path: ['paretoSet', 'objectives', badAnswer], message: `must have ${m} entries, one per objective` });
      const size = hypernetworkSize({ objectives: m, hidden: method.pslHidden, outputs: problemParameterCount(run.config.problem) });
      if (model.length !== size) ctx.addIssue({ code: 'custom', path: ['paretoSet', 'model'], message: `must have the ${size} values of this config's model, not ${model.length}` });
    }
    if (run.result.length !== m) ctx.addIssue({ code: 'custom', path: ['result'], message: `must have ${m} entries, one per objective` });
    const bad = run.trail.findIndex((p) => p.length !== m);
    if (bad >= 0) ctx.addIssue({ code: 'custom', path: ['trail', bad], message: `must have ${m} entries, one per objective` });
  })
  .transform((run) => run as unknown as SavedTeachingRun);
