/**
 * One sweep run, trained: the same Trainer as `npm run train` and the browser worker, stepped to the end, its
 * readings kept as the explorer keeps them (runRecord.ts) with the row classes of every kernel, and returned as a
 * saved run of the exported file's schema. A Pareto set model (method psl) is trained by the same wrapper as the
 * browser's and `npm run train -- --method psl` (workers/networkPslHandle.ts): its result is the model at the run's
 * preference with its task and sparsity curves, and — in a sweep — its answers at the sweep's preferences
 * (paretoSet.sweep, on the test subset, as the explorer reads a model at its sweep's grid).
 * A run whose objectives stop being finite fails for good (seeded, it would diverge again); anything else thrown
 * is left to the queue to retry. No BullMQ here: the processor (processor.ts) wraps it.
 */
import { UnrecoverableError } from 'bullmq';
import type { Dataset } from '../engine/data/dataset';
import { DivergenceError } from '../engine/divergence';
import { modelPoint } from '../engine/psl/network/result';
import type { NetworkModelPoint } from '../engine/readings';
import { Trainer } from '../engine/trainer';
import { NetworkPslHandle } from '../workers/networkPslHandle';
import { layerRowClasses } from '../workers/rowClasses';
import type { JobProgress, ParsedRunJob, RunJobResult } from './job';
import { RunRecord } from './runRecord';

export interface TrainDeps {
  /** The active TF.js backend's name. */
  backend: string;
  /** The code the worker runs ("abc123def456"), for the run's note; null or absent: unknown. */
  code?: string | null;
  /** The run's dataset, and how long getting it took (0 when it was loaded before). */
  dataset(problem: string): Promise<{ dataset: Dataset; seconds: number }>;
  /** Called at most once a second while the run trains, and at its end. */
  progress(p: JobProgress): Promise<void>;
  /** Which try this is (1 = the first). */
  attempt: number;
  /** The dataset is the synthetic stand-in (npm run worker --data synthetic): each run's notes say so. */
  synthetic?: boolean;
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

/** A Pareto set model's answers at each preference, on the test subset (one evaluation each, between no steps). */
export async function modelAnswers(model: Pick<NetworkPslHandle, 'evaluateAt'>, preferences: readonly number[][]): Promise<NetworkModelPoint[]> {
  const points: NetworkModelPoint[] = [];
  for (const k of preferences) {
    const [test] = await model.evaluateAt([...k], [{ split: 'test' }]);
    points.push(modelPoint(test));
  }
  return points;
}

/** Trains the job's run to its end and returns it as the exported file's JSON of a finished run. */
export async function trainRun(job: ParsedRunJob, deps: TrainDeps): Promise<RunJobResult> {
  const startedAt = Date.now();
  const { dataset, seconds: loadSeconds } = await deps.dataset(job.config.problem);
  const network = job.config.method.name === 'psl' ? null : new Trainer(job.config, dataset);
  const psl = network ? null : new NetworkPslHandle(job.config, dataset);
  const trainer = (network ?? psl) as Trainer | NetworkPslHandle;
  // A Pareto set model trains in one phase (its epoch readings say 'plain').
  const phase = () => network?.position.phase ?? (trainer.done ? 'done' : 'plain');
  const record = new RunRecord(job);
  const progress = new ProgressThrottle(deps.progress);
  try {
    await progress.report({ step: 0, total: trainer.totalSteps, phase: phase() }, true);
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
      await progress.report({ step: r.step.globalStep + 1, total: trainer.totalSteps, phase: phase() }, trainer.done);
      await (deps.yieldToEvents ?? nextTurn)();
    }
    let result = await trainer.finalResult(deps.backend);
    if (result.kind !== 'network') throw new Error(`a network run ended with a ${result.kind} result`);
    if (psl && job.readAt && result.paretoSet) {
      result = { ...result, paretoSet: { ...result.paretoSet, sweep: await modelAnswers(psl, job.readAt) } };
      record.note(`Pareto set model read at the sweep's ${job.readAt.length} preferences on the test subset: its points on the front`);
    }
    const layers = (await trainer.kernelValues()).map((k) => layerRowClasses(k.name, k));
    return record.finished({ result, layers, totalSteps: trainer.totalSteps, sparse: trainer.sparse, backend: deps.backend, code: deps.code ?? null, attempt: deps.attempt, startedAt, endedAt: Date.now(), loadSeconds, synthetic: deps.synthetic });
  } finally {
    trainer.dispose();
  }
}
