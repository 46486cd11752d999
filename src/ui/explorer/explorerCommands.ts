/**
 * What the explorer's buttons do: each records the intent (a new run in the run store, the settings in the
 * explorer's) and tells the worker. The worker's answers (state, readings, results) come back as messages and
 * update the run store (worker/trainerWorkers.ts).
 */
import type { RunPersistence } from '../persistence/runPersistence';
import { oneAtATime } from '../worker/oneAtATime';
import { nextOrdinal } from '../runs/runsState';
import { modelRun, pinnedRun, PROBE_EXAMPLES } from './paretoModel';
import type { NetworkRun } from '../runs/runRecord';
import type { KernelData, NetworkModelReading } from '../../workers/protocol';
import { networkTaskGrid } from '../compare/sweepGrid';
import { useSweepStore } from '../compare/sweepStore';
import { useAppStore } from '../store';
import type { TrainerClient } from '../trainerClient';
import { resolveConfig, type TrainerConfig } from '../../experiment/config';
import { useRunsStore } from '../runs/runsStore';
import { useExplorerStore } from './explorerStore';
import { activeRun, explorerView, isActive, newExplorerRuns, runById } from './explorerView';
import { pendingPlan, sameData } from './preferencePlan';

let nextRun = 1;
const newRunId = () => `run-${Date.now().toString(36)}-${nextRun++}`;

export interface ExplorerCommands {
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
  /** Stops everything, empties the queue and forgets all runs, the saved ones too. */
  reset(): void;
  /**
   * Moves the preference handle; re-targets the active run when live re-targeting is on (a Pareto set learning run
   * is never re-targeted: its model is read at the handle instead).
   */
  changePreference(k: readonly number[]): void;
  /**
   * Reads the Pareto set model (modelRun) at the handle's preference on a validation subset, in the worker, without
   * training: the probe. One question at a time; asked again meanwhile, it asks once more with the newest handle.
   */
  askModel(): void;
  /** Keeps the probe's preference as a finished point of its own, measured on the run's validation and test subsets. */
  pinProbe(): Promise<void>;
  /**
   * Reads the newest finished Pareto set model on the test subset at the network sweep's preferences (its k₀, the
   * sweep's size), for the methods comparison; only the newest question's answers are kept.
   */
  askModelGrid(): Promise<void>;
  /** A finished Pareto set model's saved values (network and FiLM), for its download; undefined if none were saved. */
  modelValues(runId: string): Promise<KernelData[] | undefined>;
}

export function explorerCommands(client: TrainerClient, persistence: Pick<RunPersistence, 'clear' | 'savePinned' | 'model'>): ExplorerCommands {
  const store = () => useExplorerStore.getState();
  let starting = false;
  const view = () => explorerView(useRunsStore.getState(), store());
  const addRun = (config: TrainerConfig) => {
    const request = { id: newRunId(), config };
    useRunsStore.getState().add(newExplorerRuns(useRunsStore.getState(), [request]));
    return request;
  };
  const request = () => {
    const s = store();
    s.addToPlan(s.preference);
    return addRun(resolveConfig(s.settings, s.preference));
  };
  const model = () => modelRun(view().runs, store().settings.problem);
  /** Finished models the worker was asked to rebuild from their saved values (once each: a failure is not retried). */
  const reloaded = new Set<string>();
  /** True when the worker now has the run's model again (rebuilt from what this browser saved). */
  const reload = async (run: NetworkRun): Promise<boolean> => {
    if (run.state !== 'finished' || reloaded.has(run.id)) return false;
    reloaded.add(run.id);
    const values = await persistence.model(run.id);
    if (!values) return false;
    return (await client.command('Loading the Pareto set model', (api) => api.loadNetworkModel({ runId: run.id, config: run.config, model: values }))) === true;
  };
  const askModel: () => void = oneAtATime(() => {
    const run = model();
    if (!run) {
      if (store().probe) store().setProbe(null);
      return;
    }
    const preference = [...store().preference];
    return client
      .command('Reading the Pareto set model', (api) => api.askNetworkModel({ runId: run.id, preference, split: 'val', examples: PROBE_EXAMPLES }))
      .then(async (reading) => {
        // undefined: the command failed (its notice is shown); null: the worker no longer has this model (a reload).
        if (reading === null && (await reload(run))) askModel();
        else if (reading !== undefined) store().setProbe({ run: run.id, reading });
      });
  });
  let gridAsks = 0;
  return {
    askModel,
    async askModelGrid() {
      const run = model();
      if (run?.state !== 'finished') return;
      const grid = networkTaskGrid(run.config.preference[0], useSweepStore.getState().size);
      const current = store().gridAnswers;
      if (current?.run === run.id && sameData(current.preferences, grid)) return;
      const ask = ++gridAsks;
      const read = (k: number[]) => client.command('Reading the Pareto set model', (api) => api.askNetworkModel({ runId: run.id, preference: k, split: 'test', examples: null }));
      const readings: NetworkModelReading[] = [];
      for (const k of grid) {
        let reading = await read(k);
        if (reading === null && (await reload(run))) reading = await read(k);
        // Gone, failed, or a newer question (another grid or model) was asked meanwhile.
        if (!reading || ask !== gridAsks) return;
        readings.push(reading);
      }
      store().setGridAnswers({ run: run.id, preferences: grid, readings });
    },
    modelValues: (runId) => persistence.model(runId),
    async pinProbe() {
      const probe = store().probe;
      const run = probe ? runById(view(), probe.run) : null;
      if (!probe?.reading || !run) return;
      const preference = [...probe.reading.preference];
      const ask = (split: 'val' | 'test') => client.command('Pinning the point', (api) => api.askNetworkModel({ runId: run.id, preference, split, examples: null }));
      const val = await ask('val');
      const test = await ask('test');
      if (!val || !test) {
        if (val === null || test === null) store().setProbe({ run: run.id, reading: null });
        return;
      }
      // A point the front, the hypervolume and the saved runs could not hold (a model that diverged there) is not kept.
      const finite = (r: NetworkModelReading) => [...r.accuracy, ...r.nll, r.rows.sparsityRate, r.rows.compressionRate, r.growlPenalty].every(Number.isFinite);
      if (!finite(val) || !finite(test)) {
        useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: `Nothing pinned: the model's answer at k = (${preference.join(', ')}) is not finite.` });
        return;
      }
      const pinned = pinnedRun(newRunId(), nextOrdinal(useRunsStore.getState(), 'explorer'), run, val, test);
      useRunsStore.getState().add([pinned]);
      persistence.savePinned(pinned);
    },
    runNow() {
      // A second click before the worker has taken the first run (a double click) starts nothing more.
      if (starting) return;
      const r = request();
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
      const { loop, runs } = view();
      void client.command('Resetting', async (api) => {
        await api.stop();
        await api.dequeue(loop.queued);
      });
      useRunsStore.getState().remove(runs.map((r) => r.id));
      store().selectRun(null);
      store().setProbe(null);
      const models = runs.filter((r) => r.config.method.name === 'psl').map((r) => r.id);
      if (models.length > 0) void client.command('Letting go of the models', (api) => api.forgetModels(models));
      // Forgotten means forgotten: a reload must not bring the runs back.
      void persistence.clear();
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
        void client.command('Re-targeting the run', (api) => api.setPreference(target));
      }
    },
  };
}
