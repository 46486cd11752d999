/**
 * The zod schema of a saved run's steps in an exported file (persistence/savedSteps.ts): named columns, or the
 * v1 packed shape `{ m, count, data }` of files written before them, which it migrates. One object with both
 * shapes' fields optional, so a problem is reported at its place (`steps.columns.mu`, `steps.data`) rather than
 * as "matches neither shape". Numbers may be "NaN" / "Infinity" / "-Infinity" strings (savedRunSchema.ts). Pure.
 */
import { z } from 'zod';
import { MAX_SAVED_OBJECTIVES, MAX_SAVED_ROWS, migrateSavedSteps, savedStepsProblems, v1DataProblem, type SavedSteps } from '../persistence/savedSteps';
import { SCALAR_COLUMNS, VECTOR_COLUMNS, type ScalarColumn, type VectorColumn } from '../../workers/stepColumns';

/** A number, or NaN / ±Infinity written as a string. */
const num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).transform((v) => (typeof v === 'number' ? v : Number(v)));
const count = z.number().int().min(0);
const column = z.array(num).max(MAX_SAVED_ROWS);
const vectorColumn = z.array(column).min(1).max(MAX_SAVED_OBJECTIVES);

const columns = z.object({
  phase: z.array(z.enum(['search', 'retrain', 'plain', 'done'])).max(MAX_SAVED_ROWS),
  ...(Object.fromEntries(SCALAR_COLUMNS.map((name) => [name, column])) as Record<ScalarColumn, typeof column>),
  ...(Object.fromEntries(VECTOR_COLUMNS.map((name) => [name, vectorColumn])) as Record<VectorColumn, typeof vectorColumn>),
});

export const savedStepsSchema = z
  .object({
    count,
    columns: columns.optional(),
    /** v1 only. */
    m: z.number().int().min(1).max(MAX_SAVED_OBJECTIVES).optional(),
    /** v1 only. */
    data: z.array(num).optional(),
  })
  .superRefine((steps, ctx) => {
    if (steps.columns) {
      const problems = savedStepsProblems({ count: steps.count, columns: steps.columns });
      for (const { path, message } of problems) ctx.addIssue({ code: 'custom', path, message });
    } else if (steps.m !== undefined && steps.data) {
      const problem = v1DataProblem({ m: steps.m, count: steps.count, data: steps.data });
      if (problem) ctx.addIssue({ code: 'custom', path: ['data'], message: problem });
    } else {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'missing (or, in a file of schema v1, m and data)' });
    }
  })
  .transform((steps): SavedSteps => (steps.columns ? { count: steps.count, columns: steps.columns } : migrateSavedSteps({ m: steps.m as number, count: steps.count, data: steps.data ?? [] })));
