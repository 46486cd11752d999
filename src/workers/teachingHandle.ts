/**
 * The teaching problems' trainers behind the RunController's handles, so a teaching run goes through the same queue,
 * pause/step/stop and batched readings as a network run: one run (TeachingTrainer, a Pareto set model) behind a
 * TrainerHandle, or a lab sweep's runs of one method at once (StackedTeachingTrainer) behind a StackHandle. What
 * differs is adapted here:
 * - no epochs, sparsity or kernels: steps carry no epoch reading, `sparse` is false, `kernelValues()` is empty;
 * - the final result is a TeachingRunResult: f at the returned parameters and the exact front (thinned to at most
 *   MAX_FRONT_POINTS points by engine/teaching/exactFront.ts, so a sweep's results stay small).
 */
import type { TeachingRunResult } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import type { TeachingConfig } from '../engine/teaching/config';
import { createTeachingRunTrainer, type TeachingRunTrainer } from '../engine/teaching/runTrainer';
import type { TeachingResult } from '../engine/teaching/trainer';
import { TeachingPslTrainer } from '../engine/psl/teachingPslTrainer';
import { StackedTeachingTrainer } from '../engine/stacked/stackedTeachingTrainer';
import { thinFront } from '../engine/teaching/exactFront';
import type { StackHandle, TrainerHandle } from './runHandles';

/** What a finished teaching run reports: its engine result, the problem's exact front thinned, its throughput. */
function teachingRunResult(r: TeachingResult & { runsAtOnce?: number }, exactFront: number[][], samplesPerStep: number, backend: string): TeachingRunResult {
  const paretoSet = r.paretoSet ? { ...r.paretoSet, model: r.parameters } : undefined;
  return {
    kind: 'teaching',
    method: r.method,
    objectives: r.objectives,
    exactFront: thinFront(exactFront),
    parameterCount: r.parameters.length,
    trainingSeconds: r.trainingSeconds,
    samplesPerSecond: r.trainingSeconds > 0 ? (r.steps * samplesPerStep) / r.trainingSeconds : 0,
    steps: r.steps,
    backend,
    ...(r.averagedIterates === undefined ? {} : { averagedIterates: r.averagedIterates }),
    ...(paretoSet ? { paretoSet } : {}),
    ...(r.runsAtOnce === undefined ? {} : { runsAtOnce: r.runsAtOnce }),
  };
}

export class TeachingHandle implements TrainerHandle {
  readonly sparse = false;
  private readonly trainer: TeachingRunTrainer;

  constructor(config: TeachingConfig) {
    this.trainer = createTeachingRunTrainer(config);
  }

  /** A Pareto set model answers at any preference, between its training steps (null: not such a run). */
  get answerAt(): ((preferences: number[][]) => Promise<number[][]>) | null {
    const trainer = this.trainer;
    return trainer instanceof TeachingPslTrainer ? (preferences) => trainer.evaluate(preferences) : null;
  }

  get done(): boolean {
    return this.trainer.done;
  }

  get totalSteps(): number {
    return this.trainer.totalSteps;
  }

  async step(): Promise<StepResult> {
    const { step, events } = await this.trainer.step();
    return { step, events };
  }

  setPreference(k: number[]): void {
    this.trainer.setPreference(k);
  }

  async finalResult(backend: string): Promise<TeachingRunResult> {
    return teachingRunResult(await this.trainer.finalResult(), this.trainer.exactFront(), this.trainer.problem.samplesPerStep, backend);
  }

  async kernelValues(): Promise<never[]> {
    return [];
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

export async function createTeachingHandle(config: TeachingConfig): Promise<TrainerHandle> {
  return new TeachingHandle(config);
}

/** Teaching runs that differ only in their preference, trained at once (engine/stacked/stackedTeachingTrainer.ts). */
export class TeachingStackHandle implements StackHandle {
  readonly sparse = false;
  private readonly stack: StackedTeachingTrainer;

  constructor(configs: readonly TeachingConfig[]) {
    this.stack = new StackedTeachingTrainer(configs);
  }

  get done(): boolean {
    return this.stack.done;
  }

  get totalSteps(): number {
    return this.stack.totalSteps;
  }

  async step(): Promise<StepResult[]> {
    return (await this.stack.step()).map(({ step, events }) => ({ step, events }));
  }

  setPreference(index: number, k: number[]): void {
    this.stack.setPreference(index, k);
  }

  async finalResults(backend: string): Promise<TeachingRunResult[]> {
    const front = this.stack.exactFront();
    const samples = this.stack.runs[0].problem.samplesPerStep;
    return (await this.stack.finalResults()).map((r) => teachingRunResult(r, front, samples, backend));
  }

  async kernelValues(): Promise<never[]> {
    return [];
  }

  dispose(): void {
    this.stack.dispose();
  }
}

export async function createTeachingStack(configs: readonly TeachingConfig[]): Promise<StackHandle> {
  return new TeachingStackHandle(configs);
}
