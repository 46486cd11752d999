/**
 * The Trainer's data side: subsets of the splits, the seeded (optionally rotated) training batches, and the
 * re-estimation of batch-norm statistics after the weights were changed outside the optimiser.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeBatch, disposeBatch, type Batch } from './batches';
import { StatisticsUpdate } from './batchNorm';
import { rotateImages, rotationAngles } from './data/augment';
import type { Dataset, Split } from './data/dataset';
import type { MultiTaskNetwork } from './models';
import { Rng } from './random';

/** The first n examples of a split (a view; null or n ≥ count keeps the whole split). */
export function subset(split: Split, n: number | null): Split {
  if (n === null || n >= split.count) return split;
  const [h, w, c] = split.imageShape;
  return {
    ...split,
    count: n,
    images: split.images.subarray(0, n * h * w * c),
    labels: split.labels.subarray(0, n * split.numTasks),
  };
}

export interface TrainingBatchOptions {
  seed: number;
  batchSize: number;
  /** Maximum rotation in degrees (0 = none). */
  augmentRotation: number;
}

/** Seeded epochs of training batches: a fresh permutation per epoch, rotated images when asked for. */
export class TrainingBatches {
  readonly split: Split;
  readonly batchesPerEpoch: number;
  private order: Int32Array | null = null;
  private augmentRng: Rng | null = null;
  private readonly scratch: Uint8Array;

  constructor(
    split: Split,
    private readonly dataset: Dataset,
    private readonly options: TrainingBatchOptions,
  ) {
    this.split = split;
    this.batchesPerEpoch = Math.ceil(split.count / options.batchSize);
    const [h, w, c] = split.imageShape;
    this.scratch = new Uint8Array(h * w * c);
  }

  /** Starts epoch `epochIndex` (counted over the whole run): same seed and index → same batches. */
  startEpoch(epochIndex: number): void {
    this.order = new Rng(this.options.seed).fork(1000 + epochIndex).permutation(this.split.count);
    this.augmentRng = this.options.augmentRotation > 0 ? new Rng(this.options.seed).fork(2_000_000 + epochIndex) : null;
  }

  /** Batch `index` of the current epoch (batches must be taken in order for the rotations to be reproducible). */
  batch(index: number): Batch {
    const { batchSize, augmentRotation } = this.options;
    const start = index * batchSize;
    const count = Math.min(batchSize, this.split.count - start);
    const rng = this.augmentRng;
    const [h, w, c] = this.split.imageShape;
    const augment = rng ? (images: Uint8Array) => rotateImages(images, h, w, c, rotationAngles(rng, count, augmentRotation), this.scratch) : undefined;
    return makeBatch(this.split, this.dataset, this.order, start, count, augment);
  }
}

/** Batches of the training split used to re-estimate batch-norm statistics. */
export const RECALIBRATION_BATCHES = 8;

/**
 * Re-estimates every batch normalisation's running statistics as the plain average of the batch statistics over
 * the first `batches` training batches (stored order, no augmentation, forward passes only). For use after the
 * weights changed outside the optimiser (per-epoch prox, row tying, iterate averaging): the running averages
 * then describe the old weights, and the next evaluation would normalise with the wrong statistics. A network
 * without batch normalisation is left alone.
 */
export function recalibrateBatchNorm(network: MultiTaskNetwork, split: Split, dataset: Dataset, batchSize: number, batches = RECALIBRATION_BATCHES): void {
  if (!network.hasBatchNorm) return;
  const n = Math.min(batches, Math.ceil(split.count / batchSize));
  for (let b = 0; b < n; b++) {
    const count = Math.min(batchSize, split.count - b * batchSize);
    const batch = makeBatch(split, dataset, null, b * batchSize, count);
    // Momentum 1/(b+1): after batch b the running value is the mean of the b+1 batch values.
    tf.tidy(() => {
      network.forward(batch.x, { mode: 'train', update: new StatisticsUpdate(1 / (b + 1)) });
    });
    disposeBatch(batch);
  }
}
