/**
 * K runs trained at once to their end (the command line's `--preferences`): a StackedTrainer of the runs, and when one
 * of them fails (it diverged: StackedRunError), that run alone fails and the others start again without it — as the
 * browser's run loop does (workers/runController.ts). Each run that finishes is the run it would be alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../../experiment/config';
import type { Dataset } from '../data/dataset';
import type { EpochReading, NetworkResult } from '../readings';
import type { StepResult } from '../trainer';
import { StackedTrainer } from './stackedTrainer';
import { divergedAtStep } from '../divergence';
import { StackedRunError } from './stacking';

export type AtOnceOutcome = { kind: 'finished'; result: NetworkResult; epochs: EpochReading[] } | { kind: 'failed'; message: string; step: number };

export interface AtOnceCallbacks {
  /** After every step (awaited): run i's result at index i of `results`; `runs[i]` is its index in the configs. */
  onStep?(results: StepResult[], runs: readonly number[], stack: StackedTrainer): void | Promise<void>;
  /** Once the runs are done and their final results taken, before the stack is disposed (its runs hold their models). */
  onFinish?(runs: readonly number[], stack: StackedTrainer): Promise<void>;
  /** Run `run` (its index in the configs) failed at `step`; `others` start again without it. */
  onFailure?(run: number, message: string, step: number, others: readonly number[]): void;
  /** Run `run`'s work between steps while it goes on (its clustering: seconds), then null (TrainerOptions.onWork). */
  onWork?(run: number, work: string | null): void;
}

/** Trains the runs to their end; outcome i is config i's. Errors that are no run's own (StackedRunError) are thrown. */
export async function trainAtOnce(
  configs: readonly TrainerConfig[],
  dataset: Dataset,
  callbacks: AtOnceCallbacks = {},
  backend = tf.getBackend(),
  createStack: (configs: TrainerConfig[], dataset: Dataset, onWork?: (index: number, work: string | null) => void) => StackedTrainer = (c, d, onWork) => new StackedTrainer(c, d, { onWork }),
): Promise<AtOnceOutcome[]> {
  const outcomes: (AtOnceOutcome | null)[] = configs.map(() => null);
  let runs = configs.map((_, i) => i);
  while (runs.length > 0) {
    const loaded = runs;
    const stack = createStack(
      runs.map((i) => configs[i]),
      dataset,
      callbacks.onWork && ((k, work) => callbacks.onWork?.(loaded[k], work)),
    );
    const epochs = runs.map((): EpochReading[] => []);
    let steps = 0;
    try {
      while (!stack.done) {
        const results = await stack.step();
        steps++;
        results.forEach((r, k) => r.epoch && epochs[k].push(r.epoch));
        await callbacks.onStep?.(results, runs, stack);
      }
      const finals = await stack.finalResults(backend);
      await callbacks.onFinish?.(runs, stack);
      finals.forEach((result, k) => (outcomes[runs[k]] = { kind: 'finished', result, epochs: epochs[k] }));
      runs = [];
    } catch (error) {
      if (!(error instanceof StackedRunError) || runs[error.runIndex] === undefined) throw error;
      const failed = runs[error.runIndex];
      // The step its message names (an epoch's end counts its closing step), else the steps the stack completed.
      const step = divergedAtStep(error) ?? steps;
      outcomes[failed] = { kind: 'failed', message: error.runMessage, step };
      runs = runs.filter((i) => i !== failed);
      callbacks.onFailure?.(failed, error.runMessage, step, runs);
    } finally {
      stack.dispose();
    }
  }
  return outcomes as AtOnceOutcome[];
}
