/**
 * Typed readings the Trainer emits (SPEC §5). They are plain data (numbers and arrays) so they can be sent
 * from the worker to the UI, written to result.json and compared in determinism tests.
 */
import type { RowMetrics } from './metrics';

export type Phase = 'search' | 'retrain' | 'plain' | 'done';

export interface Position {
  phase: Phase;
  /** Outer AL iteration within the phase (0-based). */
  outer: number;
  /** Inner epoch within the outer iteration (0-based). */
  epoch: number;
  /** Batch within the epoch (0-based). */
  batch: number;
  /** Optimiser steps taken so far over the whole run. */
  globalStep: number;
}

export interface StepReading extends Position {
  kind: 'step';
  /** Objective values on this batch: f_0 = GrOWL penalty, f_1..f_m = task NLLs. */
  objectives: number[];
  /** Constraint values c_i. */
  constraints: number[];
  /** max(0, max_i c_i). */
  maxViolation: number;
  /** Augmented Lagrangian value on this batch. */
  lagrangian: number;
  lambda: number[];
  mu: number;
  t: number;
  learningRate: number;
  preference: number[];
  /** Prox step size η applied after this step (0 when none). */
  proxEta: number;
  samplesPerSecond: number;
}

export interface TaskScores {
  /** Per-task accuracy in percent. */
  accuracy: number[];
  /** Per-task mean negative log-likelihood. */
  nll: number[];
}

export interface EpochReading extends Position {
  kind: 'epoch';
  /** Mean over the epoch's batches. */
  trainObjectives: number[];
  val: TaskScores;
  rows: RowMetrics;
  growlPenalty: number;
  /** Whether this epoch's model became the best kept so far. */
  best: boolean;
  seconds: number;
}

export interface TrainerEvent {
  kind: 'phase';
  phase: Phase;
  message: string;
}

export interface FinalResult {
  val: TaskScores;
  test: TaskScores;
  rows: RowMetrics;
  growlPenalty: number;
  /** Parameters of the network (kernels, biases, α). */
  parameterCount: number;
  /** Clusters found per GrOWL layer in the clustering step (empty for plain runs). */
  clusters: { layer: string; rows: number; zeroRows: number; clusters: number }[];
  trainingSeconds: number;
  samplesPerSecond: number;
  steps: number;
  backend: string;
}
