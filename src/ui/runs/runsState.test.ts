import { describe, expect, it } from 'vitest';
import type { FinalResult, StepReading } from '../../engine/readings';
import { defaultSettings, resolveConfig } from '../../experiment/config';
import type { WorkerMessage } from '../../workers/protocol';
import { packSteps } from '../../workers/stepPacking';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from '../teaching/teachingSettings';
import { MAX_RETARGETS, newNetworkRun, newTeachingRun, type RunRecord } from './runRecord';
import { addRuns, applyMessages, emptyRuns, failWorkerRuns, keepEarlierOrdinal, keepStoredOrdinal, nextOrdinal, removeRuns, restoreRuns, stopRuns, waitingQueue } from './runsState';
import { ownedRuns, ownRun, unendedOn, workerLoop } from './runViews';

const network = (id: string, ordinal = 1, worker = 'main') => newNetworkRun(id, ordinal, resolveConfig(defaultSettings('tiny'), [0.2, 0.4, 0.4]), worker);
const teaching = (id: string, ordinal = 1, worker = 'main') =>
  newTeachingRun(id, ordinal, { config: teachingRunConfig(DEFAULT_TEACHING, 'linear', [0.5, 0.5]), problem: problemKey(DEFAULT_TEACHING), key: 'linear' }, worker);

/** A step of the linear method (the teaching run's), with m objectives. */
const reading = (step: number, m: number): StepReading => ({
  kind: 'step', phase: 'search', outer: 0, epoch: 0, batch: step, globalStep: step,
  objectives: Array.from({ length: m }, (_, i) => i + step), constraints: Array(m).fill(0), maxViolation: 0, value: 0, weights: Array(m).fill(1 / m),
  learningRate: 0.1, preference: Array(m).fill(1 / m), proxEta: 0, samplesPerSecond: 1, method: 'linear', chebyshevValue: 0,
});
/** The same step taken by Chebyshev-AL (the network run's). */
const alReading = (step: number, m: number): StepReading => {
  const { method: _linear, chebyshevValue: _value, ...common } = reading(step, m) as Extract<StepReading, { method: 'linear' }>;
  return { ...common, method: 'chebyshev-al', multipliers: Array(m).fill(1), penalty: 1, epigraph: 0 };
};
const loop = (state: 'loading' | 'running' | 'paused' | 'finishing' | 'idle', runId: string | null): WorkerMessage => ({ kind: 'state', state, runIds: runId === null ? [] : [runId], queued: [], processing: true });
const result = (teachingFront?: number[][]): FinalResult =>
  (teachingFront
    ? { kind: 'teaching', method: 'linear', objectives: [0.4, 0.6], exactFront: teachingFront }
    : { kind: 'network', test: { accuracy: [90, 80], nll: [0.3, 0.6] } }) as FinalResult;
const finished = (runId: string, front?: number[][]): WorkerMessage => ({ kind: 'run-finished', runId, result: result(front), layers: [], kernels: null, kernelBytes: 8 });

