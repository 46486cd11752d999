import { describe, expect, it } from 'vitest';
import { defaultSettings, resolveConfig } from '../../experiment/config';
import { apply, finalResult, runMessages, runOf, stateWithRuns, stepReading, view } from '../testing/fakeRuns';
import { workingRun } from './explorerView';
import { plannedSteps } from '../../engine/phases/schedule';
import { activeRunText, labTraining, queueProgress, runProgress } from './runProgress';
import type { WorkerMessage } from '../../workers/protocol';
import { packSteps } from '../../workers/stepPacking';

describe('progress and ETA', () => {
  it('the status line says what a run does while its progress stands still (its clustering), until it is done', () => {
    const [started, steps] = runMessages('a', 5, null);
    let s = apply(stateWithRuns([['a', [0.2, 0.4, 0.4]]]), [started, steps]);
    expect(activeRunText(runOf(s, 'a'), 'running', 1, 'cpu')).toBe('Training run 1 (k = (0.2, 0.4, 0.4)) on wasm');
    const work = 'clustering the rows of conv2 (layer 2 of 3)';
    s = apply(s, [{ kind: 'working', runId: 'a', work }]);
    expect(runOf(s, 'a').stepCount).toBe(5);
    expect(activeRunText(runOf(s, 'a'), 'running', 2, 'cpu')).toBe(`Training run 1 (k = (0.2, 0.4, 0.4)) and 1 more run at once on wasm: ${work}`);
    s = apply(s, [{ kind: 'working', runId: 'a', work: null }]);
    expect(activeRunText(runOf(s, 'a'), 'running', 1, 'cpu')).toBe('Training run 1 (k = (0.2, 0.4, 0.4)) on wasm');
    // Runs trained at once cluster one after another: the line names the one clustering when it is not the one shown.
    let both = apply(stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.5, 0.25, 0.25]]]), [{ kind: 'state', state: 'running', runIds: ['a', 'b'], queued: [], processing: true }, started, { ...(started as Extract<WorkerMessage, { kind: 'run-started' }>), runId: 'b' }]);
    expect(workingRun(view(both))).toBeNull();
    both = apply(both, [{ kind: 'working', runId: 'b', work }]);
    expect(activeRunText(runOf(both, 'a'), 'running', 2, 'cpu', workingRun(view(both)))).toBe(`Training run 1 (k = (0.2, 0.4, 0.4)) and 1 more run at once on wasm; run 2 (k = (0.5, 0.25, 0.25)): ${work}`);
    // A run that ends while it clusters (a worker that died) says no more of it.
    both = apply(both, [{ kind: 'run-failed', runId: 'b', message: 'the worker stopped' }]);
    expect(runOf(both, 'b').working).toBeNull();
    // Started again (put back in the queue while it clustered): nothing under way.
    s = apply(s, [{ kind: 'working', runId: 'a', work }, started]);
    expect(runOf(s, 'a').working).toBeNull();
  });

  it('plans the steps of a config: epochs times the batches of its training images', () => {
    const tiny = resolveConfig(defaultSettings('tiny'), [0.2, 0.4, 0.4]);
    expect(plannedSteps(tiny)).toBe((1 * 1 + 1 * 1) * Math.ceil(128 / 16));
    expect(plannedSteps({ ...tiny, preference: [0, 0.5, 0.5] })).toBe(1 * 1 * 8);
    const paper = resolveConfig(defaultSettings('paper'), [0.2, 0.4, 0.4]);
    expect(plannedSteps(paper)).toBe((3 * 3 + 10 * 3) * Math.ceil(50_000 / 256));
    // A Pareto set model trains 1.5× the epochs of one sparse run (engine/psl/network/config.ts).
    const psl = resolveConfig({ ...defaultSettings('paper'), method: 'psl' }, [0.2, 0.4, 0.4]);
    expect(plannedSteps(psl)).toBe(Math.round(1.5 * (3 * 3 + 10 * 3)) * Math.ceil(50_000 / 256));
  });

  it('takes the time a run was paused out of its epochs’ seconds (a pause is no evaluation cost)', () => {
    const loop = (state: 'running' | 'paused'): WorkerMessage => ({ kind: 'state', state, runIds: ['a'], queued: [], processing: true });
    const [started, steps, epoch] = runMessages('a', 5, null);
    let s = apply(stateWithRuns([['a', [0.2, 0.4, 0.4]]]), [loop('running'), started, steps], 0);
    s = apply(s, [loop('paused')], 1000);
    expect(runOf(s, 'a').paused.since).toBe(1000);
    s = apply(s, [loop('running')], 2000);
    // The epoch's reading arrives: 1.5 s of wall time, 1 s of it paused.
    const paused = runOf(apply(s, [{ ...epoch, reading: { ...(epoch as Extract<WorkerMessage, { kind: 'epoch' }>).reading, seconds: 2.5 } } as WorkerMessage], 3000), 'a');
    expect(paused.paused).toEqual({ inEpochs: 1000, inEpoch: 0, since: null });
    const unpaused = runOf(apply(stateWithRuns([['a', [0.2, 0.4, 0.4]]]), runMessages('a', 5, null)), 'a');
    expect(runProgress(paused).etaSeconds).toBeCloseTo(runProgress(unpaused).etaSeconds as number, 9);
  });

  it('estimates the queue at the active run\u2019s pace per image; unknown before the active run has a pace', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.5, 0.25, 0.25]], ['c', [0, 0.5, 0.5]]]);
    expect(queueProgress(null, [runOf(s, 'b')])).toEqual({ runs: 1, etaSeconds: null });
    s = apply(s, runMessages('a', 5, null)); // 5 of 10 steps, 100 images/s at batch 16
    const active = runOf(s, 'a');
    const own = runProgress(active).etaSeconds as number;
    const { runs, etaSeconds } = queueProgress(active, [runOf(s, 'b'), runOf(s, 'c')]);
    expect(runs).toBe(3);
    const perImage = own / (5 * 16);
    expect(etaSeconds).toBeCloseTo(own + (16 + 8) * 16 * perImage, 9);
    // Two runs at once (a and another loaded with it): the queued runs too go two at a time, at a's pace.
    const together = queueProgress(active, [runOf(s, 'b'), runOf(s, 'c')], 2);
    expect(together.runs).toBe(4);
    expect(together.etaSeconds).toBeCloseTo(own + ((16 + 8) * 16 * perImage) / 2, 9);
    expect(queueProgress(runOf(apply(s, runMessages('a', 0, { result: finalResult([1, 1], [1, 1], 1) }).slice(-1)), 'a'), [])).toEqual({ runs: 1, etaSeconds: 0 });
  });

  it('before the active run has a pace, the queue is estimated at the pace of the run that finished last', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.5, 0.25, 0.25]], ['c', [0, 0.5, 0.5]]]);
    s = apply(s, runMessages('a', 5, { result: finalResult([1, 1], [80, 80], 10) })); // 3.5 s for 5 steps of 16 images
    s = apply(s, runMessages('b', 0, null));
    const previous = runOf(s, 'a');
    const started = runOf(s, 'b');
    expect(queueProgress(started, [runOf(s, 'c')]).etaSeconds).toBeNull();
    const pace = 3.5 / (5 * 16);
    const { etaSeconds } = queueProgress(started, [runOf(s, 'c')], 1, previous);
    expect(etaSeconds).toBeCloseTo((started.totalSteps as number) * 16 * pace + 8 * 16 * pace, 9);
    // A run that did not finish has no pace to lend.
    expect(queueProgress(started, [runOf(s, 'c')], 1, { ...previous, state: 'failed' }).etaSeconds).toBeNull();
  });
});

