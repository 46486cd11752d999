/**
 * The UI side of the trainer worker: creates the module worker, wraps it with Comlink, and turns every
 * outcome — including a crash of the worker itself — into state in the store. No TF.js here.
 */
import * as Comlink from 'comlink';
import type { TrainerWorkerApi, WorkerMessage } from '../workers/protocol';
import type { BackendName } from '../experiment/choices';
import { MAIN_WORKER } from './runs/runRecord';
import { useRunsStore } from './runs/runsStore';
import { useAppStore } from './store';

export interface TrainerClient {
  /** The raw Comlink proxy, for calls not wrapped below. Calls on it hang if the worker has died. */
  readonly api: Comlink.Remote<TrainerWorkerApi>;
  /** Runs the worker's self-test and records the result (or the error) in the store. */
  runSelfTest(): Promise<void>;
  /**
   * Calls the worker once it is ready; resolves to undefined (and shows a notice) when the call fails or the
   * worker is gone.
   */
  command<T>(what: string, f: (api: Comlink.Remote<TrainerWorkerApi>) => Promise<T>): Promise<T | undefined>;
}

class WorkerCrashed extends Error {}

function describeWorkerError(event: Event): string {
  if (event instanceof ErrorEvent) {
    const where = event.filename ? ` (${event.filename.split('/').pop()}:${event.lineno}:${event.colno})` : '';
    if (event.message) return `${event.message}${where}`;
    if (event.error instanceof Error) return `${event.error.message}${where}`;
  }
  return 'the worker script failed to load or stopped without details (see the browser console)';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Starts the worker and initialises it with the requested backend. Call once (outside React, so StrictMode
 * does not start two workers). `onMessages` sees every batch of worker messages after the run store applied it
 * (run persistence).
 */
export function startTrainer(options: { backend?: BackendName; onMessages?: (messages: WorkerMessage[]) => void } = {}): TrainerClient {
  const store = useAppStore.getState();
  store.setRequested(options.backend);
  store.setStatus('starting');

  const worker = new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'paretoscope-trainer',
  });

  // Settles (rejects) when the worker dies, so pending calls don't wait forever.
  let crashed = false;
  let rejectCrash: (err: Error) => void = () => {};
  const crash = new Promise<never>((_, reject) => {
    rejectCrash = reject;
  });
  crash.catch(() => {}); // observed through `call`; avoid an unhandled rejection when nothing is pending

  const onCrash = (message: string) => {
    if (crashed) return;
    crashed = true;
    const s = useAppStore.getState();
    s.addNotice({ source: 'worker', level: 'error', message: `The trainer worker crashed: ${message}` });
    s.setStatus('crashed');
    useRunsStore.getState().failWorker(MAIN_WORKER, `the trainer worker crashed: ${message}`);
    rejectCrash(new WorkerCrashed(message));
    worker.terminate();
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onCrash(describeWorkerError(event));
  });
  worker.addEventListener('messageerror', () => onCrash('a message from the worker could not be deserialised'));

  const api = Comlink.wrap<TrainerWorkerApi>(worker);
  const call = <T>(p: Promise<T>): Promise<T> => Promise.race([p, crash]);

  // Readings and run events arrive in batches on their own port (≤ ~10 batches a second).
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<WorkerMessage[]>) => {
    useRunsStore.getState().applyMessages(MAIN_WORKER, event.data);
    options.onMessages?.(event.data);
    for (const m of event.data) {
      if (m.kind !== 'run-failed') continue;
      const ordinal = useRunsStore.getState().byId.get(m.runId)?.ordinal;
      useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: `Run ${ordinal ?? ''} failed: ${m.message}` });
    }
  };
  void api.connect(Comlink.transfer(channel.port2, [channel.port2]));

  const ready = (async () => {
    useAppStore.getState().setStatus('selecting-backend');
    try {
      const report = await call(api.init({ backend: options.backend }));
      const s = useAppStore.getState();
      s.setBackend(report);
      if (options.backend && !report.forced) {
        const why = report.passedOver.find((p) => p.name === options.backend)?.reason ?? 'it did not initialise';
        s.addNotice({
          source: 'backend',
          level: 'warning',
          message: `?backend=${options.backend} could not be used (${why}); using ${report.name} instead.`,
        });
      }
      s.setStatus('ready');
      return true;
    } catch (err) {
      if (!(err instanceof WorkerCrashed)) {
        const s = useAppStore.getState();
        s.addNotice({ source: 'backend', level: 'error', message: errorMessage(err) });
        s.setStatus('failed');
      }
      return false;
    }
  })();

  return {
    api,
    async command(what, f) {
      if (!(await ready) || crashed) return undefined;
      try {
        return await call(f(api));
      } catch (err) {
        if (!(err instanceof WorkerCrashed)) {
          useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: `${what} failed: ${errorMessage(err)}` });
        }
        return undefined;
      }
    },
    async runSelfTest() {
      if (!(await ready) || crashed) return;
      const s = useAppStore.getState();
      s.setStatus('self-testing');
      s.setSelfTest({ state: 'running' });
      const t0 = performance.now();
      try {
        const result = await call(api.selfTest());
        useAppStore.getState().setSelfTest({ state: 'done', result, ms: performance.now() - t0 });
        useAppStore.getState().setStatus('ready');
      } catch (err) {
        useAppStore.getState().setSelfTest({ state: 'error', message: errorMessage(err) });
        if (!crashed) useAppStore.getState().setStatus('ready');
      }
    },
  };
}
