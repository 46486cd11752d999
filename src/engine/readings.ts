/**
 * Typed readings the Trainer emits (SPEC §5). They are plain data (numbers and arrays) so they can be sent
 * from the worker to the UI, written to result.json and compared in determinism tests.
 */
import type { RowMetrics } from './metrics';
import type { MethodName } from '../experiment/choices';
import type { MethodQuantities } from './methods/quantities';

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

/** What every step reading has, whichever method took the step. */
export interface StepReadingCommon extends Position {
  kind: 'step';
  /** Objective values on this batch: f_0 = GrOWL penalty, f_1..f_m = task NLLs (teaching problems: f_1..f_m). */
  objectives: number[];
  /**
   * Chebyshev-AL: the constraint values c_i. Other methods: the modified Chebyshev terms minus their maximum
   * (methods/types.ts ReadoutCommon).
   */
  constraints: number[];
  /** max(0, max_i c_i). */
  maxViolation: number;
  /** What the method minimised on this batch: the AL value, the weighted sum, the log-sum-exp, ... */
  value: number;
  /** ∂value/∂f_i: how strongly each objective pulled on this step. */
  weights: number[];
  learningRate: number;
  preference: number[];
  /** Prox step size η applied after this step (0 when none). */
  proxEta: number;
  samplesPerSecond: number;
}

/** One optimiser step: the common fields and the quantities of the method that took it (`method` says which). */
export type StepReading = StepReadingCommon & MethodQuantities;

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

/** What every finished run reports, network or teaching problem. */
interface RunResultCommon {
  /** Trained parameters (networks: kernels, biases, batch-norm γ/β, α; not the batch-norm running statistics). */
  parameterCount: number;
  trainingSeconds: number;
  samplesPerSecond: number;
  steps: number;
  backend: string;
  /** Mirror descent: how many non-dominated iterates the returned (averaged) model is made of. */
  averagedIterates?: number;
  /**
   * Trained as one of this many runs in one stacked computation (engine/stacked); absent: alone. Its seconds and
   * throughput are then the stack's, shared with the others.
   */
  runsAtOnce?: number;
}

/** A network run's final model, measured (the Trainer's; what saved runs hold). */
export interface NetworkResult extends RunResultCommon {
  kind: 'network';
  val: TaskScores;
  test: TaskScores;
  rows: RowMetrics;
  growlPenalty: number;
  /** Clusters found per GrOWL layer in the clustering step (empty for plain runs). */
  clusters: { layer: string; rows: number; zeroRows: number; clusters: number }[];
  /** Absent in results saved before the methods existed (Chebyshev-AL then). */
  method?: MethodName;
  /**
   * Sparse runs: true when the search kept its best model with min_sparsity zero rows (SPEC §4), false when no
   * judged model had that many and the last search model was clustered and retrained instead.
   */
  searchModelKept?: boolean;
  /**
   * Sparse runs: the seconds clustering the search model's rows took (Affinity Propagation on the host: O(rows²) a
   * layer, most of an MDMTN run's wall time on a tiny budget), not part of trainingSeconds. Absent in plain runs and
   * in results saved before it was recorded.
   */
  clusteringSeconds?: number;
  /** A Pareto set learning run (method psl): its one model read at more preferences than the run's own. */
  paretoSet?: NetworkParetoSet;
}

/** A network Pareto set model's test scores at preferences (engine/psl/network/lattice.ts says which). */
export interface NetworkParetoSet {
  /** The task curve: the run's k₀ with the task split moved. */
  task: NetworkModelPoint[];
  /** The sparsity curve: the run's task split with k₀ moved. */
  sparsity: NetworkModelPoint[];
  /**
   * A sweep's Pareto set model (`npm run sweep` with psl): its answers at each of the sweep's preferences, in the
   * sweep's order, so a collected file compares it point for point with the runs of one preference each. Absent in
   * runs trained outside a sweep, and in results saved before it was recorded.
   */
  sweep?: NetworkModelPoint[];
}

/** The model at one preference: its test scores and the sparsity of its masked kernels. */
export interface NetworkModelPoint {
  preference: number[];
  test: TaskScores;
  /** 100 · Z / R (SPEC §5). */
  sparsityRate: number;
  compressionRate: number;
}

/** A teaching-problem run's returned point (workers/teachingHandle.ts): no accuracy, rows or clusters there. */
export interface TeachingRunResult extends RunResultCommon {
  kind: 'teaching';
  method: MethodName;
  /** f = (f_1..f_m) at the returned parameters (no sparsity objective). */
  objectives: number[];
  /** The problem's exact Pareto front, evenly thinned (non-dominated points in objective space). */
  exactFront: number[][];
  /** A Pareto set learning run's model: its answers at a lattice of preferences, and its values (it is rebuilt from them). */
  paretoSet?: ParetoSetModel;
}

/** A Pareto set model's answers (engine/psl): f at each of `preferences`. */
export interface ParetoSetFront {
  preferences: number[][];
  objectives: number[][];
}

/** A trained Pareto set model: its answers at a lattice of preferences, and the values it is rebuilt from. */
export interface ParetoSetModel extends ParetoSetFront {
  model: number[];
}

/** What a finished run of either kind reports (`kind` says which). */
export type FinalResult = NetworkResult | TeachingRunResult;
