import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import {
  CIFAR10MNIST,
  asciiArtRgb,
  blendDigit,
  buildCifar10Mnist,
  buildCifar10MnistSplits,
  channelStats,
  parseCifarLabels,
  resizeDigit,
  spriteToImages,
  type LabelledSet,
} from './cifar10mnist';
import { bilinearResize } from './multimnist';

const IMG = 32 * 32 * 3;
const DIG = 28 * 28;

/** n random CIFAR-like images, labels = index mod 256 so outputs reveal their source. */
function randomCifar(n: number, seed: number): LabelledSet {
  const rng = new Rng(seed);
  return { images: Uint8Array.from({ length: n * IMG }, () => rng.int(256)), labels: Uint8Array.from({ length: n }, (_, i) => i % 256) };
}

/** n random sparse digits; labels = (index + 100) mod 256. */
function randomDigits(n: number, seed: number): LabelledSet {
  const rng = new Rng(seed);
  return { images: Uint8Array.from({ length: n * DIG }, () => (rng.next() < 0.2 ? 1 + rng.int(255) : 0)), labels: Uint8Array.from({ length: n }, (_, i) => (i + 100) % 256) };
}

describe('spriteToImages', () => {
  it('keeps RGB rows as channels-last images and drops alpha from RGBA', () => {
    const rgb = Uint8Array.from({ length: 2 * 1024 * 3 }, (_, k) => k % 251);
    expect(spriteToImages(rgb, 1024, 2, 3)).toEqual(rgb);
    const rgba = new Uint8Array(2 * 1024 * 4);
    for (let p = 0; p < 2 * 1024; p++) rgba.set([rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2], 255], 4 * p);
    expect(spriteToImages(rgba, 1024, 2, 4)).toEqual(rgb);
  });

  it('rejects other layouts', () => {
    expect(() => spriteToImages(new Uint8Array(32 * 3), 32, 1, 3)).toThrow(/1024 pixels wide/);
    expect(() => spriteToImages(new Uint8Array(1024), 1024, 1, 1)).toThrow(/RGB or RGBA/);
    expect(() => spriteToImages(new Uint8Array(10), 1024, 1, 3)).toThrow(/has 10 values/);
  });
});

describe('parseCifarLabels', () => {
  it('parses a JSON array of 0..9 and checks length and values', () => {
    expect(Array.from(parseCifarLabels('[6,9,0]', 3))).toEqual([6, 9, 0]);
    expect(() => parseCifarLabels('[6,9]', 3, 'x.json')).toThrow(/x.json: expected 3 labels, got 2/);
    expect(() => parseCifarLabels('[6,10,1]', 3)).toThrow(/label 1 is 10/);
    expect(() => parseCifarLabels('[6,1.5,1]', 3)).toThrow(/label 1 is 1.5/);
    expect(() => parseCifarLabels('{"a":1}', 1)).toThrow(/JSON array/);
    expect(() => parseCifarLabels('[1,', 1)).toThrow(/not valid JSON/);
  });
});

