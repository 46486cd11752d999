/**
 * Step readings travel from the worker to the UI packed into one Float64Array per batch: a fixed number of
 * slots per reading (the stride), so a batch of readings is a single transferable buffer and the UI can keep
 * its history in the same flat layout. m = number of objectives (entries of the preference vector); the method
 * decides which of its own quantities follow the common fields (stepColumns.ts).
 *
 * Layout of one reading (private to this module; everyone else reads named columns, stepColumns.ts):
 *   step, phase, outer, epoch, learningRate, samplesPerSecond, maxViolation, proxEta, value, the method's scalars,
 *   f[0..m), c[0..m), k[0..m), then m slots per vector quantity of the method.
 * Saved runs store named columns, never this layout (saved runs of schema v1 stored an older one:
 * persistence/legacySteps.ts reads it). No TF.js here: the UI imports it too.
 */
import type { MethodName } from '../experiment/choices';
import type { Phase, StepReading } from '../engine/readings';
import type { WorkerMessage } from './protocol';
import { columnsOf, scalarColumn, scalarColumnsOf, vectorColumn, vectorColumnsOf, type ScalarColumn, type StepColumns, type VectorColumn } from './stepColumns';

export const PHASE_CODES: readonly Phase[] = ['search', 'retrain', 'plain', 'done'];
const phaseOf = (code: number): Phase => PHASE_CODES[code] ?? 'plain';

interface StepLayout {
  m: number;
  method: MethodName;
  stride: number;
  phase: number;
  /** First slot of each column. */
  slot: Map<ScalarColumn | VectorColumn, number>;
}

const layouts = new Map<string, StepLayout>();

function stepLayout(m: number, method: MethodName): StepLayout {
  const key = `${m} ${method}`;
  let layout = layouts.get(key);
  if (!layout) {
    const slot = new Map<ScalarColumn | VectorColumn, number>();
    let next = 0;
    const place = (name: ScalarColumn | VectorColumn, width: number) => {
      slot.set(name, next);
      next += width;
    };
    const [step, ...scalars] = scalarColumnsOf(method);
    place(step, 1);
    const phase = next++;
    for (const name of scalars) place(name, 1);
    for (const name of vectorColumnsOf(method)) place(name, m);
    layout = { m, method, stride: next, phase, slot };
    layouts.set(key, layout);
  }
  return layout;
}

function slotOf(L: StepLayout, name: ScalarColumn | VectorColumn): number {
  const at = L.slot.get(name);
  if (at === undefined) throw new Error(`${L.method} readings have no ${name} column`);
  return at;
}

/** The reading's field behind a column (the method's quantities have their column's name). */
const FIELDS: Partial<Record<ScalarColumn | VectorColumn, string>> = { step: 'globalStep', objective: 'objectives', constraint: 'constraints' };
const fieldOf = (r: StepReading, name: ScalarColumn | VectorColumn): unknown => (r as unknown as Record<string, unknown>)[FIELDS[name] ?? name];

/** Packs readings of one run (m objectives, all of `method`) into one array (readings.length × stride). */
export function packSteps(readings: readonly StepReading[], m: number, method: MethodName): Float64Array {
  const L = stepLayout(m, method);
  const out = new Float64Array(readings.length * L.stride);
  readings.forEach((r, i) => {
    if (r.method !== method) throw new Error(`a ${r.method} reading among ${method} readings`);
    const o = i * L.stride;
    out[o + L.phase] = PHASE_CODES.indexOf(r.phase);
    for (const name of scalarColumnsOf(method)) out[o + slotOf(L, name)] = fieldOf(r, name) as number;
    for (const name of vectorColumnsOf(method)) {
      const values = fieldOf(r, name) as readonly number[];
      const at = o + slotOf(L, name);
      for (let j = 0; j < m; j++) out[at + j] = values[j];
    }
  });
  return out;
}

/** Number of readings in a packed array. */
export function packedCount(data: Float64Array, m: number, method: MethodName): number {
  return Math.floor(data.length / stepLayout(m, method).stride);
}

/** Slots per packed reading (to cut a packed array into readings without knowing what is where). */
export function stepStride(m: number, method: MethodName): number {
  return stepLayout(m, method).stride;
}

/** The value at offset `at` of every reading. */
function slotOfEach(data: Float64Array, L: StepLayout, at: number): number[] {
  const count = Math.floor(data.length / L.stride);
  const out = new Array<number>(count);
  for (let r = 0; r < count; r++) out[r] = data[r * L.stride + at];
  return out;
}

/** One named column of every reading of a packed array (`index`: which objective, for a vector column). */
export function packedColumn(data: Float64Array, m: number, method: MethodName, column: ScalarColumn | VectorColumn, index = 0): number[] {
  const L = stepLayout(m, method);
  return slotOfEach(data, L, slotOf(L, column) + index);
}

/** One named value of reading `row` of a packed array. */
export function packedValue(data: Float64Array, m: number, method: MethodName, row: number, column: ScalarColumn | VectorColumn, index = 0): number {
  const L = stepLayout(m, method);
  return data[row * L.stride + slotOf(L, column) + index];
}

/** Every reading of a packed array as named columns. */
export function unpackColumns(data: Float64Array, m: number, method: MethodName): StepColumns {
  const L = stepLayout(m, method);
  return columnsOf(
    method,
    slotOfEach(data, L, L.phase).map(phaseOf),
    (name) => slotOfEach(data, L, slotOf(L, name)),
    (name) => Array.from({ length: m }, (_, i) => slotOfEach(data, L, slotOf(L, name) + i)),
  );
}

/** Named columns packed (the inverse of unpackColumns). */
export function packColumns(columns: StepColumns): Float64Array {
  const { method } = columns;
  const m = columns.objective.length;
  const L = stepLayout(m, method);
  const count = columns.step.length;
  const out = new Float64Array(count * L.stride);
  const scalars = scalarColumnsOf(method).map((name) => [slotOf(L, name), scalarColumn(columns, name)] as const);
  const vectors = vectorColumnsOf(method).map((name) => [slotOf(L, name), vectorColumn(columns, name)] as const);
  for (let r = 0; r < count; r++) {
    const o = r * L.stride;
    out[o + L.phase] = PHASE_CODES.indexOf(columns.phase[r]);
    for (const [at, values] of scalars) out[o + at] = values[r];
    for (const [at, values] of vectors) for (let i = 0; i < m; i++) out[o + at + i] = values[i][r];
  }
  return out;
}

/** Joins consecutive 'steps' messages of the same run into one (used by the batcher before sending). */
export function coalesceSteps(messages: readonly WorkerMessage[]): WorkerMessage[] {
  const out: WorkerMessage[] = [];
  for (const msg of messages) {
    const last = out[out.length - 1];
    if (msg.kind === 'steps' && last?.kind === 'steps' && last.runId === msg.runId && last.objectives === msg.objectives && last.method === msg.method) {
      const data = new Float64Array(last.data.length + msg.data.length);
      data.set(last.data);
      data.set(msg.data, last.data.length);
      out[out.length - 1] = { ...last, data };
    } else {
      out.push(msg);
    }
  }
  return out;
}
