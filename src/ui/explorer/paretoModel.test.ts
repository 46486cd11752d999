/**
 * The explorer's Pareto set model: which run the handle reads, the handle's questions against a stand-in worker
 * (one at a time, the newest preference next, "no longer in the worker" said), pinning a point as a finished run that
 * is saved, never re-targeting the model, one run of "Run all" for a model, and its curve and probe on the front.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { NetworkModelPoint, NetworkResult } from '../../engine/readings';
import { defaultSettings, resolveConfig } from '../../experiment/config';
import type { KernelData, NetworkModelQuery, NetworkModelReading, TrainerWorkerApi } from '../../workers/protocol';
import { frontData } from '../pareto/frontChartData';
import { newNetworkRun, type NetworkRun } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { finalResult } from '../testing/fakeRuns';
import type { TrainerClient } from '../trainerClient';
import { explorerCommands } from './explorerCommands';
import { initialExplorerState } from './explorerState';
import { useExplorerStore } from './explorerStore';
import { explorerView, focusedRun, lastEndedRun } from './explorerView';
import { FINISHED_PROBE_EXAMPLES, handleOnCurve, modelCurve, modelRun, PROBE_EXAMPLES, readingData, sparsityAlongK0, sparsityText, spreadText, taskSplitSpread } from './paretoModel';
import { pendingPlan } from './preferencePlan';
import { settingKeyOf } from './shownSetting';
import { networkModelFileText } from './networkModelFile';
import { useAppStore } from '../store';
import { networkComparison } from '../compare/networkComparison';
import { networkTaskGrid } from '../compare/sweepGrid';
import { useSweepStore } from '../compare/sweepStore';

const settings = { ...defaultSettings('tiny'), method: 'psl' as const };
const ROWS = finalResult([1, 1], [50, 50], 0).rows;

function reading(preference: number[], nll: [number, number], examples = PROBE_EXAMPLES): NetworkModelReading {
  return { preference, accuracy: [80, 70], nll, rows: { ...ROWS, sparsityRate: 100 * preference[0] }, growlPenalty: 1, parameterCount: 1234, examples, split: 'val', seconds: 0.02 };
}

const point = (k0: number, w: number, nll: [number, number]): NetworkModelPoint => ({
  preference: [k0, (1 - k0) * w, (1 - k0) * (1 - w)],
  test: { accuracy: [80, 70], nll },
  sparsityRate: 100 * k0,
  compressionRate: 1,
});

function modelRecord(state: NetworkRun['state'], id = 'm', ordinal = 1): NetworkRun {
  const run = newNetworkRun(id, ordinal, resolveConfig(settings, [0.2, 0.4, 0.4]));
  if (state !== 'finished') return { ...run, state };
  const result: NetworkResult = {
    ...finalResult([0.5, 0.6], [80, 70], 20),
    method: 'psl',
    paretoSet: { task: [point(0.2, 0.1, [0.9, 0.3]), point(0.2, 0.5, [0.5, 0.5]), point(0.2, 0.9, [0.3, 0.9])], sparsity: [point(0, 0.5, [0.4, 0.4]), point(0.5, 0.5, [0.6, 0.6])] },
  };
  return { ...run, state, result };
}

interface Pending {
  query: NetworkModelQuery;
  /** One reading per read (a lone reading answers a one-read question). */
  answer(value: NetworkModelReading | NetworkModelReading[] | null): void;
}

