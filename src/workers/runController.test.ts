import { describe, expect, it } from 'vitest';
import type { TrainerConfig } from '../experiment/config';
import { MAX_KERNEL_BYTES, type WorkerMessage } from './protocol';
import { packedCount } from './stepPacking';
import { RunController } from './runController';
import { FakeTrainer, kinds, request, setup } from './testing/fakeRuns';

describe('RunController', () => {
  it('runs a request to the end: started, every step, finished with row classes, then idle', async () => {
    const { controller, messages, trainers } = setup();
    controller.run(request('a'));
    await controller.idle();
    expect(kinds(messages, 'run-started')).toHaveLength(1);
    const steps = kinds(messages, 'steps') as Extract<WorkerMessage, { kind: 'steps' }>[];
    expect(steps.reduce((n, m) => n + packedCount(m.data, 3, m.method), 0)).toBe(3);
    const finished = kinds(messages, 'run-finished') as Extract<WorkerMessage, { kind: 'run-finished' }>[];
    expect(finished).toHaveLength(1);
    expect(finished[0].result.backend).toBe('fake');
    expect(Array.from(finished[0].layers[0].group)).toEqual([-1, 0]);
    expect(finished[0].kernels?.map((k) => [k.name, k.shape, Array.from(k.values)])).toEqual([['dense', [2, 2], [0, 0, 1, 2]]]);
    expect(finished[0].kernelBytes).toBe(16);
    expect(trainers[0].disposed).toBe(true);
    expect(controller.loopState).toBe('idle');
  });

  it('sends the kernels with the result only up to MAX_KERNEL_BYTES', async () => {
    const { controller, messages } = setup({ kernelLength: MAX_KERNEL_BYTES / 4 + 2 });
    controller.run(request('big'));
    await controller.idle();
    const finished = kinds(messages, 'run-finished')[0] as Extract<WorkerMessage, { kind: 'run-finished' }>;
    expect(finished.kernels).toBeNull();
    expect(finished.kernelBytes).toBe(MAX_KERNEL_BYTES + 8);
    expect(finished.layers).toHaveLength(1);
  });

  it('does not start queued runs until the queue is started, then runs them in order', async () => {
    const { controller, messages } = setup({ steps: 2 });
    controller.enqueue([request('a'), request('b'), request('c')]);
    await controller.idle();
    expect(kinds(messages, 'run-started')).toHaveLength(0);
    const state = messages.at(-1) as Extract<WorkerMessage, { kind: 'state' }>;
    expect(state.queued).toEqual(['a', 'b', 'c']);
    controller.startQueue();
    await controller.idle();
    expect(kinds(messages, 'run-finished').map((m) => (m as { runId: string }).runId)).toEqual(['a', 'b', 'c']);
  });

  it('a queue that ran out is no longer going: a run added after it waits for Start queue; one added while it goes follows on', async () => {
    const { controller, messages } = setup({ steps: 2 });
    controller.run(request('a'));
    controller.enqueue([request('b')]);
    await controller.idle();
    expect(kinds(messages, 'run-finished').map((m) => (m as { runId: string }).runId)).toEqual(['a', 'b']);
    controller.enqueue([request('c')]);
    await controller.idle();
    expect(kinds(messages, 'run-started')).toHaveLength(2);
    expect((messages.at(-1) as Extract<WorkerMessage, { kind: 'state' }>)).toMatchObject({ queued: ['c'], processing: false });
    controller.startQueue();
    await controller.idle();
    expect(kinds(messages, 'run-finished').map((m) => (m as { runId: string }).runId)).toEqual(['a', 'b', 'c']);
    // Start queue with nothing queued: the loop has nothing to do, and says it is not going (the page reads it).
    controller.startQueue();
    await controller.idle();
    expect((messages.at(-1) as Extract<WorkerMessage, { kind: 'state' }>)).toMatchObject({ state: 'idle', queued: [], processing: false });
  });

  it('pauses between steps, steps once while paused, and resumes', async () => {
    const { controller, messages, trainers } = setup({ steps: 5 });
    controller.run(request('a'));
    controller.pause();
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.loopState).toBe('paused');
    const before = trainers[0].position;
    await new Promise((r) => setTimeout(r, 20));
    expect(trainers[0].position).toBe(before);
    controller.step();
    await new Promise((r) => setTimeout(r, 20));
    expect(trainers[0].position).toBe(before + 1);
    expect(controller.loopState).toBe('paused');
    controller.resume();
    await controller.idle();
    expect(kinds(messages, 'run-finished')).toHaveLength(1);
  });

  it('stop discards the current run and keeps the queue without processing it', async () => {
    const { controller, messages, trainers } = setup({ steps: 1000 });
    controller.enqueue([request('b')]);
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 10));
    controller.stop();
    await controller.idle();
    expect(kinds(messages, 'run-stopped')).toEqual([{ kind: 'run-stopped', runId: 'a' }]);
    expect(trainers[0].disposed).toBe(true);
    expect((messages.at(-1) as Extract<WorkerMessage, { kind: 'state' }>).queued).toEqual(['b']);
  });

  it('Stop during a long step (a search clustering the rows) ends the run at once: stopped, not failed', async () => {
    const { controller, messages, trainers } = setup({ steps: 5, longStepAt: 2 });
    controller.enqueue([request('b')]);
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 10));
    expect(trainers[0].position).toBe(2); // in its long step: without an interrupt it would never end
    // The page hears what the run is doing while its progress stands still, at once (urgent).
    expect(messages.at(-1)).toEqual({ kind: 'working', runId: 'a', work: 'clustering' });
    controller.stop();
    await controller.idle();
    expect(trainers[0].interrupted).toBe(true);
    expect(kinds(messages, 'working')).toEqual([{ kind: 'working', runId: 'a', work: 'clustering' }, { kind: 'working', runId: 'a', work: null }]);
    expect(messages.filter((m) => m.kind === 'run-stopped' || m.kind === 'run-failed')).toEqual([{ kind: 'run-stopped', runId: 'a' }]);
    expect(trainers[0].disposed).toBe(true);
    expect((messages.at(-1) as Extract<WorkerMessage, { kind: 'state' }>).queued).toEqual(['b']);
  });

  it('Run now during a long step: the run it replaces ends at once, stopped, and the new one trains', async () => {
    const { controller, messages, trainers } = setup({ steps: 4, longStepAt: 2 });
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 10));
    controller.run(request('n', [0.3, 0.3, 0.4]));
    await controller.idle();
    const ends = messages.filter((m) => m.kind === 'run-stopped' || m.kind === 'run-failed' || m.kind === 'run-finished');
    expect(ends.map((m) => [m.kind, (m as { runId: string }).runId])).toEqual([
      ['run-stopped', 'a'],
      ['run-finished', 'n'],
    ]);
    expect(trainers.map((t) => t.interrupted)).toEqual([true, false]);
  });

  it('stop with run ids takes those out of the queue and ends the current run only if it is one of them; the queue goes on', async () => {
    const { controller, messages } = setup({ steps: 1000 });
    const lastState = () => kinds(messages, 'state').at(-1) as Extract<WorkerMessage, { kind: 'state' }>;
    controller.enqueue([request('b'), request('c'), request('d')]);
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 10));
    // Another owner's runs (the lab's, say): 'a' trains on and the queue keeps going.
    controller.stop(['c', 'x']);
    await new Promise((r) => setTimeout(r, 10));
    expect(kinds(messages, 'run-stopped')).toEqual([]);
    expect(lastState()).toMatchObject({ runIds: ['a'], queued: ['b', 'd'], processing: true });
    // The run in training among them: it ends, and the queue goes on with the other owner's run.
    controller.stop(['b', 'a']);
    await new Promise((r) => setTimeout(r, 20));
    expect(kinds(messages, 'run-stopped')).toEqual([{ kind: 'run-stopped', runId: 'a' }]);
    expect(kinds(messages, 'run-started').map((m) => (m as { runId: string }).runId)).toEqual(['a', 'd']);
    expect(lastState()).toMatchObject({ runIds: ['d'], queued: [], processing: true });
    controller.stop();
    await controller.idle();
  });

  it('a diverging run ends with a failure message and the queue goes on', async () => {
    const { controller, messages } = setup({ steps: 3, failAt: 1 });
    controller.enqueue([request('a'), request('b')]);
    controller.startQueue();
    await controller.idle();
    const failed = kinds(messages, 'run-failed') as Extract<WorkerMessage, { kind: 'run-failed' }>[];
    expect(failed.map((f) => f.runId)).toEqual(['a', 'b']);
    expect(failed[0].message).toContain('diverged');
  });

  it('re-targets the running run and says from which step (the run records every change of its preference)', async () => {
    const { controller, trainers, messages } = setup({ steps: 1000 });
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 10));
    const stepsBefore = kinds(messages, 'steps').length;
    controller.setPreference('other', [0.1, 0.1, 0.8]);
    expect(trainers[0].preference).toEqual([0.2, 0.4, 0.4]);
    controller.setPreference('a', [0.5, 0.25, 0.25]);
    expect(trainers[0].preference).toEqual([0.5, 0.25, 0.25]);
    const [retargeted] = kinds(messages, 'retargeted') as Extract<WorkerMessage, { kind: 'retargeted' }>[];
    expect(retargeted).toEqual({ kind: 'retargeted', runId: 'a', step: stepsBefore, preference: [0.5, 0.25, 0.25] });
    controller.stop();
    await controller.idle();
  });

  it('run() while another run is active replaces it', async () => {
    const { controller, messages } = setup({ steps: 1000 });
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 10));
    controller.run(request('b'));
    await new Promise((r) => setTimeout(r, 10));
    controller.stop();
    await controller.idle();
    expect(kinds(messages, 'run-stopped').map((m) => (m as { runId: string }).runId)).toEqual(['a', 'b']);
  });

  /** A controller whose run loads until the test settles `load`'s promise (a slow download), stopped while it loads. */
  async function stoppedWhileLoading(load: () => Promise<FakeTrainer>) {
    const messages: WorkerMessage[] = [];
    const controller = new RunController({ createTrainer: load, backend: () => 'fake', post: (m) => messages.push(m), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) });
    controller.run(request('a'));
    await new Promise((r) => setTimeout(r, 0));
    controller.stop();
    return { controller, messages };
  }

  it('a run stopped while it loads ends stopped, also where its load then fails (a stalled download)', async () => {
    let failLoad: (e: Error) => void = () => {};
    const { controller, messages } = await stoppedWhileLoading(() => new Promise((_, reject) => (failLoad = reject)));
    failLoad(new Error('download stalled: no byte for 30 s'));
    await controller.idle();
    expect(messages.filter((m) => m.kind === 'run-failed' || m.kind === 'run-stopped').map((m) => m.kind)).toEqual(['run-stopped']);
  });

  it('Stop ends a run whose load hangs (a stalled download) at once, and what the load makes later is let go', async () => {
    let finishLoad: (t: FakeTrainer) => void = () => {};
    const { controller, messages } = await stoppedWhileLoading(() => new Promise((resolve) => (finishLoad = resolve)));
    await controller.idle();
    expect(messages.filter((m) => m.kind === 'run-stopped' || m.kind === 'run-failed' || m.kind === 'run-started').map((m) => m.kind)).toEqual(['run-stopped']);
    expect(controller.loopState).toBe('idle');
    const late = new FakeTrainer(3, (request('a') as { config: TrainerConfig }).config);
    finishLoad(late);
    await new Promise((r) => setTimeout(r, 0));
    expect(late.disposed).toBe(true);
  });
});
