/**
 * A sweep run's readings kept as the explorer keeps them (a thinned step history saved as named columns, the epoch
 * summaries, the phase notes), and the finished run returned as a saved run of the exported file's schema with who
 * trained it and how long it took. One record a run, whether it trained alone (trainRun.ts) or at once with others
 * (trainStack.ts). Pure.
 */
import { hostname } from 'node:os';
import type { NetworkResult } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import { savedRunToJson } from '../ui/exchange/savedRunSchema';
import { StepHistory } from '../ui/explorer/stepHistory';
import { savedStepsOf } from '../ui/persistence/savedSteps';
import type { SavedRun } from '../ui/persistence/savedRun';
import { epochSummary } from '../workers/runMessages';
import type { EpochSummary, LayerRowClasses } from '../workers/protocol';
import { packSteps } from '../workers/stepPacking';
import { toJson, type ParsedRunJob, type RunJobResult } from './job';
import { SYNTHETIC_RUN_NOTE } from './workerEnv';

/** What is known of a run once its training ended. */
export interface RunEnd {
  result: NetworkResult;
  layers: LayerRowClasses[];
  totalSteps: number;
  sparse: boolean;
  backend: string;
  /** The code that trained it ("abc123def456"), named in its note; null or absent: unknown. */
  code?: string | null;
  attempt: number;
  /** ms since 1970: the job's start and end. */
  startedAt: number;
  endedAt: number;
  /** Seconds spent loading the dataset (0 when the worker had it). */
  loadSeconds: number;
  /** Said after "trained by … in … s" in the run's last note (e.g. the runs it was trained with). */
  trainedWith?: string;
  /** Trained on the synthetic data: the run's notes say so (SYNTHETIC_RUN_NOTE). */
  synthetic?: boolean;
}

export class RunRecord {
  private history: StepHistory;
  private readonly epochs: EpochSummary[] = [];
  private readonly notes: string[] = [];

  constructor(readonly job: ParsedRunJob) {
    this.history = StepHistory.empty(job.config.preference.length, job.config.method.name);
  }

  add(r: StepResult): void {
    this.history = this.history.append(packSteps([r.step], this.job.config.preference.length, r.step.method));
    if (r.epoch) this.epochs.push(epochSummary(r.epoch));
    this.notes.push(...r.events);
  }

  note(line: string): void {
    this.notes.push(line);
  }

  /** The finished run as the queue returns it. */
  finished(end: RunEnd): RunJobResult {
    const { job } = this;
    const worker = { host: hostname(), pid: process.pid, backend: end.backend };
    const wallSeconds = (end.endedAt - end.startedAt) / 1000;
    const code = end.code ? ` at commit ${end.code}` : '';
    const trainedBy = `sweep ${job.sweep}: trained by ${worker.host} (pid ${worker.pid}) on ${worker.backend}${code}, try ${end.attempt}, in ${wallSeconds.toFixed(1)} s`;
    const run: SavedRun = {
      id: job.run,
      ordinal: job.ordinal,
      config: job.config,
      status: 'finished',
      session: 'sweep',
      startedAt: end.startedAt,
      endedAt: end.endedAt,
      backend: end.backend,
      totalSteps: end.totalSteps,
      sparse: end.sparse,
      stepCount: this.history.seen,
      result: end.result,
      layers: end.layers,
      kernels: null,
      epochs: this.epochs,
      steps: savedStepsOf(this.history),
      notes: [...(end.synthetic ? [SYNTHETIC_RUN_NOTE] : []), ...this.notes, end.trainedWith ? `${trainedBy}, ${end.trainedWith}` : trainedBy],
      error: null,
      retargets: [],
    };
    return {
      run: toJson(savedRunToJson(run)) as Record<string, unknown>,
      worker,
      timing: { startedAt: end.startedAt, endedAt: end.endedAt, loadSeconds: end.loadSeconds, trainingSeconds: end.result.trainingSeconds, wallSeconds },
      attempt: end.attempt,
    };
  }
}
