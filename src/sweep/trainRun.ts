/**
 * One sweep run, trained: the same Trainer as `npm run train` and the browser worker, stepped to the end, its
 * readings kept as the explorer keeps them (a thinned step history saved as named columns, the epoch summaries,
 * the phase notes, the row classes of every kernel) and returned as a saved run of the exported file's schema.
 * A run whose objectives stop being finite fails for good (seeded, it would diverge again); anything else thrown
 * is left to the queue to retry. No BullMQ here: the processor (processor.ts) wraps it.
 */
import { UnrecoverableError } from 'bullmq';
import { hostname } from 'node:os';
import type { Dataset } from '../engine/data/dataset';
import type { NetworkResult } from '../engine/readings';
import { DivergenceError, Trainer } from '../engine/trainer';
import { savedRunToJson } from '../ui/exchange/savedRunSchema';
import { StepHistory } from '../ui/explorer/stepHistory';
import { savedStepsOf } from '../ui/persistence/savedSteps';
import type { SavedRun } from '../ui/persistence/savedRun';
import { epochSummary } from '../workers/runMessages';
import type { EpochSummary, LayerRowClasses } from '../workers/protocol';
import { layerRowClasses } from '../workers/rowClasses';
import { packSteps } from '../workers/stepPacking';
import { toJson, type ParsedRunJob, type RunJobResult } from './job';

export interface RunProgress {
  step: number;
  total: number;
  phase: string;
}

export interface TrainDeps {
  /** The active TF.js backend's name. */
  backend: string;
  /** The run's dataset, and how long getting it took (0 when it was loaded before). */
  dataset(problem: string): Promise<{ dataset: Dataset; seconds: number }>;
  /** Called at most once a second while the run trains, and at its end. */
  progress(p: RunProgress): Promise<void>;
  /** Which try this is (1 = the first). */
  attempt: number;
  /** Lets the event loop run between steps (IPC with the queue's worker, a parent that went away). */
  yieldToEvents?: () => Promise<void>;
}

const PROGRESS_MS = 1000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains the job's run to its end and returns it as the exported file's JSON of a finished run. */
export async function trainRun(job: ParsedRunJob, deps: TrainDeps): Promise<RunJobResult> {
  const startedAt = Date.now();
  const { dataset, seconds: loadSeconds } = await deps.dataset(job.config.problem);
  const config = job.config;
  const m = config.preference.length;
  const trainer = new Trainer(config, dataset);
  let history = StepHistory.empty(m, config.method.name);
  const epochs: EpochSummary[] = [];
  const notes: string[] = [];
  let result: NetworkResult;
  let layers: LayerRowClasses[];
  let lastProgress = 0;
  try {
    await deps.progress({ step: 0, total: trainer.totalSteps, phase: trainer.position.phase });
    while (!trainer.done) {
      let r;
      try {
        r = await trainer.step();
      } catch (error) {
        // Seeded, the same run diverges the same way: no retry.
        if (error instanceof DivergenceError) throw new UnrecoverableError(error.message);
        throw error;
      }
      history = history.append(packSteps([r.step], m, r.step.method));
      if (r.epoch) epochs.push(epochSummary(r.epoch));
      notes.push(...r.events);
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_MS || trainer.done) {
        lastProgress = now;
        await deps.progress({ step: r.step.globalStep + 1, total: trainer.totalSteps, phase: trainer.position.phase });
      }
      await (deps.yieldToEvents ?? nextTurn)();
    }
    const final = await trainer.finalResult(deps.backend);
    if (final.kind !== 'network') throw new Error(`a network run ended with a ${final.kind} result`);
    result = final;
    layers = (await trainer.kernelValues()).map((k) => layerRowClasses(k.name, k));
  } finally {
    trainer.dispose();
  }
  const endedAt = Date.now();
  const worker = { host: hostname(), pid: process.pid, backend: deps.backend };
  notes.push(`sweep ${job.sweep}: trained by ${worker.host} (pid ${worker.pid}) on ${worker.backend}, try ${deps.attempt}, in ${((endedAt - startedAt) / 1000).toFixed(1)} s`);
  const run: SavedRun = {
    id: job.run,
    ordinal: job.ordinal,
    config,
    status: 'finished',
    session: 'sweep',
    startedAt,
    endedAt,
    backend: deps.backend,
    totalSteps: trainer.totalSteps,
    sparse: trainer.sparse,
    stepCount: history.seen,
    result,
    layers,
    kernels: null,
    epochs,
    steps: savedStepsOf(history),
    notes,
    error: null,
    retargets: [],
  };
  return {
    run: toJson(savedRunToJson(run)) as Record<string, unknown>,
    worker,
    timing: { startedAt, endedAt, loadSeconds, trainingSeconds: result.trainingSeconds, wallSeconds: (endedAt - startedAt) / 1000 },
    attempt: deps.attempt,
  };
}
