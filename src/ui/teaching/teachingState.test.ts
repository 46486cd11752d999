import { describe, expect, it } from 'vitest';
import type { StepReading } from '../../engine/readings';
import type { WorkerMessage } from '../../workers/protocol';
import { packSteps } from '../../workers/stepPacking';
import { currentRuns, endedRunIds, initialTeachingState, newTeachingRuns, setTeachingSettings, type TeachingRunSpec, type TeachingState } from './teachingState';
import { teachingConfigProblems } from '../../engine/teaching/config';
import { METHOD_KEYS } from '../../experiment/choices';
import { TRAIL_EVERY } from '../runs/runReadings';
import type { TeachingRun } from '../runs/runRecord';
import { addRuns, applyMessages, emptyRuns, failWorkerRuns, removeRuns, type RunsState } from '../runs/runsState';
import { DEFAULT_TEACHING, teachingRunConfig, teachingSpec } from './teachingSettings';
import { teachingChebyshevPoint } from '../../engine/teaching/chebyshevPoint';
import { teachingChartData, teachingMeasures, teachingView } from './teachingView';

/** The teaching lab in tests: its own state and the run store's. */
type Lab = { lab: TeachingState; runs: RunsState };
const addTeachingRuns = (s: Lab, specs: TeachingRunSpec[]): Lab => ({ ...s, runs: addRuns(s.runs, newTeachingRuns(s.runs, s.lab.settings, specs)) });
const applyTeachingMessages = (s: Lab, messages: WorkerMessage[]): Lab => ({ ...s, runs: applyMessages(s.runs, 'main', messages, 0) });
const view = (s: Lab) => teachingView(s.runs, s.lab);
const run = (s: Lab, id: string) => s.runs.byId.get(id) as TeachingRun;
const orderOf = (s: Lab) => view(s).runs.map((r) => r.id);
const dropEnded = (s: Lab, problem: string | null, keys: Parameters<typeof endedRunIds>[2]): Lab => ({ ...s, runs: removeRuns(s.runs, endedRunIds(view(s).runs, problem, keys)) });
const initialLab = (): Lab => ({ lab: initialTeachingState(), runs: emptyRuns() });

const reading = (step: number, f: number[]): StepReading => ({
  kind: 'step',
  phase: 'plain',
  outer: 0,
  epoch: 0,
  batch: step,
  globalStep: step,
  objectives: f,
  constraints: f.map(() => 0),
  maxViolation: 0,
  value: 0,
  weights: f.map(() => 0.5),
  learningRate: 0.03,
  preference: f.map(() => 1 / f.length),
  proxEta: 0,
  samplesPerSecond: 1,
  method: 'linear',
  chebyshevValue: 0,
});

const finished = (runId: string, f: number[], front: number[][]): WorkerMessage => ({
  kind: 'run-finished',
  runId,
  result: {
    kind: 'teaching',
    method: 'linear',
    objectives: f,
    exactFront: front,
    parameterCount: 2,
    trainingSeconds: 1,
    samplesPerSecond: 1,
    steps: 800,
    backend: 'cpu',
  },
  layers: [],
  kernels: null,
  kernelBytes: 0,
});

