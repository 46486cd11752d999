/**
 * K runs at once on webgpu (Dawn in Node; SwiftShader without a GPU: testing/webgpu.ts): each run as alone up to
 * float32 rounding, the WGSL kernels alone and the stacked ops together; the device tie; Cifar10Mnist's batch
 * normalisation over the K networks' channels. Its own file, apart from the cpu tests (stackedTrainer.test.ts): the
 * suite's longest on SwiftShader, which one test worker runs while the other runs the rest.
 */
import { describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../../experiment/config';
import type { Dataset } from '../data/dataset';
import { syntheticCifar10MnistDataset } from '../testing/syntheticData';
import { webgpuForTests, webgpuSuiteName } from '../testing/webgpu';
import { alone, expectCloseRun, tinyConfigs, tinyData, together, type RunRecord } from '../testing/stackedRuns';

const webgpu = await webgpuForTests();

describe.skipIf(!webgpu.ok)(webgpuSuiteName('K runs at once on webgpu', webgpu), () => {
  /** Each run alone, then all together (leaving no tensor): every run as alone up to float32 rounding. The runs alone. */
  async function expectStackedAsAlone(configs: TrainerConfig[], dataset: Dataset = tinyData): Promise<RunRecord[]> {
    const own: RunRecord[] = [];
    for (const config of configs) own.push(await alone(config, dataset));
    const before = tf.memory().numTensors;
    const stacked = await together(configs, dataset);
    expect(tf.memory().numTensors).toBe(before);
    stacked.forEach((record, k) => expectCloseRun(record, own[k], 1e-4, `run ${k + 1}`));
    return own;
  }

  it('each run as alone (the WGSL kernels alone, the stacked ops together), up to float32 rounding', async () => {
    await tf.setBackend('webgpu');
    const configs = tinyConfigs({ recipe: 'paper' }, { proxScale: 2e5, searchIterations: 1, innerEpochs: 1, retrainInnerEpochs: 1 }).slice(0, 2);
    await expectStackedAsAlone(configs);
  }, 180_000);

  it('graded: rows tied on the stack after every retraining step (the device tie), each run as alone up to float32 rounding', async () => {
    await tf.setBackend('webgpu');
    // Two steps a retraining epoch: the first one's tie acts on the stacked kernels (stackedHooks.ts), the second's at the epoch's end on the runs' own.
    // An affinity preference of 0 on these barely trained rows: clusters of several rows, so the tie moves them.
    const configs = tinyConfigs({ recipe: 'graded' }, { proxScale: 2e5, apPreference: 0, searchIterations: 1, innerEpochs: 1, retrainInnerEpochs: 1 }).slice(0, 2);
    const own = await expectStackedAsAlone(configs);
    expect(own.some((record) => record.result.clusters.some((c) => c.clusters < c.rows - c.zeroRows)), 'some rows share a cluster').toBe(true);
  }, 180_000);

  it('Cifar10Mnist: batch normalisation over the K networks\' channels, each run as alone up to float32 rounding', async () => {
    await tf.setBackend('webgpu');
    // One step an epoch: SwiftShader compiles and runs the 32×32×3 networks' shaders on the CPU. SPEC's recipe, no
    // LSUV: its forward passes and reads, a layer at a time, are a third of a run there (the graded test above has it).
    const cifar = syntheticCifar10MnistDataset({ train: 8, val: 8, test: 8 });
    const configs = tinyConfigs({ problem: 'cifar10mnist', recipe: 'paper' }, { proxScale: 2e5, searchIterations: 1, retrainIterations: 1, innerEpochs: 1, retrainInnerEpochs: 1 }).slice(0, 2);
    await expectStackedAsAlone(configs, cifar);
    // About 2 minutes alone on 2 cores, more beside the other suites: a limit for a hang, not a timing.
  }, 420_000);
});
