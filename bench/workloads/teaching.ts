/**
 * Time to the first point on a teaching problem: one complete run of the engine's TeachingTrainer on
 * Fonseca–Fleming (n = 2) with its defaults (Chebyshev-AL, PHR, Adam, 8 outer iterations × 100 full-batch
 * steps, k = (0.5, 0.5)), from constructing the trainer to its final result — the point the front would show.
 * Shared by the Node benchmark (the baseline) and the browser worker. The backend must be initialised first.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defaultTeachingConfig, TeachingTrainer } from '../../src/engine/teaching';

export interface TeachingMeasurement {
  backend: string;
  workload: string;
  steps: number;
  /** Constructing the trainer → final result read back. */
  ms: number;
  /** The run's final objectives (the front point). */
  objectives: number[];
}

export const TEACHING_WORKLOAD = 'Fonseca–Fleming n=2, Chebyshev-AL (PHR), Adam, 8×100 full-batch steps, k=(0.5, 0.5)';

export async function timeTeachingRun(): Promise<TeachingMeasurement> {
  const config = defaultTeachingConfig('fonseca-fleming');
  const started = performance.now();
  const trainer = new TeachingTrainer(config);
  try {
    await trainer.runToEnd();
    const result = await trainer.finalResult();
    return { backend: tf.getBackend(), workload: TEACHING_WORKLOAD, steps: result.steps, ms: performance.now() - started, objectives: result.objectives };
  } finally {
    trainer.dispose();
  }
}
