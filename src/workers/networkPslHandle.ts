/**
 * A network Pareto set learning run (method psl, engine/psl/network) behind the RunController's TrainerHandle, so it
 * goes through the same queue, pause/step/stop and batched readings as any network run. What differs is adapted here:
 * - the run's preference k is the one its readings and result are measured at (every step trains at a preference
 *   of its own), and moving it changes no training;
 * - an epoch's reading is the model at k on the validation subset;
 * - the result is the model at k on the test subset, with its answers along the task and sparsity curves through k
 *   (engine/psl/network/lattice.ts), and the kernels are the model's at k (its masked rows zero);
 * - `evaluateAt` answers any preference between two training steps, and after the run while the worker keeps it.
 * Steps and evaluations take turns (one chain of promises): an evaluation waits for at most the step in progress.
 */
import type { TrainerConfig } from '../experiment/config';
import type { Dataset } from '../engine/data/dataset';
import type { KernelValues } from '../engine/kernel';
import type { EpochReading, NetworkModelPoint, NetworkResult } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import { DivergenceError, divergedBy } from '../engine/divergence';
import { NetworkPslTrainer, preferenceProblems, pslConfigFromTrainerConfig, type PslEvaluateOptions, type PslEvaluation } from '../engine/psl/network';
import { networkPreferenceLattice } from '../engine/psl/network/lattice';
import { modelPoint, pslNetworkResult } from '../engine/psl/network/result';
import type { TrainerHandle } from './runHandles';
import { kText } from '../experiment/preference';

export class NetworkPslHandle implements TrainerHandle {
  readonly sparse = true;
  readonly keepAfterFinish = true;
  private readonly trainer: NetworkPslTrainer;
  private preference: number[];
  /** Sums of the step objectives over the epoch in progress, and how many steps they add. */
  private epochSums: number[] = [];
  private epochSteps = 0;
  private epochStarted = 0;
  private turn: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** Each task's classes and name, for the divergence rule. */
  private readonly classes: number[];
  private readonly tasks: string[];

  /** `saved`: a finished run's model values (modelValues), to answer with that model (it is not trained on). */
  constructor(config: TrainerConfig, dataset: Dataset, saved?: readonly KernelValues[]) {
    this.trainer = new NetworkPslTrainer(pslConfigFromTrainerConfig(config), dataset);
    this.preference = [...config.preference];
    this.classes = [...dataset.classes];
    this.tasks = [...dataset.tasks];
    if (!saved) return;
    try {
      this.trainer.loadModelValues(saved);
    } catch (err) {
      this.trainer.dispose();
      throw err;
    }
  }

  get done(): boolean {
    return this.trainer.done;
  }

  get totalSteps(): number {
    return this.trainer.totalSteps;
  }

  step(): Promise<StepResult> {
    return this.inTurn(async () => {
      const { step, epochEnded } = await this.trainer.step();
      this.epochSums = step.objectives.map((v, i) => (this.epochSums[i] ?? 0) + v);
      this.epochSteps++;
      if (!epochEnded) return { step, events: [] };
      const epoch = await this.epochReading();
      return { step, epoch, events: this.trainer.done ? ['Pareto set model trained: it answers at any preference'] : [] };
    });
  }

  /** Moves the preference the readings and the result are measured at (training does not depend on it). */
  setPreference(k: number[]): void {
    const problems = preferenceProblems(k, k.length - 1);
    if (problems.length > 0) throw new Error(`invalid preference: ${problems.join('; ')}`);
    this.preference = [...k];
  }

  /** The model at `preference` without training, once per read (one turn between two steps: the same weights for all). */
  evaluateAt(preference: number[], reads: readonly PslEvaluateOptions[]): Promise<PslEvaluation[]> {
    return this.inTurn(async () => {
      const out: PslEvaluation[] = [];
      for (const options of reads) out.push(await this.trainer.evaluate(preference, options));
      return out;
    });
  }

  finalResult(backend: string): Promise<NetworkResult> {
    return this.inTurn(async () => {
      const k = this.preference;
      const [val, test] = [await this.trainer.evaluate(k, { split: 'val' }), await this.trainer.evaluate(k, { split: 'test' })];
      const lattice = networkPreferenceLattice(k, this.trainer.config.fullSparsityK0);
      const point = async (r: number[]): Promise<NetworkModelPoint> => modelPoint(await this.trainer.evaluate(r, { split: 'test' }));
      // A preference where the model's answer is not finite is a gap in its curve (drawn as one), not a point.
      const finite = (p: NetworkModelPoint) => [...p.test.accuracy, ...p.test.nll, p.sparsityRate, p.compressionRate].every(Number.isFinite);
      const task: NetworkModelPoint[] = [];
      for (const r of lattice.task) task.push(await point(r));
      const sparsity: NetworkModelPoint[] = [];
      for (const r of lattice.sparsity) sparsity.push(await point(r));
      const seconds = this.trainer.trainingSeconds;
      return pslNetworkResult(val, test, {
        trainingSeconds: seconds,
        samplesPerSecond: seconds > 0 ? this.trainer.samplesSeen / seconds : 0,
        steps: this.trainer.steps,
        backend,
        paretoSet: { task: task.filter(finite), sparsity: sparsity.filter(finite) },
      });
    });
  }

  /** Every value of the model (network and FiLM), to save it and rebuild it (the constructor's `saved`). */
  modelValues(): Promise<(KernelValues & { name: string })[]> {
    return this.inTurn(() => this.trainer.modelValues());
  }

  /** The model's kernels at the run's preference (its masked rows zero). */
  kernelValues(): Promise<(KernelValues & { name: string })[]> {
    return this.inTurn(() => this.trainer.kernelValuesAt(this.preference));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // After the turn in progress: an evaluation may still be reading the model.
    void this.turn.finally(() => this.trainer.dispose());
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('this Pareto set model is no longer loaded'));
    const next = this.turn.then(work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async epochReading(): Promise<EpochReading> {
    const e = await this.trainer.evaluate(this.preference, { split: 'val' });
    const position = this.trainer.position;
    // The network runs' rule (divergence.ts), on the model at k: a model that far worse than guessing has blown up.
    const diverged = divergedBy(e.nll, this.classes, this.tasks);
    if (diverged) throw new DivergenceError(`Pareto set model diverged by step ${position.globalStep}: at ${kText(this.preference)}, ${diverged}`, position.globalStep);
    // And on the epoch's training batches, each at the preferences it drew: a model blown up away from k fails too.
    const trainObjectives = this.epochSums.map((v) => v / this.epochSteps);
    const trained = divergedBy(trainObjectives.slice(1), this.classes, this.tasks, "a mean training NLL (over the epoch's batches, at the preferences they drew)");
    if (trained) throw new DivergenceError(`Pareto set model diverged by step ${position.globalStep}: ${trained}`, position.globalStep);
    const seconds = this.trainer.trainingSeconds;
    const reading: EpochReading = {
      kind: 'epoch',
      phase: 'plain',
      outer: 0,
      epoch: position.epoch - 1,
      batch: this.epochSteps,
      globalStep: position.globalStep,
      trainObjectives,
      val: { accuracy: e.accuracy, nll: e.nll },
      rows: e.rows,
      growlPenalty: e.growlPenalty,
      best: false,
      seconds: seconds - this.epochStarted,
    };
    this.epochSums = [];
    this.epochSteps = 0;
    this.epochStarted = seconds;
    return reading;
  }
}
