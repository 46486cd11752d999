/**
 * The submitting side of a sweep: puts a grid into Redis as one BullMQ flow (the sweep's parent job, a child job per
 * run), and reads back where a sweep stands (for --watch) and how its runs ended (for --collect).
 */
import { FlowProducer, Job, Queue } from 'bullmq';
import type { SweepGrid } from './grid';
import { runJobData, type RunJobResult } from './job';
import { connectionOf, runJobOptions, RUNS_QUEUE, SWEEPS_QUEUE } from './queues';
import { manifestOf, type RunOutcome, type SweepManifest } from './sweepFile';

/** A run that is training: how far it is (from its job's progress). */
export interface ActiveRun {
  run: string;
  fraction: number;
}

export interface SweepSnapshot {
  total: number;
  finished: number;
  /** Failed after their last try. */
  failed: number;
  active: ActiveRun[];
  /** When the first run started (ms since 1970), null before. */
  startedAt: number | null;
  /** The sweep's parent job has run: every run ended. */
  closed: boolean;
}

const progressFraction = (progress: unknown): number => {
  const p = progress as { step?: unknown; total?: unknown } | null;
  return p && typeof p.step === 'number' && typeof p.total === 'number' && p.total > 0 ? Math.min(1, p.step / p.total) : 0;
};

export class SweepClient {
  readonly runs: Queue;
  readonly sweeps: Queue;
  private readonly flows: FlowProducer;

  constructor(url: string) {
    const connection = connectionOf(url, 'client');
    this.runs = new Queue(RUNS_QUEUE, { connection });
    this.sweeps = new Queue(SWEEPS_QUEUE, { connection });
    this.flows = new FlowProducer({ connection });
  }

  /** Submits the grid as sweep `id` (refused when a sweep of that id exists: its runs would not be added again). */
  async submit(id: string, grid: SweepGrid, now = Date.now()): Promise<SweepManifest> {
    if (await Job.fromId(this.sweeps, id)) throw new Error(`a sweep named ${id} is already in Redis: --watch or --collect it, or choose another --name`);
    const manifest = manifestOf(id, grid, now);
    const budget = grid.settings.budget;
    await this.flows.add({
      name: 'sweep',
      queueName: SWEEPS_QUEUE,
      data: manifest,
      opts: { jobId: id, removeOnComplete: false, removeOnFail: false },
      children: grid.runs.map((run) => {
        const data = runJobData(id, budget, run);
        return { name: 'run', queueName: RUNS_QUEUE, data, opts: runJobOptions(data.run) };
      }),
    });
    return manifest;
  }

  async manifest(id: string): Promise<SweepManifest> {
    const job = await Job.fromId(this.sweeps, id);
    if (!job) throw new Error(`no sweep named ${id} in Redis`);
    return job.data as SweepManifest;
  }

  /** Where the sweep stands: counts, the runs in progress, when it started. */
  async snapshot(manifest: SweepManifest): Promise<SweepSnapshot> {
    const parent = await Job.fromId(this.sweeps, manifest.sweep);
    if (!parent) throw new Error(`no sweep named ${manifest.sweep} in Redis`);
    const counts = await parent.getDependenciesCount();
    const parentKey = `${this.sweeps.qualifiedName}:${manifest.sweep}`;
    const active = (await this.runs.getActive()).filter((j) => j.parentKey === parentKey).map((j) => ({ run: j.id as string, fraction: progressFraction(j.progress) }));
    // One HGET per run (not the jobs: a finished job holds its whole result).
    const client = await this.runs.backend.client;
    const pipeline = client.pipeline();
    for (const { run } of manifest.runs) pipeline.runCommand('hget', [this.runs.toKey(run), 'processedOn']);
    const started = ((await pipeline.exec()) ?? []).map(([, v]) => Number(v)).filter((v) => Number.isFinite(v) && v > 0);
    const state = await parent.getState();
    return {
      total: manifest.runs.length,
      finished: counts.processed ?? 0,
      failed: counts.ignored ?? 0,
      active,
      startedAt: started.length > 0 ? Math.min(...started) : null,
      closed: state === 'completed' || state === 'failed',
    };
  }

  /** How each run of the sweep ended (or that it has not). */
  async outcomes(manifest: SweepManifest): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    for (const { run } of manifest.runs) {
      const job = await Job.fromId<unknown, RunJobResult>(this.runs, run);
      if (!job) {
        out.push({ run, state: 'missing' });
        continue;
      }
      const state = await job.getState();
      if (state === 'completed') out.push({ run, state: 'finished', result: job.returnvalue });
      else if (state === 'failed') out.push({ run, state: 'failed', reason: job.failedReason, data: job.data, startedAt: job.processedOn ?? null, endedAt: job.finishedOn ?? null });
      else out.push({ run, state: 'pending' });
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([this.runs.close(), this.sweeps.close(), this.flows.close()]);
  }
}
