/**
 * The zod schema of a saved run's steps in an exported file (persistence/savedSteps.ts): named columns with the
 * run's method, or a shape older files have — the same columns with the AL's names for every method (λ, μ, t;
 * version 2), or the packed `{ m, count, data }` (version 1). One object with every shape's fields optional, so
 * a problem is reported at its place (`steps.columns.penalty`, `steps.data`) rather than as "matches no shape".
 * The run's schema (savedRunSchema.ts) migrates older shapes with the run's method. Numbers may be "NaN" /
 * "Infinity" / "-Infinity" strings (savedRunSchema.ts). Pure.
 */
import { z } from 'zod';
import { METHOD_NAMES } from '../../experiment/choices';
import { METHOD_QUANTITIES } from '../../engine/methods/quantities';
import { LEGACY_SCALAR_COLUMNS, LEGACY_VECTOR_COLUMNS, v1DataProblem } from '../persistence/legacySteps';
import { columnProblems, MAX_SAVED_OBJECTIVES, MAX_SAVED_ROWS, type StoredSteps } from '../persistence/savedSteps';
import { scalarColumnsOf, SCALAR_COLUMNS, vectorColumnsOf, VECTOR_COLUMNS } from '../../workers/stepColumns';

/** A number, or NaN / ±Infinity written as a string. */
const num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).transform((v) => (typeof v === 'number' ? v : Number(v)));
const count = z.number().int().min(0);
const column = z.array(num).max(MAX_SAVED_ROWS);
const vectorColumn = z.array(column).min(1).max(MAX_SAVED_OBJECTIVES);

const methods = Object.values(METHOD_QUANTITIES);
const scalarNames = [...new Set<string>([...SCALAR_COLUMNS, ...methods.flatMap((q) => q.scalars), ...LEGACY_SCALAR_COLUMNS])];
const vectorNames = [...new Set<string>([...VECTOR_COLUMNS, ...methods.flatMap((q) => q.vectors), ...LEGACY_VECTOR_COLUMNS])];

const columns = z.object({
  method: z.enum(METHOD_NAMES).optional(),
  phase: z.array(z.enum(['search', 'retrain', 'plain', 'done'])).max(MAX_SAVED_ROWS),
  ...(Object.fromEntries(scalarNames.map((name) => [name, column.optional()])) as Record<string, z.ZodOptional<typeof column>>),
  ...(Object.fromEntries(vectorNames.map((name) => [name, vectorColumn.optional()])) as Record<string, z.ZodOptional<typeof vectorColumn>>),
});

export const savedStepsSchema = z
  .object({
    count,
    columns: columns.optional(),
    /** Version 1 only. */
    m: z.number().int().min(1).max(MAX_SAVED_OBJECTIVES).optional(),
    /** Version 1 only. */
    data: z.array(num).optional(),
  })
  .superRefine((steps, ctx) => {
    if (steps.columns) {
      const { method } = steps.columns;
      const problems = method
        ? columnProblems(steps.count, steps.columns, scalarColumnsOf(method), vectorColumnsOf(method), `${method} runs'`)
        : columnProblems(steps.count, steps.columns, LEGACY_SCALAR_COLUMNS, LEGACY_VECTOR_COLUMNS, 'version 2 files’');
      for (const { path, message } of problems) ctx.addIssue({ code: 'custom', path, message });
    } else if (steps.m !== undefined && steps.data) {
      const problem = v1DataProblem({ m: steps.m, count: steps.count, data: steps.data });
      if (problem) ctx.addIssue({ code: 'custom', path: ['data'], message: problem });
    } else {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'missing (or, in a file of schema v1, m and data)' });
    }
  })
  .transform((steps): StoredSteps => (steps.columns ? ({ count: steps.count, columns: steps.columns } as unknown as StoredSteps) : { m: steps.m as number, count: steps.count, data: steps.data ?? [] }));
