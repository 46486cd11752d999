import { describe, expect, it } from 'vitest';
import type { NetworkResult, StepReading } from '../../engine/readings';
import type { WorkerMessage } from '../../workers/protocol';
import { packSteps } from '../../workers/stepPacking';
import { configProblems, resolveConfig } from '../../experiment/config';
import { initialExplorerState, setBudget, setOverride, setPreference, setSetting, withRunSettings } from './explorerState';
import { activeRun, clearResults, focusedRun } from './explorerView';
import { emptyRuns, failWorkerRuns } from '../runs/runsState';
import { addRun, apply, runOf, stateWithRuns, view, withRun as replaceRun, type ExplorerFixture } from '../testing/fakeRuns';

const step = (globalStep: number): StepReading => ({
  kind: 'step', phase: 'search', outer: 0, epoch: 0, batch: 0, globalStep,
  objectives: [1, 2, 3], constraints: [0, 0, 0], maxViolation: 0, value: 0, weights: [1, 1, 1],
  learningRate: 0.1, preference: [0.2, 0.4, 0.4], proxEta: 0, samplesPerSecond: 1,
  method: 'chebyshev-al', multipliers: [1, 1, 1], penalty: 1, epigraph: 0,
});
const result = { kind: 'network', test: { accuracy: [90, 80], nll: [0.3, 0.6] } } as NetworkResult;

function withRun(id = 'r1'): ExplorerFixture {
  const explorer = initialExplorerState('tiny');
  return addRun({ explorer, runs: emptyRuns() }, id, resolveConfig(explorer.settings, explorer.preference));
}
const orderOf = (f: ExplorerFixture) => view(f).runs.map((r) => r.id);

