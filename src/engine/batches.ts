/**
 * Turning a prepared split into TF.js batches, and evaluating a network on a split.
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeBatch, type Dataset, type Split } from './data/dataset';
import { accuracyAndNll } from './metrics';
import type { TaskScores } from './readings';

export interface Batch {
  /** Normalised images [N, h, w, c]. */
  x: tf.Tensor4D;
  /** One-hot labels [N, classes_t] per task. */
  labels: tf.Tensor2D[];
  /** Integer labels per task (for scoring on the CPU). */
  labelValues: Uint8Array[];
  size: number;
}

/**
 * Builds the batch of examples order[start .. start+count) of a split. The caller owns the tensors
 * (disposeBatch). Gathering copies raw uint8 rows; normalisation then runs once over the gathered block.
 * `augment`, when given, may change the gathered uint8 images (count × h × w × c) in place before
 * normalisation; it never sees the split's own memory.
 */
export function makeBatch(
  split: Split,
  dataset: Dataset,
  order: ArrayLike<number> | null,
  start: number,
  count: number,
  augment?: (images: Uint8Array) => void,
): Batch {
  const [h, w, c] = split.imageShape;
  const pixels = h * w * c;
  const tasks = split.numTasks;
  let raw: Uint8Array;
  const labelValues = Array.from({ length: tasks }, () => new Uint8Array(count));
  if (order === null) {
    raw = split.images.subarray(start * pixels, (start + count) * pixels);
    for (let i = 0; i < count; i++) for (let t = 0; t < tasks; t++) labelValues[t][i] = split.labels[(start + i) * tasks + t];
  } else {
    raw = new Uint8Array(count * pixels);
    for (let i = 0; i < count; i++) {
      const index = order[start + i];
      raw.set(split.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
      for (let t = 0; t < tasks; t++) labelValues[t][i] = split.labels[index * tasks + t];
    }
  }
  if (augment) {
    if (order === null) raw = raw.slice();
    augment(raw);
  }
  const values = normalizeBatch(raw, 0, count, pixels, dataset.mean, dataset.std);
  const x = tf.tensor4d(values, [count, h, w, c]);
  const labels = labelValues.map((lv, t) => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(lv), 'int32'), dataset.classes[t]), 'float32') as tf.Tensor2D));
  return { x, labels, labelValues, size: count };
}

export function disposeBatch(batch: Batch): void {
  batch.x.dispose();
  batch.labels.forEach((l) => l.dispose());
}

/** Per-task accuracy and mean NLL of a forward function over a whole split, in batches. */
export async function evaluateSplit(
  forward: (x: tf.Tensor4D) => tf.Tensor2D[],
  split: Split,
  dataset: Dataset,
  batchSize: number,
): Promise<TaskScores> {
  const tasks = split.numTasks;
  const correct = new Array<number>(tasks).fill(0);
  const nllSum = new Array<number>(tasks).fill(0);
  for (let start = 0; start < split.count; start += batchSize) {
    const count = Math.min(batchSize, split.count - start);
    const batch = makeBatch(split, dataset, null, start, count);
    const outputs = tf.tidy(() => forward(batch.x));
    try {
      const values = await Promise.all(outputs.map((o) => o.data()));
      for (let t = 0; t < tasks; t++) {
        const score = accuracyAndNll(values[t] as Float32Array, batch.labelValues[t], dataset.classes[t]);
        correct[t] += score.correct;
        nllSum[t] += score.nll * count;
      }
    } finally {
      outputs.forEach((o) => o.dispose());
      disposeBatch(batch);
    }
  }
  return {
    accuracy: correct.map((c) => (100 * c) / split.count),
    nll: nllSum.map((s) => s / split.count),
  };
}
