/**
 * The app's main trainer worker: started once (worker/trainerWorkers.ts, connected to the run store), its
 * backend chosen and reported, and its life — ready, failed, crashed — shown in the app store. Commands go
 * through `command`, which turns a failure into a notice and never waits on a dead worker. No TF.js here.
 */
import type * as Comlink from 'comlink';
import type { TrainerWorkerApi, WorkerMessage } from '../workers/protocol';
import { errorMessage } from '../workers/runMessages';
import { AUTOMATIC_WORKER, type WorkerChoice } from '../experiment/link/experiment';
import { MAIN_WORKER } from './runs/runRecord';
import { useAppStore } from './store';
import { useRunsStore } from './runs/runsStore';
import { waitingQueue } from './runs/runsState';
import { startTrainerWorker } from './worker/trainerWorkers';
import { WorkerGoneError, type WorkerClient } from './worker/workerClient';

export interface TrainerClient {
  /** The main worker's client (its calls reject, never hang, once the worker has died); a new one after `restart`. */
  readonly worker: WorkerClient;
  /** Runs the worker's self-test and records the result (or the error) in the store. */
  runSelfTest(): Promise<void>;
  /**
   * Calls the worker once it is ready; resolves to undefined (and shows a notice) when the call fails or the
   * worker is gone.
   */
  command<T>(what: string, f: (api: Comlink.Remote<TrainerWorkerApi>) => Promise<T>): Promise<T | undefined>;
  /**
   * After the worker died: starts a new one, with what the page asks for now (a backend, runs at once), and hands it
   * the runs that were waiting in the dead one's queue (started if that queue was going). The runs the dead one was
   * training stay failed; nothing happens while the worker lives.
   */
  restart(): void;
}

/** A started worker and whether it initialised (false: it failed or died first). */
interface Started {
  worker: WorkerClient;
  ready: Promise<boolean>;
}

/**
 * Starts the worker and initialises it with what the link asked for (a backend, runs at once). Call once (outside
 * React, so StrictMode does not start two workers). `onMessages` sees every batch of the worker's messages after the
 * run store applied it, `onGone` the worker's death after its runs were failed (run persistence).
 */
export function startTrainer(options: { worker?: WorkerChoice; onMessages?: (messages: WorkerMessage[]) => void; onGone?: () => void } = {}): TrainerClient {
  useAppStore.getState().setRequested(options.worker ?? AUTOMATIC_WORKER);
  let current = start(options);
  const command: TrainerClient['command'] = async (what, f) => {
    const { worker, ready } = current;
    if (!(await ready) || worker.gone) return undefined;
    try {
      return await worker.call(f);
    } catch (err) {
      if (!(err instanceof WorkerGoneError)) {
        useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: `${what} failed: ${errorMessage(err)}` });
      }
      return undefined;
    }
  };

  return {
    get worker() {
      return current.worker;
    },
    command,
    async runSelfTest() {
      const { worker, ready } = current;
      if (!(await ready) || worker.gone) return;
      const s = useAppStore.getState();
      s.setStatus('self-testing');
      s.setSelfTest({ state: 'running' });
      const t0 = performance.now();
      try {
        const result = await worker.call((api) => api.selfTest());
        useAppStore.getState().setSelfTest({ state: 'done', result, ms: performance.now() - t0 });
        useAppStore.getState().setStatus('ready');
      } catch (err) {
        useAppStore.getState().setSelfTest({ state: 'error', message: errorMessage(err) });
        if (!worker.gone) useAppStore.getState().setStatus('ready');
      }
    },
    restart() {
      if (!current.worker.gone) return;
      useAppStore.getState().setSelfTest({ state: 'idle' });
      useAppStore.getState().setBackend(null);
      const { requests, processing } = waitingQueue(useRunsStore.getState(), MAIN_WORKER);
      current = start(options);
      if (requests.length === 0) return;
      void command('Queueing the waiting runs again', async (api) => {
        await api.enqueue(requests);
        if (processing) await api.startQueue();
      });
    },
  };
}

/** Starts one main worker and initialises it with the page's requested backend and runs at once. */
function start(options: { onMessages?: (messages: WorkerMessage[]) => void; onGone?: () => void }): Started {
  const choice = useAppStore.getState().requested;
  const backend = choice.backend ?? undefined;
  useAppStore.getState().setStatus('starting');

  const worker = startTrainerWorker(MAIN_WORKER, 'the trainer worker', {
    keepQueue: true,
    onMessages: options.onMessages,
    onGone: () => {
      useAppStore.getState().setStatus('crashed');
      options.onGone?.();
    },
  });

  const ready = (async () => {
    useAppStore.getState().setStatus('selecting-backend');
    try {
      const report = await worker.call((api) => api.init({ backend, runsAtOnce: choice.atOnce ?? undefined }));
      const s = useAppStore.getState();
      s.setBackend(report);
      if (backend && !report.forced) {
        const why = report.passedOver.find((p) => p.name === backend)?.reason ?? 'it did not initialise';
        s.addNotice({
          source: 'backend',
          level: 'warning',
          message: `The link's backend=${backend} could not be used (${why}); using ${report.name} instead.`,
        });
      }
      s.setStatus('ready');
      return true;
    } catch (err) {
      if (!(err instanceof WorkerGoneError)) {
        const s = useAppStore.getState();
        s.addNotice({ source: 'backend', level: 'error', message: errorMessage(err) });
        s.setStatus('failed');
      }
      return false;
    }
  })();
  return { worker, ready };
}
