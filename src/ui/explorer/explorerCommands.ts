/**
 * What the explorer's buttons do: each records the intent (a new run in the run store, the settings in the
 * explorer's) and tells the worker. The worker's answers (state, readings, results) come back as messages and
 * update the run store (worker/trainerWorkers.ts).
 */
import type { RunPersistence } from '../persistence/runPersistence';
import { modelCommands, type ModelCommands } from './modelCommands';
import type { TrainerClient } from '../trainerClient';
import { resolveConfig, type TrainerConfig } from '../../experiment/config';
import { useRunsStore } from '../runs/runsStore';
import { useExplorerStore } from './explorerStore';
import { activeRun, explorerView, isActive, newExplorerRuns, runById } from './explorerView';
import { pendingPlan, sameData } from './preferencePlan';
import { isEnded, requestOf, type NetworkRun } from '../runs/runRecord';

let nextRun = 1;
const newRunId = () => `run-${Date.now().toString(36)}-${nextRun++}`;

/** The buttons' commands, and the Pareto set model's questions (modelCommands.ts). */
export interface ExplorerCommands extends ModelCommands {
  /** Runs the editor's preference now (a run in progress is replaced). */
  runNow(): void;
  /** Adds the editor's preference to the queue. */
  addToQueue(): void;
  /** Queues every preference of the experiment's list that has no run with the current settings, and starts. */
  runAll(): void;
  startQueue(): void;
  pause(): void;
  resume(): void;
  step(): void;
  stop(): void;
  /** Stops the explorer's runs, takes them out of the queue and forgets them all, the saved ones too (the lab's go on). */
  reset(): void;
  /** Forgets one ended run (finished, failed, stopped, interrupted), its saved record, weights and model too. */
  deleteRun(id: string): void;
  /** Hands the worker runs restored as queued (they waited in the queue of a page since reloaded), without starting. */
  queueAgain(runs: readonly NetworkRun[]): void;
  /**
   * Moves the preference handle; re-targets the active run when live re-targeting is on (a Pareto set learning run
   * is never re-targeted: its model is read at the handle instead).
   */
  changePreference(k: readonly number[]): void;
}

export function explorerCommands(client: TrainerClient, persistence: Pick<RunPersistence, 'clear' | 'deleteRuns' | 'savePinned' | 'model' | 'saveModel'>): ExplorerCommands {
  const store = () => useExplorerStore.getState();
  let starting = false;
  /** The run Run started last: until the worker reports it loaded (or it ended), another Run is the same click again. */
  let started: string | null = null;
  const view = () => explorerView(useRunsStore.getState(), store());
  const addRun = (config: TrainerConfig) => {
    // Runs of the current settings are started: the front shows their setting again, not one picked before.
    store().pickSetting(null);
    const request = { id: newRunId(), config };
    useRunsStore.getState().add(newExplorerRuns(useRunsStore.getState(), [request]));
    return request;
  };
  const request = () => {
    const s = store();
    s.addToPlan(s.preference);
    return addRun(resolveConfig(s.settings, s.preference));
  };
  return {
    ...modelCommands(client, persistence, newRunId),
    runNow() {
      // A second click before the worker has taken the first run (a double click) starts nothing more: neither while
      // the worker is being asked, nor after it answered and before its loop's state (which disables Run) came in —
      // the same settings at the same k, that is (behind the lab's runs, another k may be asked meanwhile).
      const last = started === null ? null : runById(view(), started);
      if (starting || (last?.state === 'queued' && sameData(last.config, resolveConfig(store().settings, store().preference)))) return;
      const r = request();
      started = r.id;
      store().selectRun(null);
      starting = true;
      void client.command('Starting the run', (api) => api.run(r)).finally(() => (starting = false));
    },
    addToQueue() {
      const r = request();
      void client.command('Adding to the queue', (api) => api.enqueue([r]));
    },
    runAll() {
      const requests = pendingPlan(view()).map(({ config }) => addRun(config));
      if (requests.length === 0) return;
      void client.command('Queueing the list', async (api) => {
        await api.enqueue(requests);
        await api.startQueue();
      });
    },
    startQueue() {
      void client.command('Starting the queue', (api) => api.startQueue());
    },
    pause() {
      void client.command('Pausing', (api) => api.pause());
    },
    resume() {
      void client.command('Resuming', (api) => api.resume());
    },
    step() {
      void client.command('Stepping', (api) => api.step());
    },
    stop() {
      void client.command('Stopping', (api) => api.stop());
    },
    reset() {
      const { runs } = view();
      // The explorer's runs only: the lab's runs in the same worker's queue, or in training, go on.
      const unended = runs.filter((r) => !isEnded(r)).map((r) => r.id);
      if (unended.length > 0) void client.command('Resetting', (api) => api.stop(unended));
      useRunsStore.getState().remove(runs.map((r) => r.id));
      store().selectRun(null);
      store().setProbe(null);
      const models = runs.filter((r) => r.config.method.name === 'psl').map((r) => r.id);
      if (models.length > 0) void client.command('Letting go of the models', (api) => api.forgetModels(models));
      // Forgotten means forgotten: a reload must not bring the runs back.
      void persistence.clear();
    },
    deleteRun(id) {
      const run = view().runs.find((r) => r.id === id);
      // A queued or training run is the queue's and Stop's to end, not this.
      if (!run || !isEnded(run)) return;
      useRunsStore.getState().remove([id], true);
      if (store().selectedRunId === id) store().selectRun(null);
      if (store().probe?.run === id) store().setProbe(null);
      if (store().gridAnswers?.run === id) store().setGridAnswers(null);
      if (run.config.method.name === 'psl' && !run.pin) void client.command('Letting go of the model', (api) => api.forgetModels([id]));
      void persistence.deleteRuns([id]);
    },
    queueAgain(runs) {
      if (runs.length === 0) return;
      void client.command('Queueing the runs that waited', (api) => api.enqueue(runs.map(requestOf)));
    },
    changePreference(k) {
      const before = store().preference;
      store().setPreference(k);
      const s = view();
      const active = activeRun(s);
      // Only a network run of this explorer is re-targeted (not a teaching-lab run the worker is busy with), and never
      // a Pareto set model: the handle reads it (askModel).
      if (s.retargetLive && isActive(s) && active && active.config.method.name !== 'psl' && s.preference.some((v, i) => v !== before[i])) {
        const target = [...s.preference];
        void client.command('Re-targeting the run', (api) => api.setPreference(active.id, target));
      }
    },
  };
}
