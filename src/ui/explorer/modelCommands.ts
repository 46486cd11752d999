/**
 * The explorer's questions to a Pareto set model (method psl on a network), in the worker, without training: the
 * probe at the handle, the sweep's preferences for the methods comparison, a pinned point; and the model rebuilt in
 * the worker from this browser's saved copy when the worker no longer has it (after a reload). explorerCommands.ts
 * hands these out with the other buttons' commands.
 */
import type { KernelData, ModelRead, NetworkModelReading } from '../../workers/protocol';
import { networkTaskGrid } from '../compare/sweepGrid';
import { useSweepStore } from '../compare/sweepStore';
import type { RunPersistence } from '../persistence/runPersistence';
import type { NetworkRun } from '../runs/runRecord';
import { nextOrdinal } from '../runs/runsState';
import { useRunsStore } from '../runs/runsStore';
import { useAppStore } from '../store';
import type { TrainerClient } from '../trainerClient';
import { oneAtATime } from '../worker/oneAtATime';
import { useExplorerStore } from './explorerStore';
import { explorerView, runById } from './explorerView';
import { modelRun, pinnedRun, probeRead } from './paretoModel';
import { sameData } from './preferencePlan';
import { parseNetworkModelFile } from './networkModelFile';
import { errorMessage } from '../../workers/runMessages';
import { kText } from '../../experiment/preference';
import { runsOfSetting, settingKeyOf, shownSetting } from './shownSetting';
import { networkSweepSize } from '../compare/networkSweep';

export interface ModelCommands {
  /**
   * Reads the Pareto set model (modelRun) at the handle's preference, on a validation subset while it trains and on the
   * test subset once finished (probeRead): the probe. One question at a time; asked again meanwhile, it asks once more
   * with the newest handle.
   */
  askModel(): void;
  /** Keeps the probe's preference as a finished point of its own, measured on the run's validation and test subsets. */
  pinProbe(): Promise<void>;
  /**
   * Reads the newest finished Pareto set model on the test subset at the network sweep's preferences (the k₀ the
   * sweep ran at, its size), for the methods comparison; only the newest question's answers are kept.
   */
  askModelGrid(): Promise<void>;
  /** A finished Pareto set model's saved values (network and FiLM), for its download; undefined if none were saved. */
  modelValues(runId: string): Promise<KernelData[] | undefined>;
  /**
   * Loads a finished model's values from its file ("Download the model") when the page has no copy (an imported run):
   * checked, loaded into the worker, saved in this browser, then read at the handle. False, with a notice, if refused.
   */
  loadModelFile(runId: string, file: File): Promise<boolean>;
}

/** "Pin" makes the point a run of its own: the same id scheme as the explorer's runs. */
export type NewRunId = () => string;

/** Readings the front, the hypervolume and the saved runs can hold (a model that diverged somewhere answers NaN there). */
const finite = (r: NetworkModelReading) => [...r.accuracy, ...r.nll, r.rows.sparsityRate, r.rows.compressionRate, r.growlPenalty].every(Number.isFinite);

