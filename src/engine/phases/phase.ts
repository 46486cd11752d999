/**
 * A phase of the network Trainer's schedule (SPEC §2–§4): search, retrain or plain. The Trainer owns the loop —
 * batches, the method's step, evaluation, outer iterations, the learning rate — and calls a phase's hooks at fixed
 * points; what differs between the phases lives in their hooks alone:
 *
 *   step ─ afterStep ─ … ─ epoch end: beforeJudging ─ evaluate (eligible → best model) ─ afterJudging
 *        ─ … after `iterations` × `epochsPerIteration` epochs: end → the next phase, or none (the run is done).
 *
 * Hooks that change the weights outside the optimiser re-estimate the batch-norm statistics themselves
 * (context.recalibrate), so the Trainer judges and keeps models that evaluate as they will later.
 */
import type { TrainerConfig } from '../../experiment/config';
import type { BestModel } from '../bestModel';
import type { ScalarizationMethod } from '../methods';
import type { RowMetrics } from '../metrics';
import type { MultiTaskNetwork } from '../models';
import type { RetrainTying } from '../retrainTying';
import type { GrowlLayers } from '../sparsity';

/** What the phases act on: the Trainer's run, as far as they need it. */
export interface PhaseContext {
  readonly config: TrainerConfig;
  readonly network: MultiTaskNetwork;
  readonly growl: GrowlLayers;
  readonly method: ScalarizationMethod;
  /** The best model kept so far in the current phase. */
  readonly best: BestModel;
  /** The clustering found at the end of the search, and the tying that holds it while retraining. */
  readonly tying: RetrainTying;
  /** Re-estimates batch-norm statistics after the weights changed outside the optimiser. */
  recalibrate(): void;
  /** A new phase starts afresh from the current model: initial learning rate, method state and optimiser, no best model. */
  restartOptimisation(): void;
}

/**
 * What a phase's step hook does to the weights: nothing; only multiply the GrOWL kernels by the zero-row masks the
 * GrowlLayers hold (held zero rows); or change the GrOWL kernels (a per-step prox, a per-step tie). A step hook
 * changes weights only through its GrowlLayers (applyProx, tie, reapplyZeroRows): K runs at once redirect those to
 * the stacked kernels (GrowlLayers.hookKernels).
 */
export type StepHookEffect = 'none' | 'holds-zero-rows' | 'changes-weights';

/** What the end of a step may do to the weights: its phase's step hook, or anything when it closes an epoch. */
export type StepEndEffect = StepHookEffect | 'closes-epoch';

/** One optimiser step, as the phase sees it. */
export interface StepFacts {
  learningRate: number;
  /** The method's weight of f_0 in this step's gradient (sets the prox step size). */
  penaltyWeight: number;
  /** Outer iteration within the phase. */
  outer: number;
  /** The GrOWL layers' row norms after the step, read with its readings where `stepReadsRowNorms` asked for them. */
  rowNorms?: readonly Float32Array[];
}

/** An epoch's model after it was judged. */
export interface JudgedEpoch {
  outer: number;
  /** Its objective vector on the validation split: (Ω, NLL_1..NLL_m). */
  objectives: number[];
}

/** Facts a phase establishes for the final result. */
export interface PhaseOutcome {
  /** Search: whether a model with min_sparsity zero rows was kept (false: the last one went on). */
  searchModelKept?: boolean;
  /** Search: the seconds its end took to cluster and tie the rows (Affinity Propagation, on the host). */
  clusteringSeconds?: number;
  /** Final phase of a method that averages: how many epoch iterates the returned model averages. */
  averagedIterates?: number;
}

export interface PhaseEnd {
  /** The phase that follows; null when the run is done. */
  next: TrainingPhase | null;
  outcome: PhaseOutcome;
}

export interface TrainingPhase {
  readonly name: 'search' | 'retrain' | 'plain';
  /** Outer iterations of the phase. */
  readonly iterations: number;
  /** Epochs per outer iteration. */
  readonly epochsPerIteration: number;
  /** What afterStep may do to the weights. */
  readonly stepHookEffect: StepHookEffect;
  /** Whether afterStep applies a prox that needs the row norms after every step (read with the step's readings). */
  readonly stepReadsRowNorms: boolean;
  /** After each optimiser step; returns the prox step size η applied with it (0 when none). */
  afterStep(step: StepFacts): Promise<number>;
  /** At an epoch's end, before its model is evaluated. */
  beforeJudging(outer: number): Promise<void>;
  /** Whether the epoch's model may become the phase's best. */
  eligible(rows: RowMetrics): boolean;
  /** At an epoch's end, after its model was evaluated (and perhaps kept as the best). */
  afterJudging(epoch: JudgedEpoch): Promise<void>;
  /** After the last epoch: puts the phase's model in place and says what comes next; `events` gets the notes. */
  end(events: string[]): Promise<PhaseEnd>;
  /** Frees what the phase holds (a run disposed before its end). */
  dispose(): void;
}
