/**
 * Step readings travel from the worker to the UI packed into one Float64Array per batch: a fixed number of
 * slots per reading (the stride), so a batch of readings is a single transferable buffer and the UI can keep
 * its history in the same flat layout. m = number of objectives (entries of the preference vector).
 *
 * Layout of one reading (offsets from `stepLayout(m)`):
 *   step, phase, outer, epoch, f[0..m), c[0..m), λ[0..m), k[0..m), μ, t, learningRate, samplesPerSecond,
 *   maxViolation, proxEta, lagrangian
 * No TF.js here: the UI imports it too.
 */
import type { Phase, StepReading } from '../engine/readings';
import type { WorkerMessage } from './protocol';

export const PHASE_CODES: readonly Phase[] = ['search', 'retrain', 'plain', 'done'];

export interface StepLayout {
  m: number;
  stride: number;
  step: number;
  phase: number;
  outer: number;
  epoch: number;
  objectives: number;
  constraints: number;
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

export function stepLayout(m: number): StepLayout {
  let layout = layouts.get(m);
  if (!layout) {
    const objectives = 4;
    const constraints = objectives + m;
    const lambda = constraints + m;
    const preference = lambda + m;
    const mu = preference + m;
    layout = {
      m,
      step: 0,
      phase: 1,
      outer: 2,
      epoch: 3,
      objectives,
      constraints,
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
      out[o + L.objectives + j] = r.objectives[j];
      out[o + L.constraints + j] = r.constraints[j];
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
    phase: PHASE_CODES[data[o + L.phase]] ?? 'plain',
    outer: data[o + L.outer],
    epoch: data[o + L.epoch],
    batch: 0,
    globalStep: data[o + L.step],
    objectives: slice(L.objectives),
    constraints: slice(L.constraints),
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