function standIn(savedModel?: KernelData[], refuseLoad?: string) {
  const pending: Pending[] = [];
  const calls: string[] = [];
  const saved: NetworkRun[] = [];
  const savedModels: string[] = [];
  const deleted: string[] = [];
  const api = {
    loadNetworkModel: async (request: { runId: string; model: KernelData[] }) => {
      calls.push(`load ${request.runId} (${request.model.length} tensors)`);
      if (refuseLoad) throw new Error(refuseLoad);
      return true;
    },
    askNetworkModel: (query: NetworkModelQuery) =>
      new Promise<NetworkModelReading[] | null>((resolve) => pending.push({ query, answer: (v) => resolve(v === null || Array.isArray(v) ? v : [v]) })),
    setPreference: async () => void calls.push('setPreference'),
    forgetModels: async (ids: string[]) => void calls.push(`forget ${ids.join(',')}`),
    stop: async () => undefined,
  } as unknown as TrainerWorkerApi;
  const client = { command: (_what: string, f: (a: never) => Promise<unknown>) => f(api as never) } as unknown as TrainerClient;
  const commands = explorerCommands(client, {
    clear: async () => 0,
    savePinned: (run) => void saved.push(run),
    model: async () => savedModel,
    saveModel: (runId, model) => void savedModels.push(`${runId} (${model.length} tensors)`),
    deleteRuns: async (ids) => {
      deleted.push(...ids);
      return true;
    },
  });
  return { pending, calls, saved, savedModels, deleted, commands };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  useRunsStore.setState(emptyRuns());
  useExplorerStore.setState({ ...initialExplorerState('tiny'), settings });
});

describe("the run list's Delete", () => {
  it('forgets an ended run: from the page, its model in the worker, its saved record; not a run still queued or training', async () => {
    useRunsStore.getState().add([modelRecord('finished'), modelRecord('running', 'n', 2), { ...modelRecord('queued', 'q', 3) }]);
    useExplorerStore.setState({ selectedRunId: 'm', probe: { run: 'm', reading: null } });
    const { calls, deleted, commands } = standIn();
    commands.deleteRun('n');
    commands.deleteRun('q');
    commands.deleteRun('m');
    await flush();
    expect(explorerView(useRunsStore.getState(), useExplorerStore.getState()).runs.map((r) => r.id)).toEqual(['n', 'q']);
    expect(deleted).toEqual(['m']);
    expect(calls).toContain('forget m');
    expect(useExplorerStore.getState()).toMatchObject({ selectedRunId: null, probe: null });
  });
});

