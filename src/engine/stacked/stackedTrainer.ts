/**
 * K runs at once (issue 16, item 4): K Trainers that differ only in their preference vector — a sweep over
 * preferences, the explorer's list — trained as one stacked computation. Each step is one forward and backward pass
 * of the StackedNetwork on the batch the K runs share, each run's loss from its own method object, and one optimiser
 * step (stackedStep.ts); everything else of a run stays its own Trainer's: the method's readout, the phases' prox,
 * clustering and tying, judging an epoch, the best model, the final result.
 *
 * The Trainers' networks hold the runs' values only where their own code reads or changes them: at the end of an
 * epoch and after LSUV. There the stacked values are copied into the Trainers' networks before, and back after. A
 * step hook's prox or tie (SPEC's per-step prox, a per-step tie) acts on the runs' slices of the stacked kernels
 * (stackedHooks.ts), and held zero rows are the runs' masks, stacked, on the stacked kernels: no copies. Each run then
 * takes the steps it would take alone, equal up to float32 summation order (stackedTrainer.test.ts).
 *
 * Not yet: per-objective methods (MGDA), dropping a run that diverges (one
 * diverged run stops the K: StackedRunError says which).
 */
import * as tf from '@tensorflow/tfjs-core';
import { disposeBatch } from '../batches';
import { StatisticsUpdate } from '../batchNorm';
import { stackedNllOfLogits } from '../fusedOps';
import type { TrainerConfig } from '../../experiment/config';
import type { Dataset } from '../data/dataset';
import type { ScalarizedMethod } from '../methods';
import type { MultiTaskNetwork } from '../models';
import { OptimiserSchedule } from '../optimiserSchedule';
import type { NetworkResult } from '../readings';
import { Trainer, type BegunStep, type StepResult, type TrainerOptions } from '../trainer';
import { StackedNetwork } from './stackedNetwork';
import { StackedPenalty } from './stackedPenalty';
import { StackedHooks } from './stackedHooks';
import { StackedRunError, stackingProblems } from './stacking';
import { stackedScalarization, type StackedScalarization } from './stackedScalarization';
import { stackedMethodStep } from './stackedStep';
import { kText } from '../../experiment/preference';
import { RunInterrupted } from '../interruption';

export class StackedTrainer {
  /** Run k's Trainer: its method, phases, best model and readings. */
  readonly runs: Trainer[];
  readonly network: StackedNetwork;
  /** The runs' methods as one (a batched AL where the method has one). */
  private readonly scalarization: StackedScalarization;
  private readonly penalty: StackedPenalty;
  private readonly hooks: StackedHooks;
  /** The stacked variables' optimiser: it follows the runs' schedule (they share it). */
  private readonly schedule: OptimiserSchedule;
  /** The runs' zero-row masks stacked per GrOWL layer ([K, ...the mask's broadcast shape]), while rows are held. */
  private zeroRowMasks: (tf.Tensor | undefined)[] | null = null;

  /** `onWork`: as a Trainer's, with the index of the run whose work it is. */
  constructor(configs: readonly TrainerConfig[], dataset: Dataset, options: Omit<TrainerOptions, 'onWork'> & { onWork?: (index: number, work: string | null) => void } = {}) {
    const problems = stackingProblems(configs);
    if (problems.length > 0) throw new Error(`cannot train these runs at once: ${problems.join('; ')}`);
    const runs: Trainer[] = [];
    const { onWork, ...shared } = options;
    try {
      for (const [i, config] of configs.entries()) runs.push(new Trainer(config, dataset, { ...shared, ...(onWork ? { onWork: (work) => onWork(i, work) } : {}) }));
      this.network = StackedNetwork.fromNetworks(runs.map((r) => r.network));
    } catch (error) {
      runs.forEach((r) => r.dispose());
      throw error;
    }
    this.runs = runs;
    this.scalarization = stackedScalarization(runs.map((r) => r.method as ScalarizedMethod));
    this.penalty = new StackedPenalty(this.network, runs[0].growl, configs[0].penalty);
    this.hooks = new StackedHooks(this.network, runs[0].growl.layers.map((l) => l.spec.name));
    this.schedule = new OptimiserSchedule(configs[0]);
  }

  /** Every run's schedule ended (they step together; a step interrupted part-way may have ended only some). */
  get done(): boolean {
    return this.runs.every((run) => run.done);
  }

  /** Optimiser steps of each run's whole schedule. */
  get totalSteps(): number {
    return this.runs[0].totalSteps;
  }