export function modelCommands(client: TrainerClient, persistence: Pick<RunPersistence, 'savePinned' | 'model' | 'saveModel'>, newRunId: NewRunId): ModelCommands {
  const store = () => useExplorerStore.getState();
  const view = () => explorerView(useRunsStore.getState(), store());
  const model = () => {
    const v = view();
    return modelRun(v.runs, v.settings.problem, shownSetting(v).shown);
  };

  /**
   * Rebuilds a finished model in the worker from the copy this browser saved: one rebuild at a time per run (its
   * askers share it); again after one that worked (the worker has since let the model go for newer ones) or that got no
   * answer (the worker died: a restarted one can rebuild it), never after one that failed (nothing saved, or values
   * that do not fit: the panel then says the model is gone).
   */
  const rebuilds = new Map<string, { promise: Promise<boolean>; settled: boolean; worked: boolean }>();
  const rebuild = (run: NetworkRun): Promise<boolean> => {
    if (run.state !== 'finished') return Promise.resolve(false);
    const known = rebuilds.get(run.id);
    if (known && (!known.settled || !known.worked)) return known.promise;
    const entry = { promise: Promise.resolve(false), settled: false, worked: false };
    entry.promise = (async () => {
      const values = await persistence.model(run.id);
      if (!values) return false;
      const loaded = await client.command('Loading the Pareto set model', (api) => api.loadNetworkModel({ runId: run.id, config: run.config, model: values }));
      if (loaded === undefined) rebuilds.delete(run.id);
      return loaded === true;
    })().then((worked) => {
      Object.assign(entry, { settled: true, worked });
      return worked;
    });
    rebuilds.set(run.id, entry);
    return entry.promise;
  };

  /** The model's readings at k, one per read, the model rebuilt once if the worker lacks it; null: it is gone; undefined: the command failed. */
  const ask = async (run: NetworkRun, what: string, preference: number[], reads: ModelRead[]) => {
    const question = () => client.command(what, (api) => api.askNetworkModel({ runId: run.id, preference, reads }));
    const answer = await question();
    return answer === null && (await rebuild(run)) ? question() : answer;
  };

  let gridAsks = 0;
  const askModel = oneAtATime(() => {
    const run = model();
    if (!run) {
      if (store().probe) store().setProbe(null);
      return;
    }
    const preference = [...store().preference];
    return ask(run, 'Reading the Pareto set model', preference, [probeRead(run)]).then((answer) => {
      if (answer === undefined) return; // the command failed: its notice is shown
      store().setProbe({ run: run.id, reading: answer?.[0] ?? null });
    });
  });

  return {
    askModel,

    async askModelGrid() {
      const run = model();
      if (run?.state !== 'finished') return;
      // The k₀ the network sweep ran its runs at (the model's own when no sweep ran since the page opened), and its
      // number of preferences (the box's, or the one it ran at where the box has changed since).
      const { sweepK0 } = store();
      const size = networkSweepSize(runsOfSetting(view().runs, settingKeyOf(run.config)), sweepK0, useSweepStore.getState().size);
      const grid = networkTaskGrid(sweepK0 ?? run.config.preference[0], size);
      const current = store().gridAnswers;
      if (current?.run === run.id && sameData(current.preferences, grid)) return;
      const asked = ++gridAsks;
      const readings: NetworkModelReading[] = [];
      for (const k of grid) {
        const answer = await ask(run, 'Reading the Pareto set model', k, [{ split: 'test', examples: null }]);
        // Gone, failed, or a newer question (another grid or model) was asked meanwhile.
        if (!answer || asked !== gridAsks) return;
        readings.push(answer[0]);
      }
      store().setGridAnswers({ run: run.id, preferences: grid, readings });
    },

    modelValues: (runId) => persistence.model(runId),

    async loadModelFile(runId, file) {
      const run = runById(view(), runId);
      if (!run || run.config.method.name !== 'psl' || run.state !== 'finished') return false;
      const refuse = (problems: string[]) => {
        useAppStore.getState().addNotice({ source: 'model', level: 'error', message: `${file.name} was not loaded into run ${run.ordinal}:`, details: problems });
        return false;
      };
      let text: string;
      try {
        text = await file.text();
      } catch (err) {
        return refuse([`file: could not be read (${errorMessage(err)})`]);
      }
      const parsed = parseNetworkModelFile(text, run);
      if (!parsed.ok) return refuse(parsed.problems);
      // The worker's own check (every tensor's shape against the network of this config) is the last word.
      const loaded = await client.command('Loading the model file', async (api) => {
        try {
          return await api.loadNetworkModel({ runId: run.id, config: run.config, model: parsed.tensors });
        } catch (err) {
          return errorMessage(err);
        }
      });
      if (loaded === undefined) return false;
      if (loaded !== true) return refuse([loaded]);
      rebuilds.delete(run.id);
      persistence.saveModel(run.id, parsed.tensors);
      useAppStore.getState().addNotice({ source: 'model', level: 'info', message: `Run ${run.ordinal}'s model was loaded from ${file.name} and saved in this browser.` });
      askModel();
      return true;
    },

    async pinProbe() {
      const probe = store().probe;
      const run = probe ? runById(view(), probe.run) : null;
      if (!probe?.reading || !run) return;
      const preference = [...probe.reading.preference];
      // Both splits between the same two training steps: one model, even while it trains.
      const answer = await ask(run, 'Pinning the point', preference, [
        { split: 'val', examples: null },
        { split: 'test', examples: null },
      ]);
      if (answer === null) store().setProbe({ run: run.id, reading: null });
      if (!answer) return;
      const [val, test] = answer;
      if (!finite(val) || !finite(test)) {
        useAppStore.getState().addNotice({ source: 'worker', level: 'error', message: `Nothing pinned: the model's answer at ${kText(preference)} is not finite.` });
        return;
      }
      const pinned = pinnedRun(newRunId(), nextOrdinal(useRunsStore.getState(), 'explorer'), run, val, test);
      useRunsStore.getState().add([pinned]);
      persistence.savePinned(pinned);
    },
  };
}
