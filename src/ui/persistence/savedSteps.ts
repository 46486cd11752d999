/**
 * The step readings of a saved run: a thinned copy of its history as named columns (workers/stepColumns.ts),
 * so an exported file reads `"mu": [...]`, `"objective": [[f₀...], [f₁...], [f₂...]]`.
 *
 * Schema v1 (IndexedDB records and exported files written before the named columns) stored the packed wire
 * layout instead: `{ m, count, data: count × stride numbers }`. `migrateSavedSteps` is the one place that
 * turns those into columns; both load paths call it (runStore.ts for IndexedDB, exchange/savedStepsSchema.ts
 * for imported files). Pure.
 */
import { SCALAR_COLUMNS, selectRows, VECTOR_COLUMNS, type StepColumns } from '../../workers/stepColumns';
import { stepStride, unpackColumns } from '../../workers/stepPacking';
import { StepHistory } from '../explorer/stepHistory';

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

/** Schema v1: the packed layout of workers/stepPacking.ts (a Float64Array in IndexedDB, an array in files). */
export interface SavedStepsV1 {
  m: number;
  count: number;
  /** count × stride values. */
  data: ArrayLike<number>;
}

export const isSavedStepsV1 = (steps: SavedSteps | SavedStepsV1): steps is SavedStepsV1 => !('columns' in steps);

/** What is wrong with a v1 record's data (null when it holds count × stride values). */
export function v1DataProblem(steps: SavedStepsV1): string | null {
  const stride = stepStride(steps.m);
  return steps.data.length === steps.count * stride ? null : `must hold count × ${stride} values`;
}

/** Saved steps in today's shape, whichever shape they were saved in (a v1 record must be consistent). */
export function migrateSavedSteps(steps: SavedSteps | SavedStepsV1): SavedSteps {
  if (!isSavedStepsV1(steps)) return steps;
  const problem = v1DataProblem(steps);
  if (problem) throw new Error(`saved steps: data ${problem}, not ${steps.data.length}`);
  return { count: steps.count, columns: unpackColumns(Float64Array.from(steps.data), steps.m) };
}

/** What is inconsistent in saved steps (every column holds `count` entries, every vector column m columns). */
export function savedStepsProblems(steps: SavedSteps): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const { count, columns } = steps;
  const m = columns.objective.length;
  const check = (values: readonly unknown[], path: (string | number)[]) => {
    if (values.length !== count) problems.push({ path, message: `must hold count (${count}) values, not ${values.length}` });
  };
  check(columns.phase, ['columns', 'phase']);
  for (const name of SCALAR_COLUMNS) check(columns[name], ['columns', name]);
  for (const name of VECTOR_COLUMNS) {
    if (columns[name].length !== m) problems.push({ path: ['columns', name], message: `must hold one column per objective (${m}, as objective does), not ${columns[name].length}` });
    columns[name].forEach((values, i) => check(values, ['columns', name, i]));
  }
  return problems;
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