describe("the explorer's Pareto set model", () => {
  it('says whether the handle is on the curve drawn, and how far the model moves along the task split', () => {
    const model = modelRecord('finished'); // k = (0.2, 0.4, 0.4)
    expect(handleOnCurve(model, [0.2, 0.7, 0.1], { sparsityAxis: false })).toBe(true);
    expect(handleOnCurve(model, [0.3, 0.35, 0.35], { sparsityAxis: false })).toBe(false);
    // A step of the editor's 3 decimals off (a drag along the task split) is still on it; two are not.
    expect(handleOnCurve(model, [0.201, 0.7, 0.099], { sparsityAxis: false })).toBe(true);
    expect(handleOnCurve(model, [0.202, 0.7, 0.098], { sparsityAxis: false })).toBe(false);
    expect(handleOnCurve(model, [0.6, 0.2, 0.2], { sparsityAxis: true })).toBe(true);
    expect(handleOnCurve(model, [0.2, 0.7, 0.1], { sparsityAxis: true })).toBe(false);
    // Its curve's accuracies are 80 / 70 at every split: no spread at all.
    expect(taskSplitSpread(model)).toEqual([
      [80, 80],
      [70, 70],
    ]);
    expect(taskSplitSpread(modelRecord('running'))).toBeNull();
    expect(spreadText([[88.6, 89.8], [89.4, 89.9]])).toBe(
      'Along the task split its test accuracy runs 88.6–89.8 % (task 1) and 89.4–89.9 % (task 2): little — this model gives up little of one task for the other, so moving the handle along the split changes its answer little.',
    );
    expect(spreadText([[70, 90], [89.4, 89.9]])).toBe('Along the task split its test accuracy runs 70.0–90.0 % (task 1) and 89.4–89.9 % (task 2).');
    // Its k₀ curve: 0 % of rows at k₀ = 0, 50 % at k₀ = 0.5 (the model's own mapping, not a run's).
    const zeroed = sparsityAlongK0(model);
    expect(zeroed).toEqual({ min: 0, max: 50, fullFrom: 0.5 });
    expect(sparsityText(zeroed!)).toBe('Along k₀ it zeroes 0.0–50.0 % of rows, 50.0 % first at k₀ = 0.5.');
    expect(sparsityAlongK0(modelRecord('running'))).toBeNull();
  });

  it('is the newest psl run of the problem that trains in the main worker or finished; pins and other methods are not', () => {
    const other = newNetworkRun('x', 3, resolveConfig(defaultSettings('tiny'), [0.2, 0.4, 0.4]));
    const pin = { ...modelRecord('finished', 'p', 4), pin: { run: 'm', ordinal: 1 } };
    expect(modelRun([modelRecord('finished'), { ...other, state: 'finished' }, pin], 'multimnist', null)?.id).toBe('m');
    expect(modelRun([modelRecord('finished'), modelRecord('running', 'n', 2)], 'multimnist', null)?.id).toBe('n');
    expect(modelRun([modelRecord('queued')], 'multimnist', null)).toBeNull();
    expect(modelRun([modelRecord('finished')], 'cifar10mnist', null)).toBeNull();
  });

  it('finished, is of the setting the front shows (a model of another budget answers for points not on it); training, any', () => {
    const model = modelRecord('finished');
    const mine = settingKeyOf(model.config);
    const another = settingKeyOf(resolveConfig({ ...settings, budget: settings.budget === 'tiny' ? 'quick' : 'tiny' }, [0.2, 0.4, 0.4]));
    expect(another).not.toBe(mine);
    expect(modelRun([model], 'multimnist', mine)?.id).toBe('m');
    expect(modelRun([model], 'multimnist', another)).toBeNull();
    expect(modelRun([modelRecord('running')], 'multimnist', another)?.id).toBe('m');
  });

  it('asks one question at a time on a validation subset, the newest preference next, and never re-targets the model', async () => {
    useRunsStore.getState().add([modelRecord('running')]);
    useRunsStore.getState().applyMessages('main', [{ kind: 'state', state: 'running', runIds: ['m'], queued: [], processing: true }]);
    useExplorerStore.setState({ retargetLive: true });
    const { pending, calls, commands } = standIn();
    commands.changePreference([0.1, 0.5, 0.4]);
    commands.askModel();
    commands.changePreference([0.3, 0.3, 0.4]);
    commands.askModel();
    commands.changePreference([0.5, 0.25, 0.25]);
    commands.askModel();
    await flush();
    expect(calls).not.toContain('setPreference');
    expect(pending.map((p) => p.query)).toEqual([{ runId: 'm', preference: [0.1, 0.5, 0.4], reads: [{ split: 'val', examples: PROBE_EXAMPLES }] }]);
    pending[0].answer(reading([0.1, 0.5, 0.4], [0.4, 0.5]));
    await flush();
    expect(useExplorerStore.getState().probe?.reading?.preference).toEqual([0.1, 0.5, 0.4]);
    expect(pending.map((p) => p.query.preference)).toEqual([[0.1, 0.5, 0.4], [0.5, 0.25, 0.25]]);
    pending[1].answer(null);
    await flush();
    // null: the worker no longer has the model; the panel says so.
    expect(useExplorerStore.getState().probe).toEqual({ run: 'm', reading: null });
  });

  it('reads a finished model on the test subset, as its curve: the panel and the ring say which data', async () => {
    useRunsStore.getState().add([modelRecord('finished')]);
    const { pending, commands } = standIn();
    commands.changePreference([0.2, 0.4, 0.4]);
    commands.askModel();
    await flush();
    expect(pending.map((p) => p.query.reads)).toEqual([[{ split: 'test', examples: FINISHED_PROBE_EXAMPLES }]]);
    pending[0].answer({ ...reading([0.2, 0.4, 0.4], [0.5, 0.5], 64), split: 'test' });
    await flush();
    expect(readingData(useExplorerStore.getState().probe!.reading!)).toBe('64 test images');
    expect(frontData(explorerView(useRunsStore.getState(), useExplorerStore.getState())).probe?.split).toBe('test');
  });

  it('after a reload, rebuilds a finished model from its saved values in the worker, once for askers at the same time, and asks again', async () => {
    useRunsStore.getState().add([modelRecord('finished')]);
    useSweepStore.getState().setSweep({ size: 1, methods: ['psl'] });
    const { pending, calls, commands } = standIn([{ name: 'shared.conv1.kernel', shape: [1], values: new Float32Array([0.5]) }]);
    // The probe and the comparison both find the model gone: one rebuild serves both.
    commands.askModel();
    const grid = commands.askModelGrid();
    pending[0].answer(null);
    pending[1].answer(null);
    await flush();
    expect(calls).toEqual(['load m (1 tensors)']);
    expect(pending).toHaveLength(4);
    pending[2].answer(reading([0.2, 0.4, 0.4], [0.4, 0.5]));
    pending[3].answer({ ...reading(pending[3].query.preference, [0.3, 0.3], 64), split: 'test' });
    await grid;
    await flush();
    expect(useExplorerStore.getState().probe?.reading?.nll).toEqual([0.4, 0.5]);
    expect(useExplorerStore.getState().gridAnswers?.readings).toHaveLength(1);
    // The worker let it go again (newer models took its place): it is rebuilt again.
    commands.askModel();
    pending[4].answer(null);
    await flush();
    expect(calls).toHaveLength(2);
    pending[5].answer(null);
    await flush();
    // Still gone when asked again after the rebuild (one rebuild a question): the panel says so.
    expect(useExplorerStore.getState().probe).toEqual({ run: 'm', reading: null });
  });

  it('says the model is gone when this browser kept no copy of it', async () => {
    useRunsStore.getState().add([modelRecord('finished')]);
    const { pending, calls, commands } = standIn(undefined);
    commands.askModel();
    pending[0].answer(null);
    await flush();
    expect(calls).toEqual([]);
    expect(pending).toHaveLength(1);
    expect(useExplorerStore.getState().probe).toEqual({ run: 'm', reading: null });
  });

  it("loads a model from its file into a run that has no copy (an imported run): checked, loaded, saved, read at the handle", async () => {
    const run = modelRecord('finished');
    useRunsStore.getState().add([run]);
    const tensors = [{ name: 'shared.conv1.kernel', shape: [2], values: new Float32Array([0.5, -1]) }];
    const file = (text: string, name = 'model.json') => new File([text], name, { type: 'application/json' });
    const good = networkModelFileText(run, tensors);
    const notices = () => useAppStore.getState().notices.filter((n) => n.source === 'model');
    useAppStore.setState({ notices: [] });

    // Refused before the worker is asked: not JSON, another format, a cut tensor, a model of other settings.
    const { pending, calls, savedModels, commands } = standIn();
    const other = { ...run, config: { ...run.config, seed: run.config.seed + 1 } };
    const cut = JSON.parse(good) as { tensors: { values: number[] }[] };
    cut.tensors[0].values.pop();
    expect(await commands.loadModelFile('m', file('{"format": "paretos'))).toBe(false);
    expect(await commands.loadModelFile('m', file(JSON.stringify({ format: 'paretoscope-experiment' })))).toBe(false);
    expect(await commands.loadModelFile('m', file(JSON.stringify(cut)))).toBe(false);
    expect(await commands.loadModelFile('m', file(networkModelFileText(other, tensors), 'other.json'))).toBe(false);
    expect(calls).toEqual([]);
    expect(notices().map((n) => [n.message, n.details?.[0]])).toEqual([
      ['model.json was not loaded into run 1:', expect.stringContaining('file: not valid JSON')],
      ['model.json was not loaded into run 1:', expect.stringContaining('format: not a Pareto set model file')],
      ['model.json was not loaded into run 1:', 'tensors[0].values: as many values as its shape says'],
      ['other.json was not loaded into run 1:', expect.stringContaining("other settings than run 1's")],
    ]);

    // The worker's refusal (a tensor that does not fit the network) is shown the same way, and nothing is saved.
    const refusing = standIn(undefined, 'tensor 0 (shared.conv1.kernel) must have shape [5, 5, 1, 10], not [2] with 2 values');
    expect(await refusing.commands.loadModelFile('m', file(good))).toBe(false);
    expect(notices().at(-1)?.details).toEqual(['tensor 0 (shared.conv1.kernel) must have shape [5, 5, 1, 10], not [2] with 2 values']);
    expect(refusing.savedModels).toEqual([]);

    expect(await commands.loadModelFile('m', file(good))).toBe(true);
    expect(calls).toEqual(['load m (1 tensors)']);
    expect(savedModels).toEqual(['m (1 tensors)']);
    expect(notices().at(-1)?.message).toBe("Run 1's model was loaded from model.json and saved in this browser.");
    // And the handle reads it at once.
    await flush();
    expect(pending.map((p) => p.query.runId)).toEqual(['m']);
    pending[0].answer({ ...reading([0.2, 0.4, 0.4], [0.5, 0.5], 64), split: 'test' });
    await flush();
    expect(useExplorerStore.getState().probe?.reading?.nll).toEqual([0.5, 0.5]);
  });

  it("shows the model's readings for a point pinned off it: the point trained nothing", () => {
    const model = modelRecord('finished');
    const pinned = { ...modelRecord('finished', 'p', 2), pin: { run: 'm', ordinal: 1 } };
    useRunsStore.getState().add([model, pinned]);
    const view = () => explorerView(useRunsStore.getState(), useExplorerStore.getState());
    // The newest run is the pin: the readings stay on the model, picked or not.
    expect(focusedRun(view())?.id).toBe('m');
    useExplorerStore.getState().selectRun('p');
    expect(focusedRun(view())?.id).toBe('m');
  });

  it('pins the probe as a finished run measured on the whole validation and test subsets, and saves it', async () => {
    useRunsStore.getState().add([modelRecord('finished')]);
    const { pending, saved, commands } = standIn();
    useExplorerStore.getState().setProbe({ run: 'm', reading: reading([0.3, 0.35, 0.35], [0.4, 0.5]) });
    const pinning = commands.pinProbe();
    await flush();
    // Both splits in one question: read between the same two training steps, of the same weights.
    expect(pending.map((p) => p.query.reads)).toEqual([[{ split: 'val', examples: null }, { split: 'test', examples: null }]]);
    pending[0].answer([{ ...reading([0.3, 0.35, 0.35], [0.41, 0.52], 64) }, { ...reading([0.3, 0.35, 0.35], [0.45, 0.55], 64), split: 'test' }]);
    await pinning;
    const pinned = [...useRunsStore.getState().byId.values()].find((r) => r.owner === 'explorer' && r.pin);
    if (pinned?.owner !== 'explorer') throw new Error('no pinned run');
    expect(pinned).toMatchObject({ state: 'finished', ordinal: 2, pin: { run: 'm', ordinal: 1 }, config: { preference: [0.3, 0.35, 0.35] } });
    expect(pinned.result?.test.nll).toEqual([0.45, 0.55]);
    expect(pinned.result?.val.nll).toEqual([0.41, 0.52]);
    expect(pinned.result?.parameterCount).toBe(1234);
    expect(saved.map((r) => r.id)).toEqual([pinned.id]);
    // The pin is a point of the front, and the model stays the model.
    const view = explorerView(useRunsStore.getState(), useExplorerStore.getState());
    expect(frontData(view).points.map((p) => p.readout.pinnedFrom)).toEqual([undefined, 1]);
    expect(modelRun(view.runs, 'multimnist', null)?.id).toBe('m');
    // A pin trained nothing: the progress line between runs speaks of the model's run, not of "run 2 finished at step 0".
    expect(lastEndedRun(view)?.id).toBe('m');
  });

  it("is read at the network sweep's preferences (the k₀ the sweep ran at) for the methods comparison, point for point, with its training time once", async () => {
    // The model was trained at k₀ = 0.2; the sweep ran its linear runs at k₀ = 0.4.
    const linear = { ...newNetworkRun('l', 2, resolveConfig({ ...settings, method: 'linear' }, [0.4, 0.3, 0.3])), state: 'finished' as const, result: finalResult([0.6, 0.7], [60, 50], 20) };
    useRunsStore.getState().add([modelRecord('finished'), linear]);
    useSweepStore.getState().setSweep({ size: 3, methods: ['linear', 'psl'] });
    useExplorerStore.getState().setSweepK0(0.4);
    const { pending, commands } = standIn();
    const asking = commands.askModelGrid();
    for (let i = 0; i < 3; i++) {
      await flush();
      pending[i].answer({ ...reading(pending[i].query.preference, [0.3 + 0.1 * i, 0.5 - 0.1 * i], 64), split: 'test' });
    }
    await asking;
    expect(pending.map((p) => [p.query.reads, p.query.preference])).toEqual(networkTaskGrid(0.4, 3).map((k) => [[{ split: 'test', examples: null }], k]));
    const comparison = networkComparison(explorerView(useRunsStore.getState(), useExplorerStore.getState()));
    const psl = comparison.summaries.find((s) => s.key === 'psl');
    // The model's three answers stand for it (not its run's own point), and its run's seconds count once.
    expect(psl).toMatchObject({ count: 3, seconds: 3.5 });
    expect(comparison.summaries.find((s) => s.key === 'linear')).toMatchObject({ count: 1, seconds: 3.5 });
    // Asked again for the same grid and model: nothing more is asked.
    await commands.askModelGrid();
    expect(pending).toHaveLength(3);
  });

  it('pins nothing where the model answers with a value that is not finite, and says so', async () => {
    useRunsStore.getState().add([modelRecord('finished')]);
    useAppStore.setState({ notices: [] });
    const { pending, saved, commands } = standIn();
    useExplorerStore.getState().setProbe({ run: 'm', reading: reading([0.3, 0.35, 0.35], [0.4, 0.5]) });
    const pinning = commands.pinProbe();
    await flush();
    pending[0].answer([reading([0.3, 0.35, 0.35], [Number.NaN, 0.5], 64), { ...reading([0.3, 0.35, 0.35], [0.45, 0.55], 64), split: 'test' }]);
    await pinning;
    expect([...useRunsStore.getState().byId.values()].filter((r) => r.owner === 'explorer' && r.pin)).toEqual([]);
    expect(saved).toEqual([]);
    expect(useAppStore.getState().notices.map((n) => n.message)).toEqual(["Nothing pinned: the model's answer at k = (0.3, 0.35, 0.35) is not finite."]);
  });

  it('is one run of "Run all", which then stands for every entry of the list', () => {
    useExplorerStore.setState({ plan: [[0.2, 0.4, 0.4], [0, 0.5, 0.5], [0.5, 0.25, 0.25]] });
    const before = explorerView(useRunsStore.getState(), useExplorerStore.getState());
    expect(pendingPlan(before)).toHaveLength(1);
    useRunsStore.getState().add([modelRecord('finished')]);
    const after = explorerView(useRunsStore.getState(), useExplorerStore.getState());
    expect(pendingPlan(after)).toEqual([]);
  });

  it('draws its curve along the task split, or along k₀ with sparsity on the x axis, and the probe where it reads', () => {
    const run = modelRecord('finished');
    expect(modelCurve(run, { metric: 'loss', sparsityAxis: false })).toEqual([[0.9, 0.3], [0.5, 0.5], [0.3, 0.9]]);
    expect(modelCurve(run, { metric: 'loss', sparsityAxis: true })).toEqual([[0, 0.4], [50, 0.6]]);
    expect(modelCurve(modelRecord('running'), { metric: 'loss', sparsityAxis: false })).toEqual([]);
    useRunsStore.getState().add([run]);
    useExplorerStore.getState().setProbe({ run: 'm', reading: reading([0.1, 0.5, 0.4], [0.4, 0.5]) });
    const data = frontData(explorerView(useRunsStore.getState(), useExplorerStore.getState()));
    expect(data.probe).toEqual({ at: [0.4, 0.5], preference: [0.1, 0.5, 0.4], split: 'val' });
    expect(data.modelCurve).toHaveLength(3);
  });
});
