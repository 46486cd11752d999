/**
 * Test helpers: the explorer's state with runs in the run store, driven through the real reducers by the
 * messages the worker sends. Only imported by tests.
 */
import type { NetworkResult, StepReading } from '../../engine/readings';
import type { KernelData, WorkerMessage } from '../../workers/protocol';
import { packSteps } from '../../workers/stepPacking';
import { resolveConfig, type TrainerConfig } from '../../experiment/config';
import { initialExplorerState, setSetting, type ExplorerState } from '../explorer/explorerState';
import { explorerView, newExplorerRuns, type ExplorerView } from '../explorer/explorerView';
import { MAIN_WORKER, type NetworkRun } from '../runs/runRecord';
import { addRuns, applyMessages, emptyRuns, type RunsState } from '../runs/runsState';
import { ownRun } from '../runs/runViews';
import type { ProblemName } from '../../experiment/choices';

export function stepReading(globalStep: number, k: number[] = [0.2, 0.4, 0.4]): StepReading {
  return {
    kind: 'step', phase: 'search', outer: 0, epoch: 0, batch: globalStep, globalStep,
    objectives: [1 / (globalStep + 1), 2, 3], constraints: [0, -0.1, 0], maxViolation: 0, value: 0.5, weights: [0.5, 0.5, 0.5],
    learningRate: 0.1, preference: k, proxEta: Number.NaN, samplesPerSecond: 100,
    method: 'chebyshev-al', multipliers: [1, 1, 1], penalty: globalStep === 0 ? Number.POSITIVE_INFINITY : 1, epigraph: 0,
  };
}

export function finalResult(nll: [number, number], accuracy: [number, number], sparsityRate: number): NetworkResult {
  return {
    kind: 'network',
    val: { accuracy, nll },
    test: { accuracy, nll },
    rows: {
      sparsityRate, compressionRate: 1.5, parameterSharing: 1.2, totalRows: 100, zeroRows: sparsityRate, uniqueRows: 60,
      totalParams: 1000, nonZeroParams: 800, uniqueParams: 600, tiedBytes: 2800,
    },
    growlPenalty: 0.25,
    parameterCount: 1010,
    clusters: [{ layer: 'shared/dense1', rows: 100, zeroRows: 10, clusters: 50 }],
    trainingSeconds: 3.5,
    samplesPerSecond: 400,
    steps: 5,
    backend: 'wasm',
    method: 'chebyshev-al',
  };
}

export const KERNELS: KernelData[] = [
  { name: 'shared/conv1', shape: [2, 2, 1, 2], values: new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]) },
  { name: 'task1/dense', shape: [2, 3], values: new Float32Array([0.5, -0.25, 1e-8, 0, 0, 0]) },
];

/** The worker's messages for a run that starts, takes `steps` steps and an epoch, and (optionally) finishes. */
export function runMessages(id: string, steps: number, finish: { result: NetworkResult; kernels?: KernelData[] } | null): WorkerMessage[] {
  const messages: WorkerMessage[] = [
    { kind: 'run-started', runId: id, totalSteps: 10, sparse: true, backend: 'wasm' },
    { kind: 'steps', runId: id, objectives: 3, method: 'chebyshev-al', data: packSteps(Array.from({ length: steps }, (_, i) => stepReading(i)), 3, 'chebyshev-al') },
    {
      kind: 'epoch',
      runId: id,
      reading: {
        phase: 'search', outer: 0, epoch: 0, globalStep: steps - 1, trainObjectives: [0.1, 0.2, 0.3], val: { accuracy: [50, 60], nll: [1, 0.9] },
        growlPenalty: 0.3, best: true, seconds: 1.5, sparsityRate: 12.5, compressionRate: 1.1,
      },
    },
  ];
  if (finish) {
    const layers = [{ name: 'shared/conv1', shape: [2, 2, 1, 2], group: new Int32Array([-1]), groupSize: new Int32Array([1]) }];
    messages.push({ kind: 'run-finished', runId: id, result: finish.result, layers, kernels: finish.kernels ?? null, kernelBytes: 56 });
  }
  return messages;
}

/** The explorer in tests: its own state and the run store's, changed only through the real reducers. */
export interface ExplorerFixture {
  explorer: ExplorerState;
  runs: RunsState;
}

/** A tiny-budget explorer with runs added at these preferences. */
export function stateWithRuns(preferences: [string, number[]][], problem: ProblemName = 'multimnist'): ExplorerFixture {
  let f: ExplorerFixture = { explorer: setSetting(initialExplorerState('tiny'), 'problem', problem), runs: emptyRuns() };
  for (const [id, k] of preferences) f = addRun(f, id, resolveConfig(f.explorer.settings, k));
  return f;
}

export function addRun(f: ExplorerFixture, id: string, config: TrainerConfig): ExplorerFixture {
  return { ...f, runs: addRuns(f.runs, newExplorerRuns(f.runs, [{ id, config }])) };
}

/** The main worker's messages, at time `now`. */
export function apply(f: ExplorerFixture, messages: WorkerMessage[], now = 0): ExplorerFixture {
  return { ...f, runs: applyMessages(f.runs, MAIN_WORKER, messages, now) };
}

/** What the explorer's views see. */
export const view = (f: ExplorerFixture): ExplorerView => explorerView(f.runs, f.explorer);

/** The explorer's run with this id (a test error when there is none). */
export function runOf(f: Pick<ExplorerFixture, 'runs'>, id: string): NetworkRun {
  const run = ownRun(f.runs, 'explorer', id);
  if (!run) throw new Error(`no explorer run ${id}`);
  return run;
}

/** Replaces a run's record (a test's shortcut to a state the reducers reach another way). */
export function withRun(f: ExplorerFixture, id: string, change: (run: NetworkRun) => NetworkRun): ExplorerFixture {
  const byId = new Map(f.runs.byId);
  byId.set(id, change(runOf(f, id)));
  return { ...f, runs: { ...f.runs, byId } };
}
