/**
 * Step readings by name, one column per field: what the UI reads (through the step history) and what a saved
 * run stores. Besides the columns every run has, a run has one column per quantity its method reports, under the
 * method's own name for it (engine/methods/quantities.ts): a Chebyshev-AL run has `multipliers`, `penalty` and
 * `epigraph`, a linear run `weights` and `chebyshevValue`. Where each field sits in the packed wire format is
 * stepPacking.ts's business alone. No TF.js here: the UI imports it too.
 */
import type { MethodName } from '../experiment/choices';
import { METHOD_QUANTITIES, type MethodScalarQuantity, type MethodVectorQuantity } from '../engine/methods/quantities';
import type { Phase } from '../engine/readings';

/** Fields every reading has, one number each. `step` is the global step; `value` what the method minimised. */
export const SCALAR_COLUMNS = ['step', 'outer', 'epoch', 'learningRate', 'samplesPerSecond', 'maxViolation', 'proxEta', 'value'] as const;
/** Fields every reading has, one number per objective (m objectives: f₀ the sparsity penalty, then the tasks). */
export const VECTOR_COLUMNS = ['objective', 'constraint', 'preference'] as const;

export type ScalarColumn = (typeof SCALAR_COLUMNS)[number] | MethodScalarQuantity;
export type VectorColumn = (typeof VECTOR_COLUMNS)[number] | MethodVectorQuantity;

type Quantities = typeof METHOD_QUANTITIES;
type CommonColumns = { phase: Phase[] } & { [K in (typeof SCALAR_COLUMNS)[number]]: number[] } & { [K in (typeof VECTOR_COLUMNS)[number]]: number[][] };
type ColumnsOf<N extends MethodName> = { method: N } & CommonColumns & { [K in Quantities[N]['scalars'][number]]: number[] } & { [K in Quantities[N]['vectors'][number]]: number[][] };

/**
 * Readings of one run as columns: `value[r]` is reading r's value, `objective[i][r]` its objective i. Every column
 * holds one entry per reading; every vector column holds m columns. `method` says which method columns there are.
 */
export type StepColumns = { [N in MethodName]: ColumnsOf<N> }[MethodName];

/** The scalar columns of a method's readings: the common ones, then the method's own. */
export const scalarColumnsOf = (method: MethodName): readonly ScalarColumn[] => [...SCALAR_COLUMNS, ...METHOD_QUANTITIES[method].scalars];

/** The vector columns of a method's readings: the common ones, then the method's own. */
export const vectorColumnsOf = (method: MethodName): readonly VectorColumn[] => [...VECTOR_COLUMNS, ...METHOD_QUANTITIES[method].vectors];

type Loose = { method: MethodName; phase: Phase[] } & Record<string, unknown>;

/** Scalar column `name` (one of scalarColumnsOf(columns.method)). */
export function scalarColumn(columns: StepColumns, name: ScalarColumn): number[] {
  const values = (columns as unknown as Loose)[name];
  if (!Array.isArray(values)) throw new Error(`${columns.method} readings have no ${name} column`);
  return values as number[];
}

/** Vector column `name` (one of vectorColumnsOf(columns.method)): m columns. */
export function vectorColumn(columns: StepColumns, name: VectorColumn): number[][] {
  const values = (columns as unknown as Loose)[name];
  if (!Array.isArray(values)) throw new Error(`${columns.method} readings have no ${name} column`);
  return values as number[][];
}

/** Columns of `method` readings from their values by name (the caller supplies each of the method's columns). */
export function columnsOf(
  method: MethodName,
  phase: Phase[],
  scalar: (name: ScalarColumn) => number[],
  vector: (name: VectorColumn) => number[][],
): StepColumns {
  // step first: the order an exported file lists them in.
  const out: Loose = { step: [], method, phase };
  for (const name of scalarColumnsOf(method)) out[name] = scalar(name);
  for (const name of vectorColumnsOf(method)) out[name] = vector(name);
  return out as unknown as StepColumns;
}

/** Number of readings. */
export const columnsLength = (columns: StepColumns): number => columns.step.length;

/** Number of objectives. */
export const columnsObjectives = (columns: StepColumns): number => columns.objective.length;

/** The readings at `rows` (indexes into the columns), in that order. */
export function selectRows(columns: StepColumns, rows: readonly number[]): StepColumns {
  const pick = (values: readonly number[]) => rows.map((r) => values[r]);
  return columnsOf(
    columns.method,
    rows.map((r) => columns.phase[r]),
    (name) => pick(scalarColumn(columns, name)),
    (name) => vectorColumn(columns, name).map(pick),
  );
}
