/** The run loop with several runs trained at once (engine/stacked), with fake trainers. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../experiment/config';
import type { NetworkResult } from '../engine/readings';
import type { RunRequest, WorkerMessage } from './protocol';
import { packedCount } from './stepPacking';
import type { RunController } from './runController';
import { kinds, request, setup } from './testing/fakeRuns';

describe('RunController, several runs at once', () => {
  const ids = (messages: WorkerMessage[], kind: WorkerMessage['kind']) => kinds(messages, kind).map((m) => (m as { runId: string }).runId);

  it('trains queued runs that differ only in their preference together, up to runsAtOnce, and each gets its own readings and result', async () => {
    const { controller, messages, trainers, stacks } = setup({ runsAtOnce: 2 });
    controller.enqueue([request('a', [0.2, 0.4, 0.4]), request('b', [0.5, 0.25, 0.25]), request('c', [0.1, 0.1, 0.8])]);
    controller.startQueue();
    await controller.idle();
    // a and b as one stack, then c alone (a group of one is an ordinary trainer).
    expect(stacks.map((s) => s.runs.map((r) => r.preference))).toEqual([[[0.2, 0.4, 0.4], [0.5, 0.25, 0.25]]]);
    expect(trainers).toHaveLength(1);
    expect(stacks[0].disposed).toBe(true);
    const loaded = (kinds(messages, 'state') as Extract<WorkerMessage, { kind: 'state' }>[]).filter((m) => m.state === 'running').map((m) => m.runIds);
    expect(loaded[0]).toEqual(['a', 'b']);
    expect(loaded.at(-1)).toEqual(['c']);
    expect(ids(messages, 'run-started')).toEqual(['a', 'b', 'c']);
    expect(ids(messages, 'run-finished')).toEqual(['a', 'b', 'c']);
    const steps = kinds(messages, 'steps') as Extract<WorkerMessage, { kind: 'steps' }>[];
    for (const id of ['a', 'b', 'c']) expect(steps.filter((m) => m.runId === id).reduce((n, m) => n + packedCount(m.data, 3, m.method), 0)).toBe(3);
    const finished = kinds(messages, 'run-finished') as Extract<WorkerMessage, { kind: 'run-finished' }>[];
    expect(finished.map((m) => (m.result as NetworkResult).runsAtOnce)).toEqual([2, 2, undefined]);
    expect(finished.every((m) => m.kernels?.length === 1)).toBe(true);
  });

  it('stacks only runs of the same settings, from the head of the queue, and never teaching runs', async () => {
    const { controller, stacks, trainers } = setup({ runsAtOnce: 8 });
    const other: RunRequest = { id: 'lr', config: { ...defaultConfig(), preference: [0.3, 0.3, 0.4], learningRate: 0.5 } };
    controller.enqueue([request('a'), other, request('b'), request('c', [0.3, 0.3, 0.4])]);
    controller.startQueue();
    await controller.idle();
    expect(stacks.map((s) => s.runs.length)).toEqual([2]);
    expect(trainers.map((t) => t.preference)).toEqual([[0.2, 0.4, 0.4], [0.3, 0.3, 0.4]]);
  });

  it('one step, stop and re-targeting act on every run of the group; runs that all diverge each fail with their own message', async () => {
    const { controller, messages, stacks } = setup({ steps: 1000, runsAtOnce: 3 });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    controller.pause();
    await new Promise((r) => setTimeout(r, 20));
    controller.step();
    await new Promise((r) => setTimeout(r, 20));
    expect(stacks[0].runs.map((r) => r.position)).toEqual([stacks[0].runs[0].position, stacks[0].runs[0].position]);
    controller.setPreference('b', [0.1, 0.1, 0.8]);
    expect(stacks[0].runs.map((r) => r.preference)).toEqual([[0.2, 0.4, 0.4], [0.1, 0.1, 0.8]]);
    expect(kinds(messages, 'retargeted').map((m) => (m as { runId: string }).runId)).toEqual(['b']);
    controller.stop();
    await controller.idle();
    expect(ids(messages, 'run-stopped')).toEqual(['a', 'b']);
    expect(stacks[0].disposed).toBe(true);

    const failing = setup({ steps: 3, failAt: 1, runsAtOnce: 2 });
    failing.controller.enqueue([request('x'), request('y', [0.5, 0.25, 0.25])]);
    failing.controller.startQueue();
    await failing.controller.idle();
    const failed = kinds(failing.messages, 'run-failed') as Extract<WorkerMessage, { kind: 'run-failed' }>[];
    expect(failed.map((m) => m.runId)).toEqual(['x', 'y']);
    expect(failed[0].message).toBe('training diverged at step 1');
  });

  it('a run of a stack that diverges fails alone: the others start again without it, saying why, and finish', async () => {
    const { controller, messages, stacks } = setup({ steps: 3, failAt: 1, failing: [0.5, 0.25, 0.25], runsAtOnce: 3 });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25]), request('c', [0.1, 0.1, 0.8])]);
    controller.startQueue();
    await controller.idle();
    expect(stacks.map((s) => s.runs.map((r) => r.preference[0]))).toEqual([[0.2, 0.5, 0.1], [0.2, 0.1]]);
    expect(stacks.every((s) => s.disposed)).toBe(true);
    const failed = kinds(messages, 'run-failed') as Extract<WorkerMessage, { kind: 'run-failed' }>[];
    expect(failed).toEqual([{ kind: 'run-failed', runId: 'b', message: 'training diverged at step 1' }]);
    expect(ids(messages, 'run-started')).toEqual(['a', 'b', 'c', 'a', 'c']);
    expect(ids(messages, 'run-finished')).toEqual(['a', 'c']);
    const notes = kinds(messages, 'note') as Extract<WorkerMessage, { kind: 'note' }>[];
    const restarted = notes.filter((n) => n.message.startsWith('started again'));
    expect(restarted.map((n) => n.runId)).toEqual(['a', 'c']);
    expect(restarted[0].message).toBe('started again: a run trained at once with this one (k = (0.5, 0.25, 0.25)) failed: training diverged at step 1');
    // The restart's readings follow its run-started: steps 0, 1, 2 again.
    const afterRestart = messages.slice(messages.lastIndexOf(kinds(messages, 'run-started').at(-1) as WorkerMessage));
    const steps = afterRestart.filter((m): m is Extract<WorkerMessage, { kind: 'steps' }> => m.kind === 'steps' && m.runId === 'c');
    expect(steps.reduce((n, m) => n + packedCount(m.data, 3, m.method), 0)).toBe(3);
  });

  it('a Pareto set model is never stacked: its handle answers questions while it trains', async () => {
    const { controller, stacks, trainers } = setup({ steps: 1000, runsAtOnce: 8 });
    const psl = (id: string, k: number[]): RunRequest => ({ id, config: { ...defaultConfig({ method: 'psl' }), preference: k } });
    controller.enqueue([psl('p', [0.2, 0.4, 0.4]), psl('q', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    await new Promise((r) => setTimeout(r, 10));
    expect(stacks).toHaveLength(0);
    expect(trainers).toHaveLength(1);
    controller.stop();
    await controller.idle();
  });

  it('a run started again goes on at the preference it was re-targeted to, from its first step', async () => {
    const { controller, messages, stacks, trainers } = setup({ steps: 3, failAt: 1, failing: [0.5, 0.25, 0.25], runsAtOnce: 2 });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    controller.pause();
    await new Promise((r) => setTimeout(r, 20));
    controller.setPreference('a', [0.3, 0.3, 0.4]);
    controller.resume();
    await controller.idle();
    expect(stacks).toHaveLength(1);
    const retargeted = kinds(messages, 'retargeted') as Extract<WorkerMessage, { kind: 'retargeted' }>[];
    expect(retargeted.map((m) => [m.runId, m.step, m.preference])).toEqual([
      ['a', 0, [0.3, 0.3, 0.4]],
      ['a', 0, [0.3, 0.3, 0.4]],
    ]);
    expect(ids(messages, 'run-finished')).toEqual(['a']);
    expect(trainers.map((t) => t.preference)).toEqual([[0.3, 0.3, 0.4]]);
  });

  it('a run of a stack that fails while a stop is on its way: the others stop, they are not queued again', async () => {
    const { controller, messages } = setup({ steps: 3, failAt: 1, failing: [0.5, 0.25, 0.25], runsAtOnce: 3, onFailure: (c) => c.stop() });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25]), request('c', [0.1, 0.1, 0.8])]);
    controller.startQueue();
    await controller.idle();
    expect(ids(messages, 'run-failed')).toEqual(['b']);
    expect(ids(messages, 'run-stopped')).toEqual(['a', 'c']);
    expect(ids(messages, 'run-started')).toEqual(['a', 'b', 'c']);
    expect((messages.at(-1) as Extract<WorkerMessage, { kind: 'state' }>).queued).toEqual([]);
  });

  it('Run now while runs train at once: they go back to the queue after the new run, and nothing is lost', async () => {
    const { controller, messages, stacks } = setup({ steps: 1000, runsAtOnce: 2 });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25]), request('c', [0.1, 0.1, 0.8])]);
    controller.startQueue();
    await new Promise((r) => setTimeout(r, 10));
    controller.run(request('n', [0.3, 0.3, 0.4]));
    await new Promise((r) => setTimeout(r, 10));
    expect(ids(messages, 'run-stopped')).toEqual([]);
    // The new run first, trained with the next one that can train with it; the rest after.
    expect(stacks.map((s) => s.runs.map((r) => r.preference[0]))).toEqual([[0.2, 0.5], [0.3, 0.2]]);
    const state = (messages.filter((m) => m.kind === 'state') as Extract<WorkerMessage, { kind: 'state' }>[]).at(-1);
    expect(state?.runIds).toEqual(['n', 'a']);
    expect(state?.queued).toEqual(['b', 'c']);
    const notes = (kinds(messages, 'note') as Extract<WorkerMessage, { kind: 'note' }>[]).filter((n) => n.message.startsWith('started again'));
    expect(notes.map((n) => [n.runId, n.message])).toEqual([['a', 'started again: Run now put another run first']]);
    controller.stop();
    await controller.idle();
    expect(ids(messages, 'run-stopped')).toEqual(['n', 'a']);
  });

  it('Stop during a long step of runs trained at once (a search clustering): every run ends stopped at once', async () => {
    const { controller, messages, stacks } = setup({ steps: 5, runsAtOnce: 2, longStepAt: 2 });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    await new Promise((r) => setTimeout(r, 10));
    expect(stacks[0].runs[0].position).toBe(2);
    controller.stop();
    await controller.idle();
    expect(stacks[0].runs.map((r) => r.interrupted)).toEqual([true, true]);
    expect(messages.filter((m) => m.kind === 'run-stopped' || m.kind === 'run-failed').map((m) => [m.kind, (m as { runId: string }).runId])).toEqual([
      ['run-stopped', 'a'],
      ['run-stopped', 'b'],
    ]);
    expect(stacks[0].disposed).toBe(true);
  });

  it('Run now during a long step of runs trained at once: they end it at once and go back to the queue after the new run', async () => {
    const { controller, messages, stacks } = setup({ steps: 4, runsAtOnce: 2, longStepAt: 2 });
    const other: RunRequest = { id: 'n', config: { ...defaultConfig(), preference: [0.3, 0.3, 0.4], learningRate: 0.5 } };
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    await new Promise((r) => setTimeout(r, 10));
    controller.run(other);
    await controller.idle();
    expect(stacks[0].runs.map((r) => r.interrupted)).toEqual([true, true]);
    expect(ids(messages, 'run-stopped')).toEqual([]);
    expect(ids(messages, 'run-finished')).toEqual(['n', 'a', 'b']);
  });

  it('Run now during the last step of runs at once, interrupted in one run after another had finished: none counts as finished', async () => {
    // Run a ends its last step; run b is interrupted in its own (a search's clustering that ends the run: no retraining).
    const { controller, messages, stacks } = setup({ steps: 3, runsAtOnce: 2, longStepAt: 2, longStepRun: 1 });
    const other: RunRequest = { id: 'n', config: { ...defaultConfig(), preference: [0.3, 0.3, 0.4], learningRate: 0.5 } };
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    await new Promise((r) => setTimeout(r, 10));
    expect(stacks[0].runs.map((r) => r.position)).toEqual([3, 2]);
    // The work is b's: the run of index 1 in the stack.
    expect(kinds(messages, 'working')).toEqual([{ kind: 'working', runId: 'b', work: 'clustering' }]);
    controller.run(other);
    await controller.idle();
    // They go back and train again, whole: b's result is never one of a step cut short.
    expect(ids(messages, 'run-finished')).toEqual(['n', 'a', 'b']);
    expect(stacks).toHaveLength(2);
    expect(stacks[1].runs.map((r) => r.position)).toEqual([3, 3]);
  });

  it('Stop, then Run now before the loop acted: the runs trained at once stop, as asked', async () => {
    const { controller, messages } = setup({ steps: 1000, runsAtOnce: 2 });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    await new Promise((r) => setTimeout(r, 10));
    controller.stop();
    controller.run(request('n', [0.3, 0.3, 0.4]));
    await new Promise((r) => setTimeout(r, 10));
    expect(ids(messages, 'run-stopped')).toEqual(['a', 'b']);
    controller.stop();
    await controller.idle();
    expect(ids(messages, 'run-started')).toEqual(['a', 'b', 'n']);
  });

  it('Run now twice: both new runs go first, in the order given, the runs trained at once after them', async () => {
    const { controller, messages } = setup({ steps: 2, runsAtOnce: 2 });
    const other = (id: string, learningRate: number): RunRequest => ({ id, config: { ...defaultConfig(), preference: [0.3, 0.3, 0.4], learningRate } });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    controller.pause();
    await new Promise((r) => setTimeout(r, 10));
    controller.run(other('n1', 0.5));
    controller.run(other('n2', 0.7));
    await controller.idle();
    expect(ids(messages, 'run-started')).toEqual(['a', 'b', 'n2', 'n1', 'a', 'b']);
    expect(ids(messages, 'run-finished')).toEqual(['n2', 'n1', 'a', 'b']);
  });

  it('Run now during the last step of runs trained at once: they finish, they are not trained again', async () => {
    let sent = false;
    const runNow = (c: RunController, step: number) => {
      if (step !== 1 || sent) return;
      sent = true;
      c.run(request('n', [0.3, 0.3, 0.4]));
    };
    const { controller, messages } = setup({ steps: 2, runsAtOnce: 2, onStep: runNow });
    controller.enqueue([request('a'), request('b', [0.5, 0.25, 0.25])]);
    controller.startQueue();
    await controller.idle();
    expect(ids(messages, 'run-finished')).toEqual(['a', 'b', 'n']);
    expect(ids(messages, 'run-started')).toEqual(['a', 'b', 'n']);
    expect((kinds(messages, 'note') as Extract<WorkerMessage, { kind: 'note' }>[]).filter((n) => n.message.startsWith('started again'))).toEqual([]);
  });
});
