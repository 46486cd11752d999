/**
 * Extra trainer workers for parallel teaching sweeps (opt-in: the "several workers" checkbox). Each helper is
 * another instance of trainer.worker.ts behind the same WorkerClient as the main worker, on the backend the main
 * worker chose, so its numbers match; its messages go to the run store under its own name ('helper-1', …), which
 * knows the runs it was given. Helpers start on the first parallel sweep and stay for the page's life; one that
 * died is replaced on the next sweep. At most ⌊hardwareConcurrency / 2⌋ workers in all (the main one included):
 * training one run keeps a core busy.
 */
import type { InitOptions, RunRequest } from '../../workers/protocol';
import type { RunsState } from '../runs/runsState';
import { unendedOn } from '../runs/runViews';
import { isEnded, type RunRecord } from '../runs/runRecord';
import { WorkerGoneError, type WorkerClient } from '../worker/workerClient';

/** Workers a parallel sweep may use, the main worker included (1 = no parallelism here). */
export function maxParallelWorkers(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.floor((hardwareConcurrency || 2) / 2));
}

/** Deals the items out to n lanes in turn (lane i gets items i, i + n, …), so every lane gets a similar share. */
export function splitRoundRobin<T>(items: readonly T[], n: number): T[][] {
  const lanes = Array.from({ length: Math.max(1, n) }, (): T[] => []);
  items.forEach((item, i) => lanes[i % lanes.length].push(item));
  return lanes;
}

/** The run store's name of helper i (1-based): lane i of a sweep goes to it, lane 0 to the main worker. */
export const helperName = (i: number) => `helper-${i}`;

export interface PoolDeps {
  /** Starts helper i's worker with its client (connected to the run store). */
  start(name: string, label: string): WorkerClient;
  runs(): Pick<RunsState, 'byId'>;
  /** Runs that could not be handed to a helper that lives (an init or enqueue that failed): they fail with `cause`. */
  fail(runIds: string[], cause: string): void;
  /** Marks runs stopped that were taken out of a helper's queue. */
  stopped(runIds: string[]): void;
}

interface Helper {
  client: WorkerClient;
  /** Resolves once the helper has its backend. */
  ready: Promise<void>;
  /** Its start failed (no backend): it is let go once its lane has failed, and the next sweep starts a new one. */
  failed: boolean;
}

export class WorkerPool {
  private readonly helpers: Helper[] = [];

  constructor(private readonly deps: PoolDeps) {}

  get size(): number {
    return this.helpers.length;
  }

  /** Helpers 1…count, started as the main worker was (`init`), starting new ones (and replacing dead ones). */
  private ensure(count: number, init: InitOptions): Helper[] {
    for (let i = 0; i < count; i++) {
      if (this.helpers[i] && !this.helpers[i].client.gone) continue;
      const client = this.deps.start(helperName(i + 1), `helper worker ${i + 1}`);
      const helper: Helper = { client, ready: Promise.resolve(), failed: false };
      helper.ready = client.call((api) => api.init(init)).then(
        () => {},
        (err: unknown) => {
          helper.failed = true;
          throw err;
        },
      );
      this.helpers[i] = helper;
    }
    return this.helpers.slice(0, count);
  }

  /**
   * Queues lane i of runs on helper i + 1 and starts it. Resolves when every helper has taken its lane or
   * failed to: a helper that dies ends its calls with an error, never leaves them (or this) waiting.
   */
  async run(lanes: readonly RunRequest[][], init: InitOptions): Promise<void> {
    const helpers = this.ensure(lanes.length, init);
    await Promise.all(
      lanes.map(async (requests, i) => {
        const helper = helpers[i];
        const { client, ready } = helper;
        try {
          await ready;
          // A Stop while the helper started has ended some of them (stopRuns had nothing to take out of its queue yet).
          const waiting = requests.filter((r) => {
            const run = this.deps.runs().byId.get(r.id);
            return run !== undefined && !isEnded(run);
          });
          if (waiting.length === 0) return;
          await client.call(async (api) => {
            await api.enqueue(waiting);
            await api.startQueue();
          });
        } catch (err) {
          // A death already failed the helper's runs (trainerWorkers.ts); any other error fails this lane's.
          if (!(err instanceof WorkerGoneError)) this.deps.fail(requests.map((r) => r.id), `${client.label}: ${err instanceof Error ? err.message : String(err)}`);
          // Its lane failed with the cause: a helper that could not start is let go (it would fail every later lane).
          if (helper.failed && !client.gone) client.terminate('it could not start');
        }
      }),
    );
  }

  /** Stops the helpers' runs `which` picks (all by default): out of their queues, and the one a helper trains. */
  async stopRuns(which: (run: RunRecord) => boolean = () => true): Promise<void> {
    await Promise.all(
      this.helpers.map(async ({ client }) => {
        const ids = unendedOn(this.deps.runs(), client.name)
          .filter(which)
          .map((r) => r.id);
        if (ids.length === 0 || client.gone) return;
        this.deps.stopped(ids);
        // A helper that died meanwhile has nothing left to stop.
        await client.call((api) => api.stop(ids)).catch(() => {});
      }),
    );
  }

  /** Terminates every helper (their unfinished runs fail, their pending calls reject). */
  close(reason: string): void {
    for (const { client } of this.helpers) client.terminate(reason);
  }
}
