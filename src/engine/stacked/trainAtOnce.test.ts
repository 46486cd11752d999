/**
 * Runs at once to their end: a run that diverges fails alone, the others start again without it and finish as they
 * would alone (cpu: bit for bit).
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type TrainerConfig } from '../../experiment/config';
import { syntheticDataset } from '../testing/syntheticData';
import { Trainer } from '../trainer';
import { divergingSecondRun } from '../testing/divergingStack';
import { trainAtOnce } from './trainAtOnce';
import { untimed } from '../testing/untimed';

const data = syntheticDataset({ train: 16, val: 8, test: 8 });
const configs: TrainerConfig[] = [
  [0.2, 0.4, 0.4],
  [0.5, 0.1, 0.4],
  [0.05, 0.75, 0.2],
].map((k) => ({ ...defaultConfig({ network: 'hps', recipe: 'graded' }, k), batchSize: 8, evalBatchSize: 8, searchIterations: 1, retrainIterations: 1, innerEpochs: 2, retrainInnerEpochs: 1, minSparsity: 0 }));

async function alone(config: TrainerConfig) {
  const trainer = new Trainer(config, data);
  try {
    await trainer.runToEnd();
    return await trainer.finalResult();
  } finally {
    trainer.dispose();
  }
}

describe('trainAtOnce', () => {
  it('a run that diverges fails alone; the others start again without it and finish as alone', async () => {
    await tf.setBackend('cpu');
    const stacks = divergingSecondRun();
    const failures: [number, string, number, readonly number[]][] = [];
    const before = tf.memory().numTensors;
    const outcomes = await trainAtOnce(configs, data, { onFailure: (run, message, step, others) => failures.push([run, message, step, others]) }, 'cpu', stacks.create);
    expect(tf.memory().numTensors).toBe(before);
    expect(stacks.made).toBe(2);
    expect(failures.map(([run, message, step, others]) => [run, message.split(':')[0], step, others])).toEqual([[1, 'training diverged at step 1', 1, [0, 2]]]);
    expect(outcomes[1]).toMatchObject({ kind: 'failed', step: 1 });
    for (const k of [0, 2]) {
      const outcome = outcomes[k];
      if (outcome.kind !== 'finished') throw new Error(`run ${k} did not finish`);
      const { runsAtOnce, ...result } = untimed(outcome.result);
      expect(runsAtOnce).toBe(2);
      expect(result).toEqual(untimed(await alone(configs[k])));
      expect(outcome.epochs.length).toBe(3);
    }
  }, 120_000);
});
