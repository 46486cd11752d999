/**
 * Step readings by name, one column per field: what the UI reads (through the step history) and what a saved
 * run stores. Where each field sits in the packed wire format is stepPacking.ts's business alone.
 * No TF.js here: the UI imports it too.
 */
import type { Phase } from '../engine/readings';

/** Fields with one number per reading. `step` is the global step. */
export const SCALAR_COLUMNS = ['step', 'outer', 'epoch', 'mu', 't', 'learningRate', 'samplesPerSecond', 'maxViolation', 'proxEta', 'lagrangian'] as const;
/** Fields with one number per objective per reading (m objectives: f₀ the sparsity penalty, then the tasks). */
export const VECTOR_COLUMNS = ['objective', 'constraint', 'lambda', 'preference'] as const;

export type ScalarColumn = (typeof SCALAR_COLUMNS)[number];
export type VectorColumn = (typeof VECTOR_COLUMNS)[number];

/**
 * Readings as columns: `mu[r]` is reading r's μ, `objective[i][r]` its objective i. Every column holds one
 * entry per reading; every vector column holds m columns.
 */
export type StepColumns = { phase: Phase[] } & { [K in ScalarColumn]: number[] } & { [K in VectorColumn]: number[][] };

/** Number of readings. */
export const columnsLength = (columns: StepColumns): number => columns.step.length;

/** Number of objectives. */
export const columnsObjectives = (columns: StepColumns): number => columns.objective.length;

/** The readings at `rows` (indexes into the columns), in that order. */
export function selectRows(columns: StepColumns, rows: readonly number[]): StepColumns {
  const pick = (values: readonly number[]) => rows.map((r) => values[r]);
  const out = { step: [], phase: rows.map((r) => columns.phase[r]) } as unknown as StepColumns;
  for (const name of SCALAR_COLUMNS) out[name] = pick(columns[name]);
  for (const name of VECTOR_COLUMNS) out[name] = columns[name].map(pick);
  return out;
}
