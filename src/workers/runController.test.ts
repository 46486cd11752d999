import { describe, expect, it } from 'vitest';
import { defaultConfig, type TrainerConfig } from '../experiment/config';
import type { NetworkResult, StepReading } from '../engine/readings';
import type { StepResult } from '../engine/trainer';
import { MAX_KERNEL_BYTES, type RunRequest, type WorkerMessage } from './protocol';
import { RunController } from './runController';
import type { StackHandle, TrainerHandle } from './runHandles';
import { StackedRunError } from '../engine/stacked/stacking';
import { packedCount } from './stepPacking';

class FakeTrainer implements TrainerHandle {
  position = 0;
  disposed = false;
  preference: number[];
  constructor(
    readonly totalSteps: number,
    config: TrainerConfig,
    private readonly failAt = -1,
  ) {
    this.preference = config.preference;
  }
  get done() {
    return this.position >= this.totalSteps;
  }
  get sparse() {
    return this.preference[0] > 0;
  }
  async step(): Promise<StepResult> {
    if (this.position === this.failAt) throw new Error(`training diverged at step ${this.position}`);
    const step: StepReading = {
      kind: 'step',
      phase: 'search',
      outer: 0,
      epoch: 0,
      batch: this.position,
      globalStep: this.position,
      objectives: [1, 2, 3],
      constraints: [0, 0, 0],
      maxViolation: 0,
      value: 0,
      weights: [1, 1, 1],
      learningRate: 0.01,
      preference: [...this.preference],
      proxEta: 0,
      samplesPerSecond: 10,
      method: 'chebyshev-al',
      multipliers: [1, 1, 1],
      penalty: 1,
      epigraph: 0,
    };
    this.position++;
    return { step, events: this.done ? ['run finished'] : [] };
  }
  setPreference(k: number[]) {
    this.preference = k;
  }
  async finalResult(backend: string): Promise<NetworkResult> {
    const scores = { accuracy: [90, 80], nll: [0.3, 0.5] };
    return { kind: 'network', val: scores, test: scores, rows: {} as NetworkResult['rows'], growlPenalty: 1, parameterCount: 1, clusters: [], trainingSeconds: 1, samplesPerSecond: 1, steps: this.position, backend };
  }
  kernelLength = 4;
  async kernelValues() {
    const values = new Float32Array(this.kernelLength);
    values.set([0, 0, 1, 2].slice(0, this.kernelLength));
    return [{ name: 'dense', shape: [2, this.kernelLength / 2], values }];
  }
  dispose() {
    this.disposed = true;
  }
}

/** K fake trainers stepped together, as engine/stacked's StackedTrainer steps K Trainers. */
class FakeStack implements StackHandle {
  disposed = false;
  constructor(
    readonly runs: FakeTrainer[],
    /** Called as a run fails (a command that arrives while the failing step is under way). */
    private readonly onFailure?: () => void,
  ) {}
  get done() {
    return this.runs[0].done;
  }
  get totalSteps() {
    return this.runs[0].totalSteps;
  }
  get sparse() {
    return this.runs[0].sparse;
  }
  async step() {
    const results: StepResult[] = [];
    for (const [k, run] of this.runs.entries()) {
      try {
        results.push(await run.step());
      } catch (error) {
        const message = (error as Error).message;
        this.onFailure?.();
        throw new StackedRunError(k, message, `run ${k + 1} of ${this.runs.length}: ${message}`);
      }
    }
    return results;
  }
  setPreference(index: number, k: number[]) {
    this.runs[index].setPreference(k);
  }
  async finalResults(backend: string) {
    return Promise.all(this.runs.map(async (r) => ({ ...(await r.finalResult(backend)), runsAtOnce: this.runs.length })));
  }
  kernelValues(index: number) {
    return this.runs[index].kernelValues();
  }
  dispose() {
    this.disposed = true;
  }
}

/** Fails at `failAt`: every run, or only the runs at `failing` (a preference). */
function setup(opts: { steps?: number; failAt?: number; failing?: number[]; kernelLength?: number; runsAtOnce?: number; onFailure?: (controller: RunController) => void } = {}) {
  const messages: WorkerMessage[] = [];
  const trainers: FakeTrainer[] = [];
  const stacks: FakeStack[] = [];
  const fake = (config: TrainerConfig) => {
    const fails = !opts.failing || opts.failing.join() === config.preference.join();
    const t = new FakeTrainer(opts.steps ?? 3, config, fails ? opts.failAt : -1);
    if (opts.kernelLength) t.kernelLength = opts.kernelLength;
    return t;
  };
  const controller = new RunController({
    createTrainer: async (config) => {
      const t = fake(config);
      trainers.push(t);
      return t;
    },
    createStack: async (configs) => {
      const stack = new FakeStack(configs.map(fake), () => opts.onFailure?.(controller));
      stacks.push(stack);
      return stack;
    },
    runsAtOnce: () => opts.runsAtOnce ?? 1,
    backend: () => 'fake',
    post: (m) => messages.push(m),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  });
  return { controller, messages, trainers, stacks };
}

const request = (id: string, k = [0.2, 0.4, 0.4]): RunRequest => ({ id, config: { ...defaultConfig(), preference: k } });
const kinds = (messages: WorkerMessage[], kind: WorkerMessage['kind']) => messages.filter((m) => m.kind === kind);

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
});

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
    expect(restarted[0].message).toBe('started again: a run trained at once with this one (k = 0.5, 0.25, 0.25) failed at step 1: training diverged at step 1');
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
});
