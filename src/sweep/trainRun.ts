/**
 * One sweep run, trained: the same Trainer as `npm run train` and the browser worker, stepped to the end, its
 * readings kept as the explorer keeps them (runRecord.ts) with the row classes of every kernel, and returned as a
 * saved run of the exported file's schema.
 * A run whose objectives stop being finite fails for good (seeded, it would diverge again); anything else thrown
 * is left to the queue to retry. No BullMQ here: the processor (processor.ts) wraps it.
 */
import { UnrecoverableError } from 'bullmq';
import type { Dataset } from '../engine/data/dataset';
import { DivergenceError } from '../engine/divergence';
import { Trainer } from '../engine/trainer';
import { layerRowClasses } from '../workers/rowClasses';
import type { JobProgress, ParsedRunJob, RunJobResult } from './job';
import { RunRecord } from './runRecord';

export interface TrainDeps {
  /** The active TF.js backend's name. */
  backend: string;
  /** The run's dataset, and how long getting it took (0 when it was loaded before). */
  dataset(problem: string): Promise<{ dataset: Dataset; seconds: number }>;
  /** Called at most once a second while the run trains, and at its end. */
  progress(p: JobProgress): Promise<void>;
  /** Which try this is (1 = the first). */
  attempt: number;
  /** Lets the event loop run between steps (IPC with the queue's worker, a parent that went away). */
  yieldToEvents?: () => Promise<void>;
}

const PROGRESS_MS = 1000;
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Passes progress on at most once a second, and whenever told to (a start, an end). */
export class ProgressThrottle {
  private last = 0;

  constructor(private readonly send: (p: JobProgress) => Promise<void>) {}

  async report(p: JobProgress, always = false): Promise<void> {
    const now = Date.now();
    if (!always && now - this.last < PROGRESS_MS) return;
    this.last = now;
    await this.send(p);
  }
}

/** Trains the job's run to its end and returns it as the exported file's JSON of a finished run. */
export async function trainRun(job: ParsedRunJob, deps: TrainDeps): Promise<RunJobResult> {
  const startedAt = Date.now();
  const { dataset, seconds: loadSeconds } = await deps.dataset(job.config.problem);
  const trainer = new Trainer(job.config, dataset);
  const record = new RunRecord(job);
  const progress = new ProgressThrottle(deps.progress);
  try {
    await progress.report({ step: 0, total: trainer.totalSteps, phase: trainer.position.phase }, true);
    while (!trainer.done) {
      let r;
      try {
        r = await trainer.step();
      } catch (error) {
        // Seeded, the same run diverges the same way: no retry.
        if (error instanceof DivergenceError) throw new UnrecoverableError(error.message);
        throw error;
      }
      record.add(r);
      await progress.report({ step: r.step.globalStep + 1, total: trainer.totalSteps, phase: trainer.position.phase }, trainer.done);
      await (deps.yieldToEvents ?? nextTurn)();
    }
    const result = await trainer.finalResult(deps.backend);
    if (result.kind !== 'network') throw new Error(`a network run ended with a ${result.kind} result`);
    const layers = (await trainer.kernelValues()).map((k) => layerRowClasses(k.name, k));
    return record.finished({ result, layers, totalSteps: trainer.totalSteps, sparse: trainer.sparse, backend: deps.backend, attempt: deps.attempt, startedAt, endedAt: Date.now(), loadSeconds });
  } finally {
    trainer.dispose();
  }
}
