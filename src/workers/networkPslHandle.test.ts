/**
 * A network Pareto set model behind the TrainerHandle, driven by the real RunController: readings and epochs like any
 * network run, a result with the model's task and sparsity curves, answers while it trains and after it finished
 * (kept, then let go), and no tensor left behind.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import '../engine/node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type TrainerConfig } from '../experiment/config';
import { syntheticDataset } from '../engine/testing/syntheticData';
import type { NetworkResult } from '../engine/readings';
import type { WorkerMessage } from './protocol';
import { RunController } from './runController';
import { KEPT_MODELS } from './keptModels';
import { NetworkPslHandle } from './networkPslHandle';
import { NetworkPslTrainer } from '../engine/psl/network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = syntheticDataset({ train: 64, val: 32, test: 32 });

/** A tiny PSL run: 64 images, batches of 16, 1 + 1 sparse epochs → 3 epochs of PSL (1.5×, rounded). */
function pslConfig(preference = [0.3, 0.5, 0.2], seed = 1): TrainerConfig {
  const base = defaultConfig({ network: 'hps', method: 'psl', budget: 'tiny' }, preference);
  return { ...base, seed, trainSubset: 64, initialization: 'glorot-he' };
}

function pslController() {
  const messages: WorkerMessage[] = [];
  const controller = new RunController({
    createTrainer: async (config) => new NetworkPslHandle(config, data),
    backend: () => 'cpu',
    post: (m) => messages.push(m),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  });
  return { messages, controller };
}

function resultOf(messages: WorkerMessage[], runId: string): NetworkResult {
  const finished = messages.find((m) => m.kind === 'run-finished' && m.runId === runId);
  if (finished?.kind !== 'run-finished' || finished.result.kind !== 'network') throw new Error(`run ${runId} did not finish`);
  return finished.result;
}