describe('blendDigit', () => {
  it('is round((1 − 128/255)·c + (128/255)·d) for every c and every d > 0, and keeps c where d = 0', () => {
    const cifar = new Uint8Array(IMG);
    const d = new Uint8Array(1024);
    const alpha = 128 / 255;
    const bad: string[] = [];
    for (let c = 0; c < 256; c++) {
      // Pixel p gets digit value p mod 256 (0 included): one call covers every digit value for this c.
      for (let p = 0; p < 1024; p++) {
        d[p] = p % 256;
        cifar.fill(c, 3 * p, 3 * p + 3);
      }
      const out = blendDigit(cifar, d);
      for (let k = 0; k < IMG; k++) {
        const v = d[Math.floor(k / 3)];
        const want = v === 0 ? c : Math.round((1 - alpha) * c + alpha * v);
        if (out[k] !== want) bad.push(`c=${c} d=${v}: ${out[k]} ≠ ${want}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('blends each channel independently with the same gray', () => {
    const cifar = new Uint8Array(IMG);
    cifar.set([200, 100, 0], 0);
    const d = new Uint8Array(1024);
    d[0] = 255;
    // R: (127·200 + 128·255)/255 = 227.6… → 228; G: (12700 + 32640)/255 = 177.8… → 178; B: 32640/255 = 128.0… → 128.
    expect(Array.from(blendDigit(cifar, d).subarray(0, 3))).toEqual([228, 178, 128]);
  });

  it('rejects wrong sizes', () => {
    expect(() => blendDigit(new Uint8Array(10), new Uint8Array(1024))).toThrow(/32×32×3/);
    expect(() => blendDigit(new Uint8Array(IMG), new Uint8Array(784))).toThrow(/32×32/);
  });
});

describe('resizeDigit', () => {
  it('is the rounded half-pixel bilinear resize 28→32', () => {
    const { images } = randomDigits(3, 4);
    for (let i = 0; i < 3; i++) {
      const digit = images.subarray(i * DIG, (i + 1) * DIG);
      expect(Array.from(resizeDigit(digit))).toEqual(Array.from(bilinearResize(digit, 28, 28, 32, 32), Math.round));
    }
    expect(resizeDigit(new Uint8Array(DIG).fill(77)).every((v) => v === 77)).toBe(true);
  });

  it('hand-computed: output (0, 0) samples source (−1/16 → 0 clamped, −1/16 → 0) and (1, 1) samples (13/16, 13/16)', () => {
    const digit = new Uint8Array(DIG);
    digit[0] = 160; // (0, 0)
    digit[29] = 32; // (1, 1)
    const d = resizeDigit(digit);
    expect(d[0]).toBe(160); // clamped to pixel (0, 0) exactly
    // (1,1): s = 1.5·7/8 − 0.5 = 0.8125 on both axes → 160·(3/16)² + 32·(13/16)² = 5.625 + 21.125 = 26.75 → 27
    expect(d[33]).toBe(27);
  });
});

describe('buildCifar10Mnist / buildCifar10MnistSplits', () => {
  const cifarTrain = randomCifar(40, 1);
  const mnistTrain = randomDigits(45, 2);
  const cifarTest = randomCifar(12, 3);
  const mnistTest = randomDigits(12, 4);

  it('pairs the i-th CIFAR image with the i-th digit', () => {
    const built = buildCifar10Mnist(cifarTest, mnistTest);
    expect(built.count).toBe(12);
    const d = new Uint8Array(1024);
    for (let i = 0; i < 12; i++) {
      expect([built.labels[2 * i], built.labels[2 * i + 1]]).toEqual([cifarTest.labels[i], mnistTest.labels[i]]);
      resizeDigit(mnistTest.images.subarray(i * DIG, (i + 1) * DIG), d);
      expect(built.images.subarray(i * IMG, (i + 1) * IMG)).toEqual(blendDigit(cifarTest.images.subarray(i * IMG, (i + 1) * IMG), d));
    }
  });

  it('splits CIFAR train into disjoint shuffled train/val, test in order, pairs kept', () => {
    const s = buildCifar10MnistSplits(cifarTrain, mnistTrain, cifarTest, mnistTest, 7, { train: 30, val: 10, test: 12 });
    expect([s.train.count, s.val.count, s.test.count]).toEqual([30, 10, 12]);
    expect([...s.trainSource, ...s.valSource].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    expect(Array.from(s.trainSource)).not.toEqual([...Array(30).keys()]);
    for (const [split, source] of [[s.train, s.trainSource], [s.val, s.valSource]] as const) {
      for (let k = 0; k < source.length; k++) {
        expect(split.labels[2 * k]).toBe(source[k]); // CIFAR label = source index
        expect(split.labels[2 * k + 1]).toBe(source[k] + 100); // MNIST label = same index + 100
      }
    }
    expect(Array.from(s.test.labels.filter((_, k) => k % 2 === 0))).toEqual([...Array(12).keys()]);
  });

  it('is deterministic for a seed and the split changes with the seed', () => {
    const counts = { train: 30, val: 10, test: 5 };
    const a = buildCifar10MnistSplits(cifarTrain, mnistTrain, cifarTest, mnistTest, 7, counts);
    const b = buildCifar10MnistSplits(cifarTrain, mnistTrain, cifarTest, mnistTest, 7, counts);
    const c = buildCifar10MnistSplits(cifarTrain, mnistTrain, cifarTest, mnistTest, 8, counts);
    expect(b.train.images).toEqual(a.train.images);
    expect(b.val.labels).toEqual(a.val.labels);
    expect(Array.from(c.valSource)).not.toEqual(Array.from(a.valSource));
    expect(c.test.images).toEqual(a.test.images);
  });

  it('defaults to the SPEC sizes and refuses too few images', () => {
    expect([CIFAR10MNIST.trainCount, CIFAR10MNIST.valCount, CIFAR10MNIST.testCount]).toEqual([40_000, 10_000, 10_000]);
    expect(() => buildCifar10MnistSplits(cifarTrain, mnistTrain, cifarTest, mnistTest, 1)).toThrow(/exceed the 40 CIFAR training images/);
    expect(() => buildCifar10MnistSplits(cifarTrain, randomDigits(39, 1), cifarTest, mnistTest, 1, { train: 30, val: 10, test: 1 })).toThrow(/only 39 MNIST digits/);
    expect(() => buildCifar10MnistSplits(cifarTrain, mnistTrain, cifarTest, mnistTest, 1, { train: 30, val: 10, test: 13 })).toThrow(/13 test exceed/);
  });
});

describe('channelStats', () => {
  it('matches a direct float computation, per channel', () => {
    const { images } = randomCifar(5, 9);
    for (let k = 0; k < images.length; k += 3) images[k + 1] = images[k] >> 1; // give G different statistics
    const s = channelStats(images, 3, 10);
    for (let ch = 0; ch < 3; ch++) {
      const xs = images.filter((_, k) => k % 3 === ch);
      const m = xs.reduce((a, v) => a + v / 255, 0) / xs.length;
      const v = xs.reduce((a, x) => a + (x / 255 - m) ** 2, 0) / xs.length;
      expect(s.mean[ch]).toBeCloseTo(m, 9);
      expect(s.std[ch]).toBeCloseTo(Math.sqrt(v), 9);
    }
    expect(channelStats(new Uint8Array([0, 255, 0, 255, 255, 255]))).toEqual({ mean: [0.5, 1, 0.5], std: [0.5, 0, 0.5] });
  });
});

describe('asciiArtRgb', () => {
  it('draws luminance', () => {
    expect(asciiArtRgb(new Uint8Array([0, 0, 0, 255, 255, 255]), 1, 2)).toBe(' @');
  });
});