  /** One step of every run: run k's result at index k. */
  async step(): Promise<StepResult[]> {
    if (this.done) throw new Error('the runs are finished');
    const firstStep = this.runs[0].position.globalStep === 0;
    // The K runs draw the same batch (one seed, one batch size): the first run draws it for all.
    const begun: BegunStep[] = [await this.runs[0].beginStep()];
    const { batch } = begun[0];
    try {
      for (const run of this.runs.slice(1)) begun.push(await run.beginStep(batch));
    } catch (error) {
      disposeBatch(batch);
      throw error;
    }
    // LSUV (the first step's start) initialised the runs' own networks.
    if (firstStep) this.network.copyAllFrom(this.networks());
    const { x, labels } = batch;
    const penalties = this.penalty.value();
    // The running statistics of batch normalisation move once a step, as in a run's own step.
    const update = new StatisticsUpdate();
    let values;
    try {
      values = await stackedMethodStep({
        scalarization: this.scalarization,
        objectives: () => stackedObjectives(this.network, x, labels, penalties, update),
        variables: this.network.trainableVariables(),
        optimizer: this.schedule.optimizer,
      });
    } finally {
      penalties.dispose();
      disposeBatch(batch);
    }
    // The runs close their epochs together, but a run holds zero rows only once its own prox zeroed some: the step's
    // effect is that of every run.
    const effects = new Set(this.runs.map((run) => run.nextStepEndEffect));
    const closesEpoch = effects.has('closes-epoch');
    // A step hook acts on the stacked kernels: held zero rows are the runs' masks stacked, a prox or tie acts on the
    // runs' slices (stackedHooks.ts). An epoch's end (judging, the best model, clustering) acts on the runs' own
    // networks, which then get the stacked values and give theirs back.
    const hooksOnStack = !closesEpoch && (effects.has('changes-weights') || effects.has('holds-zero-rows'));
    if (closesEpoch) this.network.copyAllInto(this.networks());
    if (hooksOnStack) {
      if (this.runs.some((r) => r.growl.holdsZeroRows)) this.reapplyZeroRows();
      this.runs.forEach((run, k) => (run.growl.hookKernels = this.hooks.forRun(k)));
    }
    const results: StepResult[] = [];
    // The runs end their steps one after another: a run's step does not include the epoch ends of the runs before it.
    let elsewhereMs = 0;
    try {
      for (const [k, run] of this.runs.entries()) {
        try {
          results.push(await run.endStep({ ...begun[k], started: begun[k].started + elsewhereMs }, values[k]));
          elsewhereMs += run.lastEpochEndMs;
        } catch (error) {
          // Interrupted (Stop): every run is, none of them failed.
          if (error instanceof RunInterrupted) throw error;
          const message = (error as Error).message;
          throw new StackedRunError(k, message, `run ${k + 1} of ${this.runs.length} (${kText(run.currentPreference)}): ${message}`, { cause: error });
        }
      }
    } catch (error) {
      this.hooks.discard();
      throw error;
    } finally {
      if (hooksOnStack) this.runs.forEach((run) => (run.growl.hookKernels = null));
    }
    if (hooksOnStack) this.hooks.flush();
    if (closesEpoch) this.network.copyAllFrom(this.networks());
    if (closesEpoch || effects.has('changes-weights')) {
      // The runs' zero-row masks change only here (a prox releases them, a holding prox after judging makes them).
      this.zeroRowMasks?.forEach((mask) => mask?.dispose());
      this.zeroRowMasks = null;
    }
    this.schedule.follow(this.runs[0].schedule);
    return results;
  }

  /** The runs are ending: a step under way ends at its clustering's next pause (Trainer.interrupt). */
  interrupt(): void {
    this.runs.forEach((run) => run.interrupt());
  }

  /** Re-targets run `index` (see Trainer.setPreference). */
  setPreference(index: number, k: number[]): void {
    this.run(index).setPreference(k);
  }

  /** Final metrics of every run's current model (its kept best model once the runs are done). */
  async finalResults(backend = tf.getBackend()): Promise<NetworkResult[]> {
    this.network.copyAllInto(this.networks());
    const results: NetworkResult[] = [];
    for (const run of this.runs) results.push({ ...(await run.finalResult(backend)), runsAtOnce: this.runs.length });
    return results;
  }

  dispose(): void {
    this.zeroRowMasks?.forEach((mask) => mask?.dispose());
    this.runs.forEach((r) => r.dispose());
    this.network.dispose();
    this.hooks.dispose();
    this.penalty.dispose();
    this.scalarization.dispose();
    this.schedule.dispose();
  }

  /** Every run's zero-row masks on the stacked kernels (the runs without a mask for a layer keep it whole). */
  private reapplyZeroRows(): void {
    const { growl } = this.runs[0];
    this.zeroRowMasks ??= growl.layers.map((_, i) => {
      const masks = this.runs.map((r) => r.growl.zeroRowMask(i));
      const held = masks.find((m) => m !== undefined);
      if (!held) return undefined;
      return tf.tidy(() => tf.stack(masks.map((m) => m ?? tf.onesLike(held))));
    });
    growl.layers.forEach((layer, i) => {
      const mask = this.zeroRowMasks?.[i];
      const kernel = this.network.layer(layer.spec.name).kernel;
      if (mask) tf.tidy(() => kernel.assign(tf.mul(kernel, mask)));
    });
  }

  private networks(): MultiTaskNetwork[] {
    return this.runs.map((r) => r.network);
  }

  private run(index: number): Trainer {
    const run = this.runs[index];
    if (!run) throw new Error(`no run ${index} (there are ${this.runs.length})`);
    return run;
  }
}

/**
 * f = (Ω_k, NLL_1, ..., NLL_m) of every network k, [K, 1 + m]: the task NLLs of the stacked logits [K, N, C], each
 * network's the mean over the batch as objective.ts computes it alone (fusedOps.ts: on webgpu the same program's).
 */
function stackedObjectives(network: StackedNetwork, x: tf.Tensor4D, labels: tf.Tensor2D[], penalties: tf.Tensor1D, update: StatisticsUpdate): tf.Tensor2D {
  const logits = network.forward(x, undefined, update);
  const taskLosses = logits.map((l, t) => stackedNllOfLogits(l as tf.Tensor3D, labels[t]));
  return tf.stack([penalties, ...taskLosses], 1) as tf.Tensor2D;
}
