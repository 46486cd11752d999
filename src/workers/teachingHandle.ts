/**
 * The teaching problems' TeachingTrainer behind the RunController's TrainerHandle, so a teaching run goes
 * through the same queue, pause/step/stop and batched readings as a network run. What differs is adapted here:
 * - no epochs, sparsity or kernels: steps carry no epoch reading, `sparse` is false, `kernelValues()` is empty;
 * - the final result is a TeachingRunResult: f at the returned parameters and the exact front (thinned to at most
 *   MAX_FRONT_POINTS points by engine/teaching/exactFront.ts, so a sweep's results stay small).
 */
import type { TeachingRunResult } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import type { TeachingConfig } from '../engine/teaching/config';
import { createTeachingRunTrainer, type TeachingRunTrainer } from '../engine/teaching/runTrainer';
import { TeachingPslTrainer } from '../engine/psl/teachingPslTrainer';
import { thinFront } from '../engine/teaching/exactFront';
import type { TrainerHandle } from './runHandles';

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
    const r = await this.trainer.finalResult();
    const paretoSet = r.paretoSet ? { ...r.paretoSet, model: r.parameters } : undefined;
    return {
      kind: 'teaching',
      method: r.method,
      objectives: r.objectives,
      exactFront: thinFront(this.trainer.exactFront()),
      parameterCount: r.parameters.length,
      trainingSeconds: r.trainingSeconds,
      samplesPerSecond: r.trainingSeconds > 0 ? (r.steps * this.trainer.problem.samplesPerStep) / r.trainingSeconds : 0,
      steps: r.steps,
      backend,
      ...(r.averagedIterates === undefined ? {} : { averagedIterates: r.averagedIterates }),
      ...(paretoSet ? { paretoSet } : {}),
    };
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
