/**
 * K runs at once (src/engine/stacked/stackedTrainer.ts): the wall time of StackedTrainer.step() for K runs — the
 * step workload's config (step.ts: synthetic MultiMNIST, PHR, seed 1) at K preference vectors — against
 * Trainer.step() of one of them alone, measured in the same process. A step includes everything a run's step does:
 * the pass, Adam, the method's readback and the per-step prox (SPEC's recipe applies it after every step; 'held' only
 * holds zero rows, which no step has before an epoch closed). No epoch closes in a timed step. On a GPU, K runs should
 * take about the time of one (issue 16's target: K = 8 at batch 256 in at most 2× one run's step).
 */
import { defaultConfig, type TrainerConfig } from '../../src/experiment/config';
import type { ProblemName, SparseRecipe } from '../../src/experiment/choices';
import type { Dataset } from '../../src/engine/data/dataset';
import { StackedTrainer } from '../../src/engine/stacked/stackedTrainer';
import { syntheticCifar10MnistDataset, syntheticDataset } from '../../src/engine/testing/syntheticData';
import { Trainer } from '../../src/engine/trainer';
import { summarize, type Summary } from '../lib/format';
import { countDispatches } from './dispatches';
import type { NetName } from './step';

export interface StackedStepsWorkload {
  /** Absent: MultiMNIST. Cifar10Mnist's networks have batch normalisation. */
  problem?: ProblemName;
  net: NetName;
  recipe: SparseRecipe;
  batch: number;
  warmup: number;
  steps: number;
}

export interface StepTiming {
  /** Runs stepped together (1 with `alone`: a Trainer, not a StackedTrainer). */
  runs: number;
  alone: boolean;
  summary: Summary;
  /** GPU programs per step (webgpu, webgl), absent elsewhere. */
  dispatchesPerStep?: number;
}

/** K preference vectors of the paper study's k₀, the tasks' split spread from 0.2 to 0.8. */
export function spreadPreferences(runs: number): number[][] {
  return Array.from({ length: runs }, (_, i) => {
    const w = runs === 1 ? 0.5 : 0.2 + (0.6 * i) / (runs - 1);
    return [0.001, w * 0.999, (1 - w) * 0.999];
  });
}

type Shape = Pick<StackedStepsWorkload, 'problem' | 'net' | 'recipe' | 'batch'>;

function configsOf(workload: Shape, runs: number): TrainerConfig[] {
  const problem = workload.problem ?? 'multimnist';
  return spreadPreferences(runs).map((k) => ({ ...defaultConfig({ problem, network: workload.net, recipe: workload.recipe }, k), batchSize: workload.batch }));
}

/** Synthetic data of the workload's problem, `batches` training batches. */
function dataOf(workload: Shape, batches: number): Dataset {
  const counts = { train: workload.batch * batches, val: 8, test: 8 };
  return workload.problem === 'cifar10mnist' ? syntheticCifar10MnistDataset(counts) : syntheticDataset(counts);
}

async function timeSteps(step: () => Promise<unknown>, workload: StackedStepsWorkload): Promise<{ summary: Summary; dispatchesPerStep?: number }> {
  for (let i = 0; i < workload.warmup; i++) await step();
  const dispatches = countDispatches();
  const times: number[] = [];
  try {
    for (let i = 0; i < workload.steps; i++) {
      const started = performance.now();
      await step();
      times.push(performance.now() - started);
    }
    const count = dispatches.count;
    return { summary: summarize(times), ...(count !== null ? { dispatchesPerStep: count / workload.steps } : {}) };
  } finally {
    dispatches.restore();
  }
}

/** A StackedTrainer of `runs` runs on synthetic data of `batches` training batches. */
export function stackedStepTrainer(workload: Shape, runs: number, batches: number): StackedTrainer {
  return new StackedTrainer(configsOf(workload, runs), dataOf(workload, batches));
}

/** `runs` runs stepped together, or (alone) the first of them by its own Trainer. The backend is the caller's. */
export async function timeStackedSteps(workload: StackedStepsWorkload, runs: number, alone = false): Promise<StepTiming> {
  // One spare batch: the epoch (and with it a validation pass) closes only after the last one.
  const batches = workload.warmup + workload.steps + 1;
  const trainer = alone ? new Trainer(configsOf(workload, 1)[0], dataOf(workload, batches)) : stackedStepTrainer(workload, runs, batches);
  try {
    const timing = await timeSteps(() => trainer.step(), workload);
    return { runs, alone, ...timing };
  } finally {
    trainer.dispose();
  }
}