describe('explorer reducers', () => {
  it("puts a run's settings and exact preference in the editor: they resolve to the run's config again", () => {
    let settings = setSetting(initialExplorerState('tiny'), 'method', 'linear').settings;
    settings = { ...settings, overrides: { ...settings.overrides, seed: 7, learningRate: 0.01, batchSize: 32 } };
    const config = resolveConfig(settings, [0.0123, 0.4877, 0.5]);
    const taken = withRunSettings(setBudget(initialExplorerState('quick'), 'paper'), config);
    expect(taken.preference).toEqual([0.0123, 0.4877, 0.5]);
    expect(resolveConfig(taken.settings, taken.preference)).toEqual(config);
  });

  it('adds runs as queued, in order, with ordinals', () => {
    const s = addRun(withRun('a'), 'b', resolveConfig(initialExplorerState().settings, [0, 0.5, 0.5]));
    expect(orderOf(s)).toEqual(['a', 'b']);
    expect(runOf(s, 'b').ordinal).toBe(2);
    expect(runOf(s, 'a').state).toBe('queued');
    expect(runOf(s, 'b').sparse).toBe(false);
  });

  it('follows a run through the worker messages to a finished result', () => {
    let s = withRun('a');
    const msgs: WorkerMessage[] = [
      { kind: 'state', state: 'loading', runIds: ['a'], queued: [], processing: true },
      { kind: 'run-started', runId: 'a', totalSteps: 8, sparse: true, backend: 'wasm' },
      { kind: 'state', state: 'running', runIds: ['a'], queued: [], processing: true },
      { kind: 'steps', runId: 'a', objectives: 3, method: 'chebyshev-al', data: packSteps([step(0), step(1), step(2)], 3, 'chebyshev-al') },
    ];
    s = apply(s, msgs, 1000);
    expect(runOf(s, 'a').state).toBe('running');
    expect(runOf(s, 'a').totalSteps).toBe(8);
    expect(runOf(s, 'a').stepCount).toBe(3);
    expect(runOf(s, 'a').steps.count).toBe(3);
    expect(runOf(s, 'a').startedAt).toBe(1000);
    expect(view(s).loop).toEqual({ state: 'running', runIds: ['a'], queued: [], processing: true });
    s = apply(s, [
      { kind: 'run-finished', runId: 'a', result, layers: [], kernels: null, kernelBytes: 0 },
      { kind: 'state', state: 'idle', runIds: [], queued: [], processing: true },
    ], 2000);
    expect(runOf(s, 'a').state).toBe('finished');
    expect(runOf(s, 'a').result).toBe(result);
    expect(runOf(s, 'a').endedAt).toBe(2000);
    expect(view(s).loop.state).toBe('idle');
  });

  it('of runs trained at once, the active run is the selected one among them, else the first', () => {
    let s = addRun(addRun(withRun('a'), 'b', runOf(withRun(), 'r1').config), 'c', runOf(withRun(), 'r1').config);
    s = apply(s, [{ kind: 'state', state: 'running', runIds: ['a', 'b'], queued: ['c'], processing: true }], 1);
    expect(activeRun(view(s))?.id).toBe('a');
    expect(activeRun({ ...view(s), selectedRunId: 'b' })?.id).toBe('b');
    expect(activeRun({ ...view(s), selectedRunId: 'c' })?.id).toBe('a');
    expect(['a', 'b', 'c'].map((id) => runOf(s, id).state)).toEqual(['running', 'running', 'queued']);
  });

  it('records failures and stops, and a late state message does not revive an ended run', () => {
    let s = addRun(withRun('a'), 'b', runOf(withRun(), 'r1').config);
    s = apply(s, [
      { kind: 'run-failed', runId: 'a', message: 'training diverged at step 3' },
      { kind: 'state', state: 'running', runIds: ['a'], queued: ['b'], processing: true },
      { kind: 'run-stopped', runId: 'b' },
      { kind: 'steps', runId: 'unknown', objectives: 3, method: 'chebyshev-al', data: packSteps([step(0)], 3, 'chebyshev-al') },
    ], 5);
    expect(runOf(s, 'a').state).toBe('failed');
    expect(runOf(s, 'a').error).toContain('diverged');
    expect(runOf(s, 'b').state).toBe('stopped');
    expect(view(s).loop.queued).toEqual(['b']);
  });

  it('a worker crash fails every run that has not ended', () => {
    let s = addRun(withRun('a'), 'b', runOf(withRun(), 'r1').config);
    s = apply(s, [{ kind: 'run-finished', runId: 'a', result, layers: [], kernels: null, kernelBytes: 0 }], 1);
    s = { ...s, runs: failWorkerRuns(s.runs, 'main', 'worker crashed', 2) };
    expect(runOf(s, 'a').state).toBe('finished');
    expect(runOf(s, 'b').state).toBe('failed');
    expect(runOf(s, 'b').error).toBe('worker crashed');
  });

  it('clearResults keeps queued and active runs only', () => {
    let s = addRun(withRun('a'), 'b', runOf(withRun(), 'r1').config);
    s = apply(s, [{ kind: 'run-finished', runId: 'a', result, layers: [], kernels: null, kernelBytes: 0 }], 1);
    s = { ...s, explorer: { ...s.explorer, selectedRunId: 'a' } };
    s = clearResults(s.runs, s.explorer);
    expect(orderOf(s)).toEqual(['b']);
    expect(s.explorer.selectedRunId).toBeNull();
  });

  it('edits settings: budget presets, overrides, variant', () => {
    let s = initialExplorerState('quick');
    expect(resolveConfig(s.settings, s.preference).network).toBe('hps');
    s = setOverride(s, 'learningRate', 0.01);
    expect(resolveConfig(s.settings, s.preference).learningRate).toBe(0.01);
    s = setSetting(s, 'variant', 'reference');
    expect(resolveConfig(s.settings, s.preference).method).toMatchObject({ variant: 'reference', mu0: 2.5e-8 });
    s = setBudget(s, 'paper');
    const paper = resolveConfig(s.settings, s.preference);
    expect(paper.network).toBe('mdmtn');
    expect(paper.learningRate).toBe(0.0025);
    expect(paper.method).toMatchObject({ name: 'chebyshev-al', variant: 'reference' });
    expect(paper.trainSubset).toBeNull();
    s = setOverride(s, 'trainSubset', 1000);
    s = setOverride(s, 'trainSubset', undefined);
    expect(resolveConfig(s.settings, s.preference).trainSubset).toBeNull();
  });

  it('starts on the graded recipe (the explorer\'s default): held, with the layer cap graded by k₀', () => {
    expect(initialExplorerState().settings.recipe).toBe('graded');
    expect(resolveConfig(initialExplorerState().settings, [0.2, 0.4, 0.4])).toMatchObject({ proxEvery: 'epoch', holdZeroRows: true, proxScale: 6.5e3, capFullK0: 0.6 });
  });

  it('edits the sparse recipe: its fields preset the config, an s_prox edit is dropped when the recipe changes', () => {
    let s = setSetting(initialExplorerState('paper'), 'recipe', 'paper');
    expect(resolveConfig(s.settings, s.preference)).toMatchObject({ proxScale: 2e4 });
    expect(resolveConfig(s.settings, s.preference).holdZeroRows).toBe(false);
    s = setOverride(s, 'proxScale', 1e4);
    s = setOverride(s, 'seed', 7);
    s = setSetting(s, 'recipe', 'held');
    expect(resolveConfig(s.settings, s.preference)).toMatchObject({ proxEvery: 'epoch', holdZeroRows: true, initialization: 'lsuv', proxScale: 6.5e3, tieEvery: 'step', seed: 7 });
    s = setBudget(s, 'quick');
    expect(s.settings.recipe).toBe('held');
    expect(configProblems(resolveConfig(s.settings, s.preference))).toEqual([]);
  });

  it('keeps the preference on the simplex', () => {
    const s = setPreference(initialExplorerState(), [0.5, 0.5, 0.5]);
    expect(s.preference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('live readings show the newest run that started, not a queued one (after a reload the queue waits)', () => {
    let s = stateWithRuns([
      ['a', [0.2, 0.4, 0.4]],
      ['b', [0.2, 0.6, 0.2]],
      ['c', [0.2, 0.2, 0.6]],
    ]);
    s = replaceRun(s, 'a', (r) => ({ ...r, state: 'finished' }));
    s = replaceRun(s, 'b', (r) => ({ ...r, state: 'interrupted', stepCount: 130 }));
    // Stopped before its first step: no readings either.
    s = replaceRun(s, 'c', (r) => ({ ...r, state: 'stopped' }));
    expect(focusedRun(view(s))?.id).toBe('b');
    // Nothing started yet: the newest run, queued.
    const waiting = stateWithRuns([['q', [0.2, 0.4, 0.4]]]);
    expect(focusedRun(view(waiting))?.id).toBe('q');
  });
});

describe('choosing the problem', () => {
  it('drops the edits whose preset changes with the problem and keeps the others; the budget keeps the problem', () => {
    let s = initialExplorerState('quick');
    s = setOverride(setOverride(setOverride(s, 'learningRate', 0.01), 'seed', 7), 'batchSize', 64);
    s = setSetting(s, 'problem', 'cifar10mnist');
    expect(s.settings.overrides).toEqual({ seed: 7, batchSize: 64 });
    expect(resolveConfig(s.settings, s.preference)).toMatchObject({ problem: 'cifar10mnist', learningRate: 1e-4, seed: 7, batchSize: 64 });
    s = setBudget(s, 'paper');
    expect(s.settings.problem).toBe('cifar10mnist');
    expect(resolveConfig(s.settings, s.preference)).toMatchObject({ network: 'mdmtn', maxLayerSparsity: 0.3 });
  });
});