describe('the run store', () => {
  it('drives a network run and a teaching run through one lifecycle', () => {
    let s = addRuns(emptyRuns(), [network('n'), teaching('t')]);
    const states = (id: string, messages: WorkerMessage[]) =>
      messages.map((m) => {
        s = applyMessages(s, 'main', [m], 1);
        return s.byId.get(id)?.state;
      });
    for (const [id, m] of [['n', 3], ['t', 2]] as const) {
      expect(
        states(id, [
          loop('loading', id),
          { kind: 'run-started', runId: id, totalSteps: 4, sparse: true, backend: 'cpu' },
          loop('running', id),
          id === 'n'
            ? { kind: 'steps', runId: id, objectives: m, method: 'chebyshev-al', data: packSteps([alReading(0, m), alReading(1, m)], m, 'chebyshev-al') }
            : { kind: 'steps', runId: id, objectives: m, method: 'linear', data: packSteps([reading(0, m), reading(1, m)], m, 'linear') },
          loop('paused', id),
          loop('running', id),
          loop('finishing', id),
          finished(id, id === 't' ? [[0, 1], [1, 0]] : undefined),
          loop('idle', null),
        ]),
      ).toEqual(['loading', 'loading', 'running', 'running', 'paused', 'running', 'finishing', 'finished', 'finished']);
    }
    const n = ownRun(s, 'explorer', 'n');
    const t = ownRun(s, 'teaching', 't');
    expect(n).toMatchObject({ stepCount: 2, totalSteps: 4, backend: 'cpu', sparse: true, kernels: { bytes: 8, kept: false } });
    expect(n?.steps.count).toBe(2);
    expect(t).toMatchObject({ stepCount: 2, live: [1, 2], trail: [[0, 1]], result: [0.4, 0.6] });
    expect(s.exactFronts.get(problemKey(DEFAULT_TEACHING))).toEqual([[0, 1], [1, 0]]);
    // Owners see only their own runs.
    expect(ownRun(s, 'explorer', 't')).toBeUndefined();
    expect(ownedRuns(s, 'teaching').map((r) => r.id)).toEqual(['t']);
  });

  it('runs trained at once: the loop state moves every one of them, each run its own readings and end', () => {
    let s = addRuns(emptyRuns(), [network('a', 1), network('b', 2), network('c', 3)]);
    const together = (state: 'loading' | 'running' | 'finishing'): WorkerMessage => ({ kind: 'state', state, runIds: ['a', 'b'], queued: ['c'], processing: true });
    s = applyMessages(s, 'main', [together('loading'), together('running')], 1);
    expect(['a', 'b', 'c'].map((id) => s.byId.get(id)?.state)).toEqual(['running', 'running', 'queued']);
    expect(workerLoop(s, 'main').runIds).toEqual(['a', 'b']);
    const started = (runId: string): WorkerMessage => ({ kind: 'run-started', runId, totalSteps: 4, sparse: true, backend: 'webgpu' });
    const note = (runId: string): WorkerMessage => ({ kind: 'note', runId, message: 'epoch 1' });
    s = applyMessages(s, 'main', [started('a'), started('b'), note('b'), { kind: 'steps', runId: 'b', objectives: 3, method: 'chebyshev-al', data: packSteps([alReading(0, 3)], 3, 'chebyshev-al') }], 2);
    expect(s.byId.get('b')).toMatchObject({ stepCount: 1, notes: ['epoch 1'] });
    // b started again (a run trained with it failed): its readings start afresh.
    s = applyMessages(s, 'main', [started('b')], 3);
    const b = s.byId.get('b');
    expect(b).toMatchObject({ stepCount: 0, notes: [], startedAt: 3 });
    expect(b?.owner === 'explorer' && b.steps.count).toBe(0);
    // Back in the queue (Run now went first), a loaded run waits again.
    s = applyMessages(s, 'main', [{ kind: 'state', state: 'idle', runIds: [], queued: ['b', 'c'], processing: true }], 4);
    expect(['a', 'b', 'c'].map((id) => s.byId.get(id)?.state)).toEqual(['running', 'queued', 'queued']);
    s = applyMessages(s, 'main', [together('finishing'), finished('b'), { kind: 'run-failed', runId: 'a', message: 'diverged' }], 4);
    expect(['a', 'b', 'c'].map((id) => s.byId.get(id)?.state)).toEqual(['failed', 'finished', 'queued']);
  });

  it("a failure that names its step counts it: the step closing an epoch fails before its reading comes", () => {
    let s = addRuns(emptyRuns(), [network('a'), network('b', 2)]);
    const started = (runId: string): WorkerMessage => ({ kind: 'run-started', runId, totalSteps: 8, sparse: true, backend: 'cpu' });
    const steps = (runId: string, count: number): WorkerMessage => ({ kind: 'steps', runId, objectives: 3, method: 'chebyshev-al', data: packSteps(Array.from({ length: count }, (_, i) => alReading(i, 3)), 3, 'chebyshev-al') });
    s = applyMessages(s, 'main', [started('a'), started('b'), steps('a', 2), steps('b', 1)], 2);
    s = applyMessages(s, 'main', [{ kind: 'run-failed', runId: 'a', message: 'training diverged by step 3: …', step: 3 }, { kind: 'run-failed', runId: 'b', message: 'out of memory' }], 3);
    expect(['a', 'b'].map((id) => [s.byId.get(id)?.state, s.byId.get(id)?.stepCount])).toEqual([['failed', 3], ['failed', 1]]);
  });

  it('an ended run stays as it ended: late messages do not revive it', () => {
    let s = addRuns(emptyRuns(), [network('a')]);
    s = stopRuns(s, ['a'], 1);
    s = applyMessages(s, 'main', [loop('running', 'a'), finished('a'), { kind: 'run-failed', runId: 'a', message: 'late' }], 2);
    expect(s.byId.get('a')).toMatchObject({ state: 'stopped', error: null, endedAt: 1 });
    // Messages about no known run change nothing but the loop.
    const before = addRuns(emptyRuns(), [network('b')]);
    expect(applyMessages(before, 'main', [finished('zzz')], 3)).toBe(before);
  });

  it('keys runs by id in a Map: `constructor`, `__proto__` and `toString` are runs like any other', () => {
    const ids = ['constructor', '__proto__', 'toString'];
    let s = addRuns(emptyRuns(), ids.map((id, i) => network(id, i + 1)));
    expect([...s.byId.keys()]).toEqual(ids);
    expect(ownRun(s, 'explorer', 'hasOwnProperty')).toBeUndefined();
    s = applyMessages(s, 'main', ids.map((id) => finished(id)), 1);
    expect(ownedRuns(s, 'explorer').map((r) => [r.id, r.state])).toEqual(ids.map((id) => [id, 'finished']));
    expect([...removeRuns(s, ['__proto__']).byId.keys()]).toEqual(['constructor', 'toString']);
    // Restored runs with those ids are new here, not "already present".
    const restored = restoreRuns(addRuns(emptyRuns(), [network('own')]), ids.map((id, i) => ({ ...network(id, i + 1), state: 'finished' }) as RunRecord));
    expect(ownedRuns(restored, 'explorer').map((r) => [r.id, r.ordinal])).toEqual([['constructor', 1], ['__proto__', 2], ['toString', 3], ['own', 4]]);
  });

  it('a dead worker fails only the runs handed to it, with the cause; its loop reads idle', () => {
    let s = addRuns(emptyRuns(), [network('n'), teaching('m', 1), teaching('h1', 2, 'helper-1'), teaching('h2', 3, 'helper-1'), teaching('x', 4, 'helper-2')]);
    s = applyMessages(s, 'helper-1', [loop('running', 'h1'), finished('h1', [[0, 0]])], 1);
    s = applyMessages(s, 'helper-1', [loop('running', 'h2')], 2);
    expect(workerLoop(s, 'helper-1')).toMatchObject({ state: 'running', runIds: ['h2'] });
    expect(unendedOn(s, 'helper-1').map((r) => r.id)).toEqual(['h2']);
    s = failWorkerRuns(s, 'helper-1', 'helper worker 1 crashed: out of memory', 3);
    expect([...s.byId.values()].map((r) => [r.id, r.state, r.error])).toEqual([
      ['n', 'queued', null],
      ['m', 'queued', null],
      ['h1', 'finished', null],
      ['h2', 'failed', 'helper worker 1 crashed: out of memory'],
      ['x', 'queued', null],
    ]);
    expect(workerLoop(s, 'helper-1').state).toBe('idle');
  });

  it('a worker started again in its place gets the runs that waited in the dead one’s queue, in its order', () => {
    // 'a' trains, 'b' and 't' wait (the loop reported 't' first), 'late' was queued as it died (not reported yet).
    let s = addRuns(emptyRuns(), [network('a', 1), network('b', 2), teaching('t', 3), network('late', 4), network('h', 5, 'helper-1')]);
    s = applyMessages(s, 'main', [{ kind: 'state', state: 'running', runIds: ['a'], queued: ['t', 'b'], processing: true }], 1);
    const kept = failWorkerRuns(s, 'main', 'the trainer worker crashed: out of memory', 2, true);
    expect([...kept.byId.values()].map((r) => [r.id, r.state])).toEqual([['a', 'failed'], ['b', 'queued'], ['t', 'queued'], ['late', 'queued'], ['h', 'queued']]);
    expect(workerLoop(kept, 'main')).toEqual({ state: 'idle', runIds: [], queued: ['t', 'b', 'late'], processing: true });
    const waiting = waitingQueue(kept, 'main');
    expect(waiting.processing).toBe(true);
    expect(waiting.requests.map((r) => [r.id, r.kind ?? 'network'])).toEqual([['t', 'teaching'], ['b', 'network'], ['late', 'network']]);
    expect(waiting.requests[1].config).toBe(s.byId.get('b')?.config);
    // A run stopped meanwhile is not handed on; a run given to it after it died (restored from storage) is, last.
    expect(waitingQueue(applyMessages(kept, 'main', [{ kind: 'run-stopped', runId: 'b' }], 3), 'main').requests.map((r) => r.id)).toEqual(['t', 'late']);
    expect(waitingQueue(addRuns(kept, [network('restored', 6)]), 'main').requests.map((r) => r.id)).toEqual(['t', 'b', 'late', 'restored']);
    // Without keepQueue (a helper, replaced by the next sweep) the waiting runs fail too.
    expect([...failWorkerRuns(s, 'main', 'crashed', 2).byId.values()].filter((r) => r.state === 'failed').map((r) => r.id)).toEqual(['a', 'b', 't', 'late']);
    expect(waitingQueue(failWorkerRuns(s, 'main', 'crashed', 2), 'main').requests).toEqual([]);
    // A paused queue waits paused: the new worker queues its runs without starting them.
    const paused = applyMessages(s, 'main', [{ kind: 'state', state: 'paused', runIds: ['a'], queued: ['t', 'b'], processing: true }], 3);
    expect(waitingQueue(failWorkerRuns(paused, 'main', 'crashed', 4, true), 'main')).toMatchObject({ processing: false, requests: [{ id: 't' }, { id: 'b' }, { id: 'late' }] });
  });

  it("readings of one owner's runs leave another owner's selection the same array", () => {
    let s = addRuns(emptyRuns(), [network('n'), teaching('t')]);
    const explorer = ownedRuns(s, 'explorer');
    s = applyMessages(s, 'main', [{ kind: 'steps', runId: 't', objectives: 2, method: 'linear', data: packSteps([reading(0, 2)], 2, 'linear') }], 1);
    expect(ownedRuns(s, 'explorer')).toBe(explorer);
    expect(ownedRuns(s, 'teaching')[0].stepCount).toBe(1);
  });

  it('restores runs before the owner’s own, which are numbered after them; other owners keep their numbers', () => {
    let s = addRuns(emptyRuns(), [network('own', 1), teaching('t', 1)]);
    s = restoreRuns(s, [{ ...network('r2', 2), state: 'finished' }, { ...network('r1', 1), state: 'interrupted' }]);
    expect([...s.byId.values()].map((r) => [r.id, r.ordinal])).toEqual([['r1', 1], ['r2', 2], ['own', 3], ['t', 1]]);
    expect(nextOrdinal(s, 'explorer')).toBe(4);
    expect(nextOrdinal(s, 'teaching')).toBe(2);
  });

  it("the numbers of this browser's runs before the page are not given again, until the owner has no run left", () => {
    let s = keepEarlierOrdinal(emptyRuns(), 'explorer', 5);
    expect(nextOrdinal(s, 'explorer')).toBe(6);
    expect(nextOrdinal(s, 'teaching')).toBe(1);
    // A run pressed before the saved runs were back is numbered after them already: restored, it keeps its number.
    s = addRuns(s, [network('early', 6)]);
    s = restoreRuns(s, [{ ...network('r2', 2), state: 'finished' }]);
    expect(ownedRuns(s, 'explorer').map((r) => [r.id, r.ordinal])).toEqual([['r2', 2], ['early', 6]]);
    s = removeRuns(s, ['r2']);
    expect(nextOrdinal(s, 'explorer')).toBe(7);
    // The last run gone (Clear results, Reset, the last Delete): from 1, as without a reload.
    s = removeRuns(s, ['early']);
    expect(nextOrdinal(s, 'explorer')).toBe(1);
    expect(keepEarlierOrdinal(s, 'explorer', 0)).toBe(s);
  });

  it("removing another owner's runs keeps an explorer's numbers of before the page while it has no run yet", () => {
    let s = keepEarlierOrdinal(emptyRuns(), 'explorer', 3);
    s = addRuns(s, [teaching('t', 1)]);
    // A lab sweep replaces its runs (or Clear results): the explorer, empty after a reload, is not emptied by it.
    s = removeRuns(s, ['t']);
    expect(nextOrdinal(s, 'explorer')).toBe(4);
    expect(nextOrdinal(s, 'teaching')).toBe(1);
  });

  it('a deleted run’s number is not given again while its owner has runs, nor the number of the model a pin names', () => {
    let s = addRuns(emptyRuns(), [network('a', 1), network('b', 2), network('c', 3), teaching('t', 1), teaching('u', 2)]);
    s = removeRuns(s, ['c', 'b'], true);
    expect(nextOrdinal(s, 'explorer')).toBe(4);
    expect(nextOrdinal(s, 'teaching')).toBe(3);
    // Runs replaced (a lab sweep) number afresh.
    s = removeRuns(s, ['u']);
    expect(nextOrdinal(s, 'teaching')).toBe(2);
    // An owner left without runs (Reset, the last Delete) numbers from 1: no run on screen has a number to confuse.
    s = removeRuns(s, ['a'], true);
    expect(nextOrdinal(s, 'explorer')).toBe(1);
    // A point pinned off model 7, which is not here (deleted before a reload): "run 7" still names that model.
    const pinned = addRuns(emptyRuns(), [network('a', 1), { ...network('p', 2), pin: { run: 'gone', ordinal: 7 } }]);
    expect(nextOrdinal(pinned, 'explorer')).toBe(8);
    // Saved records this version cannot read hold their numbers while stored (their notice names "run 5"), whatever is on screen.
    let stored = keepStoredOrdinal(emptyRuns(), 'explorer', 5);
    expect(nextOrdinal(stored, 'explorer')).toBe(6);
    expect(nextOrdinal(stored, 'teaching')).toBe(1);
    stored = removeRuns(addRuns(stored, [network('a', 1)]), ['a'], true);
    expect(nextOrdinal(stored, 'explorer')).toBe(6);
    expect(nextOrdinal(keepStoredOrdinal(stored, 'explorer', 0), 'explorer')).toBe(1);
  });

  it('records one re-targeting a step (a drag sends many), at most MAX_RETARGETS, the latest always kept', () => {
    const retarget = (step: number, i: number): WorkerMessage => ({ kind: 'retargeted', runId: 'n', step, preference: [0.2, 0.4 - i / 1e5, 0.4 + i / 1e5] });
    let s = addRuns(emptyRuns(), [network('n')]);
    s = applyMessages(s, 'main', [retarget(2, 1), retarget(2, 2), retarget(2, 3), retarget(5, 4)], 1);
    const retargets = () => (ownRun(s, 'explorer', 'n')?.retargets ?? []);
    expect(retargets()).toEqual([{ step: 2, preference: [0.2, 0.4 - 3e-5, 0.4 + 3e-5] }, { step: 5, preference: [0.2, 0.4 - 4e-5, 0.4 + 4e-5] }]);
    s = applyMessages(s, 'main', Array.from({ length: MAX_RETARGETS + 5 }, (_, i) => retarget(10 + i, i)), 1);
    expect(retargets()).toHaveLength(MAX_RETARGETS);
    expect(retargets().at(-1)).toEqual({ step: 10 + MAX_RETARGETS + 4, preference: [0.2, 0.4 - (MAX_RETARGETS + 4) / 1e5, 0.4 + (MAX_RETARGETS + 4) / 1e5] });
  });

  it('keeps the exact front of a teaching problem after its runs are cleared', () => {
    let s = addRuns(emptyRuns(), [teaching('a'), teaching('b', 2)]);
    s = applyMessages(s, 'main', [finished('a', [[0, 1]]), finished('b', [[9, 9]])], 1);
    s = removeRuns(s, ['a', 'b']);
    expect(s.byId.size).toBe(0);
    expect(s.exactFronts.get(problemKey(DEFAULT_TEACHING))).toEqual([[0, 1]]);
  });
});
