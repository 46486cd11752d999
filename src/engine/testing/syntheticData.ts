/**
 * A small, learnable stand-in for MultiMNIST for tests and benchmarks that must not depend on prepared data:
 * 28×28 uint8 images whose left label d draws a bright 4×4 block at column 2·d of the top band and whose
 * right label draws one in the bottom band, plus seeded noise. The Cifar10Mnist stand-in: the same on 32×32 RGB
 * images, the first label's block in the red channel, the second's in the blue.
 */
import type { Dataset, Split } from '../data/dataset';
import { Rng } from '../random';

function makeSplit(count: number, rng: Rng, size = 28, channels = 1): Split {
  const images = new Uint8Array(count * size * size * channels);
  const labels = new Uint8Array(count * 2);
  for (let i = 0; i < count; i++) {
    const left = rng.int(10);
    const right = rng.int(10);
    labels[2 * i] = left;
    labels[2 * i + 1] = right;
    const base = i * size * size * channels;
    for (let p = 0; p < size * size * channels; p++) images[base + p] = rng.int(40);
    const block = (row: number, col: number, channel: number) => {
      for (let y = row; y < row + 4; y++) for (let x = col; x < col + 4; x++) images[base + (y * size + x) * channels + channel] = 255;
    };
    block(3, 2 * left + 1, 0);
    block(20, 2 * right + 3, channels - 1);
  }
  return { count, images, labels, imageShape: [size, size, channels], numTasks: 2 };
}

export function syntheticDataset(counts: { train: number; val: number; test: number }, seed = 1): Dataset {
  const rng = new Rng(seed);
  return {
    name: 'synthetic',
    train: makeSplit(counts.train, rng),
    val: makeSplit(counts.val, rng),
    test: makeSplit(counts.test, rng),
    mean: [0.1307],
    std: [0.3081],
    classes: [10, 10],
    tasks: ['left block', 'right block'],
  };
}

/** The Cifar10Mnist stand-in: 32×32×3 images (the networks with batch normalisation read them). */
export function syntheticCifar10MnistDataset(counts: { train: number; val: number; test: number }, seed = 1): Dataset {
  const rng = new Rng(seed);
  return {
    name: 'synthetic-cifar10mnist',
    train: makeSplit(counts.train, rng, 32, 3),
    val: makeSplit(counts.val, rng, 32, 3),
    test: makeSplit(counts.test, rng, 32, 3),
    mean: [0.2, 0.2, 0.2],
    std: [0.3, 0.3, 0.3],
    classes: [10, 10],
    tasks: ['red block', 'blue block'],
  };
}
