/**
 * The teaching adapters: a TeachingTrainer behind the TrainerHandle, alone and driven by the real RunController
 * (queue, step readings, result with the exact front, tensors released), and a lab sweep's runs of one method trained
 * at once behind the StackHandle.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../engine/node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultTeachingConfig, type TeachingConfig } from '../engine/teaching/config';
import type { WorkerMessage } from './protocol';
import { RunController } from './runController';
import { packedCount, unpackColumns } from './stepPacking';
import { createTeachingHandle, createTeachingStack } from './teachingHandle';
import { MAX_FRONT_POINTS } from '../engine/teaching/exactFront';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const short = (config: TeachingConfig): TeachingConfig => ({ ...config, outerIterations: 2, stepsPerOuter: 10 });

/** The real RunController with teaching handles (no network runs; teaching runs at once with `stacks`), and the messages it posts. */
function teachingController(stacks = false, atOnce?: number) {
  const messages: WorkerMessage[] = [];
  const controller = new RunController({
    createTrainer: () => Promise.reject(new Error('no network runs here')),
    createTeachingTrainer: createTeachingHandle,
    ...(stacks ? { createTeachingStack } : {}),
    ...(atOnce ? { teachingRunsAtOnce: () => atOnce } : {}),
    backend: () => 'cpu',
    post: (m) => messages.push(m),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  });
  return { messages, controller };
}