describe('NetworkPslHandle', () => {
  it('trains like a network run and finishes with the model at k and its curves through k', async () => {
    const { messages, controller } = pslController();
    controller.run({ id: 'p1', config: pslConfig() });
    await controller.idle();
    const started = messages.find((m) => m.kind === 'run-started');
    expect(started).toMatchObject({ totalSteps: 12, sparse: true });
    const epochs = messages.filter((m) => m.kind === 'epoch');
    expect(epochs.map((m) => (m.kind === 'epoch' ? [m.reading.epoch, m.reading.globalStep] : []))).toEqual([
      [0, 4],
      [1, 8],
      [2, 12],
    ]);
    const result = resultOf(messages, 'p1');
    expect(result.method).toBe('psl');
    expect(result.steps).toBe(12);
    expect(result.test.accuracy).toHaveLength(2);
    const set = result.paretoSet;
    if (!set) throw new Error('no Pareto set in the result');
    expect(set.task).toHaveLength(11);
    expect(set.task.every((p) => p.preference[0] === 0.3)).toBe(true);
    expect(set.sparsity.map((p) => p.preference[0])).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    // k₀ moves the model along the sparsity axis, monotonically, from a dense model.
    const rates = set.sparsity.map((p) => p.sparsityRate);
    expect(rates[0]).toBe(0);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
    expect(rates[rates.length - 1]).toBeGreaterThan(0);
    // The result's point is the model at k: the sparsity curve's k₀ = 0.3 point is the same model.
    expect(set.sparsity[3].test.nll[0]).toBeCloseTo(result.test.nll[0], 5);
    const finished = messages.find((m) => m.kind === 'run-finished');
    expect(finished?.kind === 'run-finished' && finished.kernels?.length).toBeGreaterThan(0);
    controller.release(['p1']);
  });

  it('answers while it trains and after it finished, then lets go of its model; no tensor left', async () => {
    const before = tf.memory().numTensors;
    const { messages, controller } = pslController();
    controller.pause();
    controller.run({ id: 'p1', config: pslConfig() });
    controller.pause();
    controller.step();
    while (!messages.some((m) => m.kind === 'steps')) await new Promise((r) => setTimeout(r, 1));
    const ask = controller.evaluator('p1');
    if (!ask) throw new Error('a loaded PSL run has no evaluator');
    const [during, duringTest] = await ask([0, 0.5, 0.5], [{ split: 'val', examples: 16 }, { split: 'test' }]);
    expect(during.examples).toBe(16);
    expect(duringTest.examples).toBe(32);
    expect(during.nll.every(Number.isFinite)).toBe(true);
    controller.resume();
    await controller.idle();
    const result = resultOf(messages, 'p1');
    const after = controller.evaluator('p1');
    if (!after) throw new Error('a finished PSL run was not kept');
    const [again] = await after([0.3, 0.5, 0.2], [{ split: 'test' }]);
    expect(again.nll).toEqual(result.test.nll);
    for (let i = 0; i < 10; i++) await after([i / 20, 0.5, 0.5 - i / 20], [{ split: 'val' }]);
    // The newest KEPT_MODELS finished models stay; an older one is let go.
    for (let r = 2; r <= KEPT_MODELS + 1; r++) {
      controller.run({ id: `p${r}`, config: pslConfig([0.1, 0.45, 0.45], r) });
      await controller.idle();
    }
    expect(controller.evaluator('p1')).toBeNull();
    expect(controller.evaluator(`p${KEPT_MODELS + 1}`)).not.toBeNull();
    controller.release(Array.from({ length: KEPT_MODELS + 1 }, (_, i) => `p${i + 1}`));
    expect(controller.evaluator(`p${KEPT_MODELS + 1}`)).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(tf.memory().numTensors).toBe(before);
  });

  it("sends its model's every value with the result; a handle rebuilt from them answers as the trained one did", async () => {
    const { messages, controller } = pslController();
    controller.run({ id: 'p1', config: pslConfig() });
    await controller.idle();
    const finished = messages.find((m) => m.kind === 'run-finished');
    if (finished?.kind !== 'run-finished' || !finished.model) throw new Error('no model with the result');
    expect(finished.model.map((t) => t.name)).toContain('psl.film.w1');
    expect(finished.model[0].name).toBe('shared.conv1.kernel');
    expect(finished.model.every((t) => t.values.length === t.shape.reduce((a, b) => a * b, 1))).toBe(true);
    const [trained] = (await controller.evaluator('p1')?.([0.4, 0.1, 0.5], [{ split: 'test' }])) ?? [];
    controller.release(['p1']);
    await new Promise((r) => setTimeout(r, 10));
    const before = tf.memory().numTensors;
    const rebuilt = new NetworkPslHandle(pslConfig(), data, finished.model);
    const [again] = await rebuilt.evaluateAt([0.4, 0.1, 0.5], [{ split: 'test' }]);
    expect(again.nll).toEqual(trained?.nll);
    expect(again.rows).toEqual(trained?.rows);
    rebuilt.dispose();
    await new Promise((r) => setTimeout(r, 10));
    expect(tf.memory().numTensors).toBe(before);
    const wrong = finished.model.map((t, i) => (i === 0 ? { ...t, shape: [1], values: new Float32Array([1]) } : t));
    expect(() => new NetworkPslHandle(pslConfig(), data, wrong)).toThrow(/tensor 0 \(shared\.conv1\.kernel\) must have shape/);
    expect(() => new NetworkPslHandle({ ...pslConfig(), network: 'mdmtn' }, data, finished.model)).toThrow(/tensors, not|must have shape/);
    await new Promise((r) => setTimeout(r, 10));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes turns: a question asked during a step is answered after it, and dispose waits for the question in progress', async () => {
    const before = tf.memory().numTensors;
    const handle = new NetworkPslHandle(pslConfig(), data);
    const order: string[] = [];
    const stepping = handle.step().then(() => order.push('step'));
    const asking = handle.evaluateAt([0.2, 0.4, 0.4], [{ split: 'val' }]).then(([e]) => {
      order.push('answer');
      return e;
    });
    await Promise.all([stepping, asking]);
    expect(order).toEqual(['step', 'answer']);
    // Disposed while a question is out: the question is answered from the live model, then the model goes.
    const late = handle.evaluateAt([0.1, 0.45, 0.45], [{ split: 'test' }]);
    handle.dispose();
    const [answer] = await late;
    expect(answer.nll.every(Number.isFinite)).toBe(true);
    await expect(handle.evaluateAt([0.1, 0.45, 0.45], [{ split: 'test' }])).rejects.toThrow(/no longer loaded/);
    await new Promise((r) => setTimeout(r, 10));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an invalid preference, and the same seed trains the same model', async () => {
    const handle = new NetworkPslHandle(pslConfig(), data);
    expect(() => handle.setPreference([0.5, 0.6, 0.1])).toThrow(/sum to 1/);
    const results: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const { messages, controller } = pslController();
      controller.run({ id: `s${i}`, config: pslConfig() });
      await controller.idle();
      results.push(resultOf(messages, `s${i}`).test.nll);
      controller.release([`s${i}`]);
    }
    expect(results[0]).toEqual(results[1]);
    handle.dispose();
  });

  it('a model that blows up while staying finite fails as diverged at its first epoch end, as a network run does', async () => {
    const before = tf.memory().numTensors;
    const { messages, controller } = pslController();
    controller.run({ id: 'p9', config: { ...pslConfig(), learningRate: 10 } });
    await controller.idle();
    const failed = messages.find((m) => m.kind === 'run-failed');
    expect(failed?.kind === 'run-failed' && failed.step).toBe(4);
    expect(failed?.kind === 'run-failed' && failed.message).toMatch(/^Pareto set model diverged by step 4: at k = \(0\.3, 0\.5, 0\.2\), task \d .* more than 10× that of guessing/);
    expect(messages.some((m) => m.kind === 'run-finished')).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a model blown up away from k (its training batches, at the preferences they drew) fails too, though fine at k', async () => {
    // The steps' task NLLs as a model blown up at the batches' preferences would read them; its weights, and with them
    // the model at k, stay those of a healthy run (hard to make on purpose: at k and away from k share every weight).
    const original = NetworkPslTrainer.prototype.step;
    const step = vi.spyOn(NetworkPslTrainer.prototype, 'step').mockImplementation(async function (this: NetworkPslTrainer) {
      const result = await original.call(this);
      return { ...result, step: { ...result.step, objectives: result.step.objectives.map((v, i) => (i === 2 ? 100 * Math.max(v, 1) : v)) } };
    });
    try {
      const { messages, controller } = pslController();
      controller.run({ id: 'p10', config: pslConfig() });
      await controller.idle();
      const failed = messages.find((m) => m.kind === 'run-failed');
      expect(failed?.kind === 'run-failed' && failed.message).toMatch(
        /^Pareto set model diverged by step 4: task 2 .*has a mean training NLL \(over the epoch's batches, at the preferences they drew\) of [\d.e+]+, more than 10× that of guessing/,
      );
      expect(messages.filter((m) => m.kind === 'epoch')).toHaveLength(0);
    } finally {
      step.mockRestore();
    }
  });
});
