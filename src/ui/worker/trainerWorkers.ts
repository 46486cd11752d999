/**
 * Starting a trainer worker (the main one or a sweep helper: the same script, the same client) and connecting it
 * to the run store: its batches of messages go to the store under its name, a run it reports failed becomes a
 * notice, and when it dies the runs it was training fail with the cause and a notice says so. The runs waiting in
 * its queue fail too, or, for a worker that is started again in its place (the main one), wait for that one.
 */
import { useRunsStore } from '../runs/runsStore';
import { waitingQueue } from '../runs/runsState';
import { useAppStore } from '../store';
import type { WorkerMessage } from '../../workers/protocol';
import { WorkerClient, type WorkerClientOptions, type WorkerGoneError } from './workerClient';
import { andList } from '../../experiment/plural';

export interface TrainerWorkerHooks {
  /** After the run store applied a batch (run persistence). */
  onMessages?(messages: WorkerMessage[]): void;
  /** After the worker's runs were failed. */
  onGone?(error: WorkerGoneError): void;
  /** Its queued runs wait for a worker started in its place (runsState.waitingQueue) instead of failing. */
  keepQueue?: boolean;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function reportFailures(messages: readonly WorkerMessage[]): void {
  for (const m of messages) {
    if (m.kind !== 'run-failed') continue;
    const ordinal = useRunsStore.getState().byId.get(m.runId)?.ordinal;
    if (ordinal === undefined) useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: `A run failed: ${m.message}` });
    else useAppStore.getState().addRunFailure(ordinal, m.message);
  }
}

/** What a worker's client does with its messages and its death: the run store, notices, then `hooks`. */
export function runFeed(name: string, hooks: TrainerWorkerHooks = {}): Pick<WorkerClientOptions, 'onMessages' | 'onGone'> {
  return {
    onMessages(messages) {
      useRunsStore.getState().applyMessages(name, messages);
      reportFailures(messages);
      hooks.onMessages?.(messages);
    },
    onGone(error) {
      const before = useRunsStore.getState().byId;
      useRunsStore.getState().failWorker(name, error.message, hooks.keepQueue);
      // The runs it failed, by number (the lab numbers its runs apart): which results will not come.
      const failed = [...useRunsStore.getState().byId.values()].filter((r) => r.state === 'failed' && before.get(r.id)?.state !== 'failed');
      const named = (owner: 'explorer' | 'teaching', what: string) => {
        const ordinals = failed.filter((r) => r.owner === owner).map((r) => r.ordinal).sort((a, b) => a - b);
        return ordinals.length === 0 ? [] : [`${what}${ordinals.length === 1 ? '' : 's'} ${andList(ordinals)}`];
      };
      const runs = [...named('explorer', 'run'), ...named('teaching', 'teaching run')].join(' and ');
      const lost = runs === '' ? '' : `. ${capitalised(runs)}, which it was given, failed`;
      const waiting = waitingQueue(useRunsStore.getState(), name).requests.length;
      const queue = waiting === 0 ? '' : `. ${waiting === 1 ? 'The queued run waits' : `The ${waiting} queued runs wait`} for the trainer to start again.`;
      useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: capitalised(error.message) + lost + (queue || (lost ? '.' : '')) });
      hooks.onGone?.(error);
    },
  };
}

/** Starts a trainer worker named `name` ('main', 'helper-1', …) whose messages name it `label`. */
export function startTrainerWorker(name: string, label: string, hooks: TrainerWorkerHooks = {}): WorkerClient {
  const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: name === 'main' ? 'paretoscope-trainer' : `paretoscope-${name}`,
  });
  return new WorkerClient(worker, { name, label, ...runFeed(name, hooks) });
}