describe('whose runs the main worker trains', () => {
  it("is the lab's only while runs are loaded and none is the explorer's (not in the moment between a run's end and the loop's idle)", () => {
    const s = apply(stateWithRuns([['a', [0.2, 0.4, 0.4]]]), runMessages('a', 2, null));
    const mine = runOf(s, 'a');
    expect(labTraining(mine, { runIds: ['a'] })).toBe(false);
    expect(labTraining(null, { runIds: ['lab-run'] })).toBe(true);
    // The explorer's run ended; the loop still says 'finishing' with nothing loaded until it posts idle.
    expect(labTraining(null, { runIds: [] })).toBe(false);
  });
});

describe('the ETA', () => {
  it("follows the run's recent pace, not one step's: a step slowed by the machine does not make it jump", () => {
    const paced = (pace: number[]) => {
      const readings = pace.map((samplesPerSecond, i) => ({ ...stepReading(i), samplesPerSecond }));
      const s = apply(stateWithRuns([['a', [0.2, 0.4, 0.4]]]), [
        { kind: 'run-started', runId: 'a', totalSteps: 100, sparse: true, backend: 'wasm' },
        { kind: 'steps', runId: 'a', objectives: 3, method: 'chebyshev-al', data: packSteps(readings, 3, 'chebyshev-al') },
      ]);
      return runProgress(runOf(s, 'a')).etaSeconds as number;
    };
    const steady = paced(Array.from({ length: 10 }, () => 400));
    // The last step at a quarter of the pace: the estimate stays.
    expect(paced([...Array.from({ length: 9 }, () => 400), 100])).toBeCloseTo(steady, 6);
    // A pace that changed for good is followed once most recent steps have it.
    expect(paced([...Array.from({ length: 4 }, () => 400), ...Array.from({ length: 6 }, () => 200)])).toBeGreaterThan(steady * 1.9);
  });
});
