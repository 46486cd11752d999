/**
 * Extra trainer workers for parallel teaching sweeps (opt-in: the "several workers" checkbox). Each helper is
 * another instance of trainer.worker.ts on the backend the main worker chose, so its numbers match; its messages
 * go to `onMessages` under its name ('helper-1', …: the run store mirrors each worker's loop apart). Helpers start on the first parallel sweep and stay for the page's life. At most
 * ⌊hardwareConcurrency / 2⌋ workers in all (the main one included): training one run keeps a core busy.
 */
import * as Comlink from 'comlink';
import type { RunRequest, TrainerWorkerApi, WorkerMessage } from '../../workers/protocol';
import type { BackendName } from '../../experiment/choices';

/** Workers a parallel sweep may use, the main worker included (1 = no parallelism here). */
export function maxParallelWorkers(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.floor((hardwareConcurrency || 2) / 2));
}

/** The run store's name of helper i (1-based): lane i of a sweep goes to it, lane 0 to the main worker. */
export const helperName = (i: number) => `helper-${i}`;

/** Deals the items out to n lanes in turn (lane i gets items i, i + n, …), so every lane gets a similar share. */
export function splitRoundRobin<T>(items: readonly T[], n: number): T[][] {
  const lanes = Array.from({ length: Math.max(1, n) }, (): T[] => []);
  items.forEach((item, i) => lanes[i % lanes.length].push(item));
  return lanes;
}

interface Helper {
  name: string;
  api: Comlink.Remote<TrainerWorkerApi>;
  ready: Promise<void>;
  /** Runs handed to it that have not ended (marked failed if it crashes). */
  pending: Set<string>;
}

export class WorkerPool {
  private readonly helpers: Helper[] = [];

  constructor(
    private readonly onMessages: (worker: string, messages: WorkerMessage[]) => void,
    private readonly onCrash: (runIds: string[], message: string) => void,
  ) {}

  get size(): number {
    return this.helpers.length;
  }

  /** Starts helpers until there are `count`, on this backend. */
  private ensure(count: number, backend: BackendName | undefined): Helper[] {
    while (this.helpers.length < count) this.helpers.push(this.start(backend));
    return this.helpers.slice(0, count);
  }

  private start(backend: BackendName | undefined): Helper {
    const name = helperName(this.helpers.length + 1);
    const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), { type: 'module', name: `paretoscope-${name}` });
    const api = Comlink.wrap<TrainerWorkerApi>(worker);
    const helper: Helper = { name, api, ready: Promise.resolve(), pending: new Set() };
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<WorkerMessage[]>) => {
      for (const m of event.data) if (m.kind === 'run-finished' || m.kind === 'run-failed' || m.kind === 'run-stopped') helper.pending.delete(m.runId);
      this.onMessages(name, event.data);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const ids = [...helper.pending];
      helper.pending.clear();
      this.onCrash(ids, event instanceof ErrorEvent && event.message ? event.message : 'a helper worker stopped');
    });
    helper.ready = (async () => {
      await api.connect(Comlink.transfer(channel.port2, [channel.port2]));
      await api.init({ backend });
    })();
    return helper;
  }

  /** Queues each lane of runs on its own helper and starts them. */
  async run(lanes: readonly RunRequest[][], backend: BackendName | undefined): Promise<void> {
    const helpers = this.ensure(lanes.length, backend);
    await Promise.all(
      lanes.map(async (requests, i) => {
        const helper = helpers[i];
        for (const r of requests) helper.pending.add(r.id);
        try {
          await helper.ready;
          await helper.api.enqueue(requests);
          await helper.api.startQueue();
        } catch (err) {
          for (const r of requests) helper.pending.delete(r.id);
          this.onCrash(
            requests.map((r) => r.id),
            err instanceof Error ? err.message : String(err),
          );
        }
      }),
    );
  }

  /** Stops every helper's run and empties its queue. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.helpers.map(async (h) => {
        const ids = [...h.pending];
        await h.api.dequeue(ids);
        await h.api.stop();
        this.onMessages(h.name, ids.map((runId) => ({ kind: 'run-stopped', runId })));
      }),
    );
  }
}
