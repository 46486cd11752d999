/**
 * Step readings travel from the worker to the UI packed into one Float64Array per batch: a fixed number of
 * slots per reading (the stride), so a batch of readings is a single transferable buffer and the UI can keep
 * its history in the same flat layout. m = number of objectives (entries of the preference vector).
 *
 * Layout of one reading (private to this module; everyone else reads named columns, stepColumns.ts):
 *   step, phase, outer, epoch, f[0..m), c[0..m), λ[0..m), k[0..m), μ, t, learningRate, samplesPerSecond,
 *   maxViolation, proxEta, lagrangian
 * Saved runs of schema v1 stored this layout (persistence/savedSteps.ts migrates them with unpackColumns):
 * a change here must keep a copy of it for that migration.
 * No TF.js here: the UI imports it too.
 */
import type { Phase, StepReading } from '../engine/readings';
import type { WorkerMessage } from './protocol';
import { SCALAR_COLUMNS, VECTOR_COLUMNS, type ScalarColumn, type StepColumns, type VectorColumn } from './stepColumns';

export const PHASE_CODES: readonly Phase[] = ['search', 'retrain', 'plain', 'done'];
const phaseOf = (code: number): Phase => PHASE_CODES[code] ?? 'plain';

interface StepLayout {
  m: number;
  stride: number;
  step: number;
  phase: number;
  outer: number;
  epoch: number;
  objective: number;
  constraint: number;
  lambda: number;
  preference: number;
  mu: number;
  t: number;
  learningRate: number;
  samplesPerSecond: number;
  maxViolation: number;
  proxEta: number;
  lagrangian: number;
}

const layouts = new Map<number, StepLayout>();

function stepLayout(m: number): StepLayout {
  let layout = layouts.get(m);
  if (!layout) {
    const objective = 4;
    const constraint = objective + m;
    const lambda = constraint + m;
    const preference = lambda + m;
    const mu = preference + m;
    layout = {
      m,
      step: 0,
      phase: 1,
      outer: 2,
      epoch: 3,
      objective,
      constraint,
      lambda,
      preference,
      mu,
      t: mu + 1,
      learningRate: mu + 2,
      samplesPerSecond: mu + 3,
      maxViolation: mu + 4,
      proxEta: mu + 5,
      lagrangian: mu + 6,
      stride: mu + 7,
    };
    layouts.set(m, layout);
  }
  return layout;
}

/** Packs readings that all have m objectives into one array (readings.length × stride). */
export function packSteps(readings: readonly StepReading[], m: number): Float64Array {
  const L = stepLayout(m);
  const out = new Float64Array(readings.length * L.stride);
  readings.forEach((r, i) => {
    const o = i * L.stride;
    out[o + L.step] = r.globalStep;
    out[o + L.phase] = PHASE_CODES.indexOf(r.phase);
    out[o + L.outer] = r.outer;
    out[o + L.epoch] = r.epoch;
    for (let j = 0; j < m; j++) {
      out[o + L.objective + j] = r.objectives[j];
      out[o + L.constraint + j] = r.constraints[j];
      out[o + L.lambda + j] = r.lambda[j];
      out[o + L.preference + j] = r.preference[j];
    }
    out[o + L.mu] = r.mu;
    out[o + L.t] = r.t;
    out[o + L.learningRate] = r.learningRate;
    out[o + L.samplesPerSecond] = r.samplesPerSecond;
    out[o + L.maxViolation] = r.maxViolation;
    out[o + L.proxEta] = r.proxEta;
    out[o + L.lagrangian] = r.lagrangian;
  });
  return out;
}

/** The i-th reading of a packed array, unpacked (for tests and the details view). */
export function unpackStep(data: Float64Array, m: number, i: number): StepReading {
  const L = stepLayout(m);
  const o = i * L.stride;
  const slice = (at: number) => Array.from(data.subarray(o + at, o + at + m));
  return {
    kind: 'step',
    phase: phaseOf(data[o + L.phase]),
    outer: data[o + L.outer],
    epoch: data[o + L.epoch],
    batch: 0,
    globalStep: data[o + L.step],
    objectives: slice(L.objective),
    constraints: slice(L.constraint),
    lambda: slice(L.lambda),
    preference: slice(L.preference),
    mu: data[o + L.mu],
    t: data[o + L.t],
    learningRate: data[o + L.learningRate],
    samplesPerSecond: data[o + L.samplesPerSecond],
    maxViolation: data[o + L.maxViolation],
    proxEta: data[o + L.proxEta],
    lagrangian: data[o + L.lagrangian],
  };
}

/** Number of readings in a packed array. */
export function packedCount(data: Float64Array, m: number): number {
  return Math.floor(data.length / stepLayout(m).stride);
}

/** Slots per packed reading (to cut a packed array into readings without knowing what is where). */
export function stepStride(m: number): number {
  return stepLayout(m).stride;
}

/** The value at offset `at` of every reading. */
function slotOfEach(data: Float64Array, L: StepLayout, at: number): number[] {
  const count = Math.floor(data.length / L.stride);
  const out = new Array<number>(count);
  for (let r = 0; r < count; r++) out[r] = data[r * L.stride + at];
  return out;
}

/** One named column of every reading of a packed array (`index`: which objective, for a vector column). */
export function packedColumn(data: Float64Array, m: number, column: ScalarColumn | VectorColumn, index = 0): number[] {
  const L = stepLayout(m);
  return slotOfEach(data, L, L[column] + index);
}

/** One named value of reading `row` of a packed array. */
export function packedValue(data: Float64Array, m: number, row: number, column: ScalarColumn | VectorColumn, index = 0): number {
  const L = stepLayout(m);
  return data[row * L.stride + L[column] + index];
}

/** Every reading of a packed array as named columns. */
export function unpackColumns(data: Float64Array, m: number): StepColumns {
  const L = stepLayout(m);
  // step first: the order an exported file lists them in.
  const out = { step: [], phase: slotOfEach(data, L, L.phase).map(phaseOf) } as unknown as StepColumns;
  for (const name of SCALAR_COLUMNS) out[name] = slotOfEach(data, L, L[name]);
  for (const name of VECTOR_COLUMNS) out[name] = Array.from({ length: m }, (_, i) => slotOfEach(data, L, L[name] + i));
  return out;
}

/** Named columns packed (the inverse of unpackColumns). */
export function packColumns(columns: StepColumns): Float64Array {
  const m = columns.objective.length;
  const L = stepLayout(m);
  const count = columns.step.length;
  const out = new Float64Array(count * L.stride);
  for (let r = 0; r < count; r++) {
    const o = r * L.stride;
    out[o + L.phase] = PHASE_CODES.indexOf(columns.phase[r]);
    for (const name of SCALAR_COLUMNS) out[o + L[name]] = columns[name][r];
    for (const name of VECTOR_COLUMNS) for (let i = 0; i < m; i++) out[o + L[name] + i] = columns[name][i][r];
  }
  return out;
}

/** Joins consecutive 'steps' messages of the same run into one (used by the batcher before sending). */
export function coalesceSteps(messages: readonly WorkerMessage[]): WorkerMessage[] {
  const out: WorkerMessage[] = [];
  for (const msg of messages) {
    const last = out[out.length - 1];
    if (msg.kind === 'steps' && last?.kind === 'steps' && last.runId === msg.runId && last.objectives === msg.objectives) {
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