describe('teaching lab state', () => {
  it('a run goes queued → running (live point and trail) → finished; the exact front is kept per problem', () => {
    let s = addTeachingRuns(initialLab(), [
      { id: 'a', key: 'linear', preference: [0.25, 0.75] },
      { id: 'b', key: 'chebyshev-al', preference: [0.25, 0.75] },
    ]);
    expect(orderOf(s)).toEqual(['a', 'b']);
    expect(run(s, 'a')).toMatchObject({ ordinal: 1, state: 'queued', problem: 'fonseca-fleming n=2' });
    const readings = Array.from({ length: 45 }, (_, i) => reading(i, [1 - i / 100, i / 100]));
    s = applyTeachingMessages(s, [
      { kind: 'state', state: 'running', runIds: ['a'], queued: ['b'], processing: true },
      { kind: 'run-started', runId: 'a', totalSteps: 800, sparse: false, backend: 'cpu' },
      { kind: 'steps', runId: 'a', objectives: 2, method: 'linear', data: packSteps(readings, 2, 'linear') },
      { kind: 'steps', runId: 'other', objectives: 3, method: 'linear', data: packSteps([reading(0, [1, 2, 3])], 3, 'linear') },
    ]);
    expect(run(s, 'a')).toMatchObject({ state: 'running', totalSteps: 800, stepCount: 45, live: [0.56, 0.44] });
    expect(run(s, 'a').trail).toHaveLength(Math.ceil(45 / TRAIL_EVERY));
    const front = [
      [0, 1],
      [1, 0],
    ];
    s = applyTeachingMessages(s, [finished('a', [0.5, 0.5], front), finished('zzz', [0, 0], [])]);
    expect(run(s, 'a')).toMatchObject({ state: 'finished', result: [0.5, 0.5] });
    expect(view(s).fronts.get('fonseca-fleming n=2')).toEqual(front);
    expect([...s.runs.byId.keys()]).toEqual(['a', 'b']);
    expect(failWorkerRuns(s.runs, 'main', 'crashed', 0).byId.get('b')).toMatchObject({ state: 'failed', error: 'crashed' });
  });

  it('shows only the current problem; a new sweep replaces the same methods’ ended runs', () => {
    let s = addTeachingRuns(initialLab(), [{ id: 'ff', key: 'linear', preference: [0.5, 0.5] }]);
    s = applyTeachingMessages(s, [finished('ff', [0.1, 0.9], [[0, 1]])]);
    s = { ...s, lab: setTeachingSettings(s.lab, { ...DEFAULT_TEACHING, problem: 'width-transition', tasks: 3 }) };
    expect(s.lab.preference).toEqual([0.334, 0.333, 0.333]);
    s = addTeachingRuns(s, [{ id: 'w', key: 'mgda', preference: [0.2, 0.3, 0.5] }]);
    expect(currentRuns(view(s)).map((r) => r.id)).toEqual(['w']);
    expect(orderOf(dropEnded(s, 'fonseca-fleming n=2', ['chebyshev-al']))).toEqual(['ff', 'w']);
    expect(orderOf(dropEnded(s, 'fonseca-fleming n=2', ['linear']))).toEqual(['w']);
    expect(orderOf(dropEnded(s, null, null))).toEqual(['w']); // w is still queued
  });

  it('the chart and the measures group finished runs by method and project 3 tasks onto the chosen pair', () => {
    let s: Lab = { ...initialLab(), lab: setTeachingSettings(initialTeachingState(), { ...DEFAULT_TEACHING, problem: 'width-transition', tasks: 3 }) };
    s = addTeachingRuns(s, [
      { id: 'a', key: 'linear', preference: [0.2, 0.3, 0.5] },
      { id: 'b', key: 'chebyshev-al', preference: [0.5, 0.3, 0.2] },
    ]);
    const front = [
      [0, 0.5, 1],
      [1, 0.5, 0],
    ];
    s = applyTeachingMessages(s, [finished('a', [0.1, 0.2, 0.9], front), finished('b', [0.9, 0.2, 0.1], front)]);
    s = { ...s, lab: { ...s.lab, projection: [0, 2] } };
    const measures = teachingMeasures(view(s));
    expect(measures.reference.map((v) => Number(v.toFixed(6)))).toEqual([1.1, 0.55, 1.1]);
    expect(measures.summaries.map((m) => m.key)).toEqual(['linear', 'chebyshev-al']);
    const chart = teachingChartData(view(s));
    expect(chart.points.map((p) => [p.key, p.x, p.y])).toEqual([
      ['linear', 0.1, 0.9],
      ['chebyshev-al', 0.9, 0.1],
    ]);
    expect(chart.front).toEqual({ kind: 'cloud', points: [[0, 1], [1, 0]] });
    // A Chebyshev method's point says where it should have landed — its k's point of the problem itself, solved exactly
    // (engine/teaching/chebyshevPoint.ts), not the best sample of the front given — and how far off.
    const target = teachingChebyshevPoint(teachingSpec(s.lab.settings), 1, [0.5, 0.3, 0.2], [0, 0, 0], 1e-4);
    expect(target.map((v) => v.toFixed(3))).toEqual(['0.219', '0.365', '0.482']);
    expect(chart.points[1].title).toBe('run 2 · Chebyshev-AL: k = (0.500, 0.300, 0.200), f = (0.900, 0.200, 0.100)\nits Chebyshev point (0.219, 0.365, 0.482), 0.80 away');
    expect(chart.points[0].title).not.toContain('Chebyshev point');
    // The table measures the Chebyshev method against its run's own point; linear aims elsewhere.
    const euclid = Math.hypot(...[0.9, 0.2, 0.1].map((f, i) => f - target[i]));
    expect(measures.summaries.find((m) => m.key === 'chebyshev-al')?.target?.max).toBeCloseTo(euclid, 12);
    expect(measures.summaries.find((m) => m.key === 'linear')?.target).toBeNull();
    expect(chart.keys).toEqual(['linear', 'chebyshev-al']);
    expect(chart.xLabel).toBe('task 1 loss f₁');
    expect(chart.yLabel).toBe('task 3 loss f₃');
  });

  it('runs trained at once share their wall-clock time in the method table; the record says how many trained together', () => {
    let s = addTeachingRuns(initialLab(), [
      { id: 'a', key: 'linear', preference: [0.25, 0.75] },
      { id: 'b', key: 'linear', preference: [0.75, 0.25] },
      { id: 'c', key: 'chebyshev-al', preference: [0.5, 0.5] },
    ]);
    const front = [
      [0, 1],
      [1, 0],
    ];
    const atOnce = (message: WorkerMessage): WorkerMessage => (message.kind === 'run-finished' ? { ...message, result: { ...message.result, runsAtOnce: 2 } } : message);
    const started = (runId: string): WorkerMessage => ({ kind: 'run-started', runId, totalSteps: 800, sparse: false, backend: 'wasm' });
    s = { ...s, runs: applyMessages(s.runs, 'main', [started('a'), started('b')], 1000) };
    s = { ...s, runs: applyMessages(s.runs, 'main', [atOnce(finished('a', [0.2, 0.8], front)), atOnce(finished('b', [0.8, 0.2], front)), started('c')], 4000) };
    s = { ...s, runs: applyMessages(s.runs, 'main', [finished('c', [0.5, 0.5], front)], 6000) };
    expect(run(s, 'a').runsAtOnce).toBe(2);
    expect(run(s, 'c').runsAtOnce).toBeUndefined();
    const seconds = Object.fromEntries(teachingMeasures(view(s)).summaries.map((m) => [m.key, m.seconds]));
    // Two runs in one 3 s stack: 1.5 s each, 3 s for the method; the run alone its own 2 s.
    expect(seconds).toEqual({ linear: 3, 'chebyshev-al': 2 });
  });

  it('run configs: the method’s teaching defaults, the reference AL with the paper’s μ₀', () => {
    const phr = teachingRunConfig({ ...DEFAULT_TEACHING, problem: 'width-transition', tasks: 3, width: 2, similarity: 0.2 }, 'chebyshev-al', [0.2, 0.3, 0.5]);
    expect(phr).toMatchObject({ method: { name: 'chebyshev-al', variant: 'phr', mu0: 1 }, preference: [0.2, 0.3, 0.5] });
    expect(phr.problem).toMatchObject({ kind: 'width', tasks: 3, width: 2, similarity: 0.2 });
    const ref = teachingRunConfig(DEFAULT_TEACHING, 'chebyshev-al-reference', [0.5, 0.5]);
    expect(ref).toMatchObject({ method: { name: 'chebyshev-al', variant: 'reference', mu0: 2.5e-8 }, problem: { kind: 'fonseca-fleming', dimension: 2 } });
    expect(teachingRunConfig(DEFAULT_TEACHING, 'mgda', [0.5, 0.5])).toMatchObject({ method: { name: 'mgda' }, optimizer: 'sgd' });
    for (const key of METHOD_KEYS) expect(teachingConfigProblems(teachingRunConfig({ ...DEFAULT_TEACHING, dimension: 50 }, key, [0.1, 0.9]))).toEqual([]);
  });
});
