/**
 * The step readings of a saved run: a thinned copy of its history as named columns (workers/stepColumns.ts),
 * so an exported file reads `"method": "chebyshev-al"`, `"penalty": [...]`, `"objective": [[f₀...], [f₁...], [f₂...]]`.
 *
 * Older records stored the packed layout (schema v1) or named every method's quantities after the AL's (λ, μ,
 * t): `migrateSavedSteps` is the one place that turns those into today's columns, with the run's method
 * (legacySteps.ts); both load paths call it (savedRecord.ts for IndexedDB, exchange/savedRunSchema.ts for
 * imported files). Pure.
 */
import type { MethodName } from '../../experiment/choices';
import { scalarColumnsOf, selectRows, vectorColumnsOf, type StepColumns } from '../../workers/stepColumns';
import { StepHistory } from '../explorer/stepHistory';
import { namedColumns, v1Columns, v1DataProblem, type LegacyNamedSteps, type SavedStepsV1 } from './legacySteps';

/** Step readings kept per saved run (evenly thinned, the last one always kept). */
export const SAVED_STEP_ROWS = 200;
/** At most this many objectives per reading, and readings per column, in a saved run (ten times what the app saves). */
export const MAX_SAVED_OBJECTIVES = 16;
export const MAX_SAVED_ROWS = 10 * SAVED_STEP_ROWS;

export interface SavedSteps {
  /** Number of readings: the length of every column. */
  count: number;
  columns: StepColumns;
}

/** Saved steps of any shape this app wrote. */
export type StoredSteps = SavedSteps | LegacyNamedSteps | SavedStepsV1;

/** Saved steps in today's shape, whichever shape they were saved in (an old record must be consistent). */
export function migrateSavedSteps(steps: StoredSteps, method: MethodName): SavedSteps {
  // A stored record's steps reach here unchecked (a file's passed savedStepsSchema): a wrong shape is said, not a TypeError.
  const isTable = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isTable(steps)) throw new Error('not a step history (an object with count and columns)');
  if ('columns' in steps && !isTable(steps.columns)) throw new Error('columns: not a table of readings by name');
  if (!('columns' in steps)) {
    const problem = v1DataProblem(steps);
    if (problem) throw new Error(`saved steps: data ${problem}, not ${steps.data.length}`);
    return { count: steps.count, columns: namedColumns(v1Columns(steps), method) };
  }
  if ('method' in steps.columns) return steps as SavedSteps;
  return { count: steps.count, columns: namedColumns(steps.columns, method) };
}

export interface StepsProblem {
  path: (string | number)[];
  message: string;
}

/**
 * What is inconsistent in named columns: every column of `scalars` and `vectors` present, each holding `count`
 * entries, every vector column m columns (as `objective` has).
 */
export function columnProblems(count: number, columns: Record<string, unknown>, scalars: readonly string[], vectors: readonly string[], whose: string): StepsProblem[] {
  const problems: StepsProblem[] = [];
  const m = Array.isArray(columns.objective) ? columns.objective.length : 0;
  const check = (values: readonly unknown[], path: (string | number)[]) => {
    if (values.length !== count) problems.push({ path, message: `must hold count (${count}) values, not ${values.length}` });
  };
  const present = (name: string): unknown[] | null => {
    const values = columns[name];
    if (Array.isArray(values)) return values;
    problems.push({ path: ['columns', name], message: `missing (${whose} readings have it)` });
    return null;
  };
  for (const name of ['phase', ...scalars]) {
    const values = present(name);
    if (values) check(values, ['columns', name]);
  }
  for (const name of vectors) {
    const values = present(name) as unknown[][] | null;
    if (!values) continue;
    if (values.length !== m) problems.push({ path: ['columns', name], message: `must hold one column per objective (${m}, as objective does), not ${values.length}` });
    values.forEach((v, i) => check(v, ['columns', name, i]));
  }
  return problems;
}

/** What is inconsistent in saved steps (every column of the run's method there, with `count` entries). */
export function savedStepsProblems({ count, columns }: SavedSteps): StepsProblem[] {
  const { method } = columns;
  return columnProblems(count, columns as unknown as Record<string, unknown>, scalarColumnsOf(method), vectorColumnsOf(method), `${method} runs'`);
}

/** At most `rows` readings of a history, evenly spaced, always including the newest. */
export function savedStepsOf(history: StepHistory, rows = SAVED_STEP_ROWS): SavedSteps {
  const columns = history.columns();
  const all = columns.step.length;
  if (all <= rows) return { count: all, columns };
  const picked = Array.from({ length: rows }, (_, j) => Math.round((j * (all - 1)) / (rows - 1)));
  return { count: rows, columns: selectRows(columns, picked) };
}

export function historyOfSaved(steps: SavedSteps): StepHistory {
  return StepHistory.fromColumns(steps.columns);
}