describe('TeachingHandle', () => {
  it('steps, re-targets and finishes with f and the exact front; no kernels, not sparse', async () => {
    const before = tf.memory().numTensors;
    const handle = await createTeachingHandle(short({ ...defaultTeachingConfig('fonseca-fleming', 'linear'), preference: [0.3, 0.7] }));
    expect(handle.sparse).toBe(false);
    expect(handle.totalSteps).toBe(20);
    const first = await handle.step();
    expect(first.epoch).toBeUndefined();
    expect(first.step.objectives).toHaveLength(2);
    handle.setPreference([0.6, 0.4]);
    while (!handle.done) {
      const r = await handle.step();
      expect(r.step.preference).toEqual([0.6, 0.4]);
    }
    const result = await handle.finalResult('cpu');
    if (result.kind !== 'teaching') throw new Error('a teaching run gave a network result');
    expect(result.method).toBe('linear');
    expect(result.backend).toBe('cpu');
    expect(result.steps).toBe(20);
    expect(result.objectives).toHaveLength(2);
    expect(result.exactFront.length).toBeLessThanOrEqual(MAX_FRONT_POINTS);
    expect(result.exactFront[0]).toHaveLength(2);
    expect(await handle.kernelValues()).toEqual([]);
    handle.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs a queue of teaching runs through the RunController (3 tasks included)', async () => {
    const { messages, controller } = teachingController();
    const width3 = { kind: 'width' as const, tasks: 3, width: 1, similarity: 0.5, inputDimension: 8, samples: 64 };
    controller.enqueue([
      { id: 'ff', kind: 'teaching', config: short({ ...defaultTeachingConfig('fonseca-fleming', 'chebyshev-al'), preference: [0.5, 0.5] }) },
      { id: 'w3', kind: 'teaching', config: short({ ...defaultTeachingConfig(width3, 'mgda'), preference: [0.2, 0.3, 0.5] }) },
      { id: 'net', config: {} as never },
    ]);
    controller.startQueue();
    await controller.idle();
    const finished = messages.filter((m): m is Extract<WorkerMessage, { kind: 'run-finished' }> => m.kind === 'run-finished');
    expect(finished.map((m) => m.runId)).toEqual(['ff', 'w3']);
    const w3 = finished[1].result;
    if (w3.kind !== 'teaching') throw new Error('a teaching run gave a network result');
    expect(w3.objectives).toHaveLength(3);
    expect(w3.exactFront[0]).toHaveLength(3);
    expect(finished.every((m) => m.layers.length === 0 && m.kernelBytes === 0)).toBe(true);
    const steps = messages.filter((m): m is Extract<WorkerMessage, { kind: 'steps' }> => m.kind === 'steps' && m.runId === 'w3');
    expect(steps.reduce((n, m) => n + packedCount(m.data, 3, m.method), 0)).toBe(20);
    expect(unpackColumns(steps[0].data, 3, steps[0].method).preference.map((k) => k[0])).toEqual([0.2, 0.3, 0.5]);
    expect(messages.some((m) => m.kind === 'run-failed' && m.runId === 'net')).toBe(true);
  });

  it('a Pareto set learning run answers at any preference while it is loaded, between its steps; its result carries the model', async () => {
    const { messages, controller } = teachingController();
    controller.enqueue([
      { id: 'al', kind: 'teaching', config: short(defaultTeachingConfig('fonseca-fleming', 'chebyshev-al')) },
      { id: 'psl', kind: 'teaching', config: short(defaultTeachingConfig('fonseca-fleming', 'psl')) },
    ]);
    expect(controller.answerer('psl')).toBeNull(); // queued
    controller.startQueue();
    // Ask between the model's steps, as the lab does while it trains.
    const answers: number[][][] = [];
    while (!messages.some((m) => m.kind === 'run-finished' && m.runId === 'psl')) {
      expect(controller.answerer('al')).toBeNull(); // not a model
      const ask = controller.answerer('psl');
      if (ask) answers.push(await ask([[0.9, 0.1], [0.1, 0.9]]));
      await new Promise((r) => setTimeout(r, 0));
    }
    await controller.idle();
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.flat(2).every(Number.isFinite)).toBe(true);
    expect(controller.answerer('psl')).toBeNull(); // ended
    const finished = messages.find((m): m is Extract<WorkerMessage, { kind: 'run-finished' }> => m.kind === 'run-finished' && m.runId === 'psl');
    if (finished?.result.kind !== 'teaching') throw new Error('no teaching result');
    expect(finished.result.method).toBe('psl');
    expect(finished.result.paretoSet?.preferences).toHaveLength(101);
    expect(finished.result.paretoSet?.model.length).toBeGreaterThan(1000);
  });

  it("trains a lab sweep's runs of one method at once, each as alone; a method that does not stack, and another method, one at a time", async () => {
    const before = tf.memory().numTensors;
    const config = (method: 'chebyshev-al' | 'linear' | 'mgda', preference: number[]) => short({ ...defaultTeachingConfig('fonseca-fleming', method), preference });
    const requests = [
      ...[[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]].map((k, i) => ({ id: `al${i}`, kind: 'teaching' as const, config: config('chebyshev-al', k) })),
      { id: 'linear', kind: 'teaching' as const, config: config('linear', [0.5, 0.5]) },
      ...[[0.3, 0.7], [0.7, 0.3]].map((k, i) => ({ id: `mgda${i}`, kind: 'teaching' as const, config: config('mgda', k) })),
    ];
    const stacked = teachingController(true);
    stacked.controller.enqueue(requests);
    stacked.controller.startQueue();
    // Re-targeted between two steps of the stack, run al1 takes its new preference from there, as alone.
    while (!stacked.messages.some((m) => m.kind === 'steps' && m.runId === 'al1')) await new Promise((r) => setTimeout(r, 0));
    stacked.controller.setPreference('al1', [0.4, 0.6]);
    await stacked.controller.idle();
    const finished = (messages: WorkerMessage[]) => messages.filter((m): m is Extract<WorkerMessage, { kind: 'run-finished' }> => m.kind === 'run-finished');
    const results = finished(stacked.messages);
    expect(results.map((m) => m.runId)).toEqual(requests.map((r) => r.id));
    expect(results.map((m) => m.result.runsAtOnce)).toEqual([3, 3, 3, undefined, undefined, undefined]);
    const retargetedAt = stacked.messages.find((m) => m.kind === 'retargeted' && m.runId === 'al1');
    if (retargetedAt?.kind !== 'retargeted') throw new Error('al1 was not re-targeted');
    // The same runs one at a time, al1 re-targeted at the same step.
    const alone = teachingController();
    alone.controller.enqueue(requests);
    alone.controller.startQueue();
    while (!alone.messages.some((m) => m.kind === 'steps' && m.runId === 'al1')) await new Promise((r) => setTimeout(r, 0));
    alone.controller.setPreference('al1', [0.4, 0.6]);
    await alone.controller.idle();
    expect(alone.messages.find((m) => m.kind === 'retargeted' && m.runId === 'al1')).toEqual(retargetedAt);
    const own = finished(alone.messages);
    results.forEach((m, i) => {
      const [a, b] = [m.result, own[i].result];
      if (a.kind !== 'teaching' || b.kind !== 'teaching') throw new Error('a teaching run gave a network result');
      a.objectives.forEach((f, j) => expect(f).toBeCloseTo(b.objectives[j], 5));
      expect(a.steps).toBe(20);
      expect(a.exactFront).toEqual(b.exactFront);
    });
    for (const id of ['al0', 'al1', 'al2']) {
      const steps = stacked.messages.filter((m): m is Extract<WorkerMessage, { kind: 'steps' }> => m.kind === 'steps' && m.runId === id);
      expect(steps.reduce((n, m) => n + packedCount(m.data, 2, m.method), 0)).toBe(20);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains at most the runs at once the page asked for (the link\'s atOnce): 1 is one at a time', async () => {
    const requests = [[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]].map((k, i) => ({ id: `r${i}`, kind: 'teaching' as const, config: short({ ...defaultTeachingConfig('fonseca-fleming', 'linear'), preference: k }) }));
    for (const [atOnce, together] of [
      [2, [2, 2, undefined]],
      [1, [undefined, undefined, undefined]],
    ] as const) {
      const { messages, controller } = teachingController(true, atOnce);
      controller.enqueue(requests);
      controller.startQueue();
      await controller.idle();
      expect(messages.flatMap((m) => (m.kind === 'run-finished' ? [m.result.runsAtOnce] : []))).toEqual(together);
    }
  });
});
