import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { MULTIMNIST, bilinearResize, buildMultiMnist, buildMultiMnistSplits, composeCanvas, pairPartners } from './multimnist';

const P = 28 * 28;

/** A 28×28 digit that is zero except for the given (row, col, value) pixels. */
function digit(...pixels: [number, number, number][]): Uint8Array {
  const d = new Uint8Array(P);
  for (const [r, c, v] of pixels) d[r * 28 + c] = v;
  return d;
}

/** n random "digits" (random sparse strokes) with labels 0..9 cycling. */
function randomDigits(n: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const images = new Uint8Array(n * P);
  for (let k = 0; k < images.length; k++) if (rng.next() < 0.2) images[k] = 1 + rng.int(255);
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % 10) };
}

function centreOfMass(img: ArrayLike<number>, side: number): [number, number] {
  let m = 0, r = 0, c = 0;
  for (let k = 0; k < side * side; k++) {
    m += img[k];
    r += img[k] * Math.floor(k / side);
    c += img[k] * (k % side);
  }
  return [r / m, c / m];
}

describe('composeCanvas', () => {
  it('puts the left digit at (0, 0) and the right digit at (+6, +6) on a 36×36 canvas', () => {
    const c = composeCanvas(digit([0, 0, 11], [27, 27, 12], [3, 20, 13]), digit([0, 0, 21], [27, 27, 22], [3, 20, 23]));
    expect(c.length).toBe(36 * 36);
    const at = (r: number, col: number) => c[r * 36 + col];
    expect([at(0, 0), at(27, 27), at(3, 20)]).toEqual([11, 12, 13]);
    expect([at(6, 6), at(33, 33), at(9, 26)]).toEqual([21, 22, 23]);
    // Nothing else is set.
    expect(c.reduce((n, v) => n + (v > 0 ? 1 : 0), 0)).toBe(6);
  });

  it('takes the pixelwise max where the digits overlap', () => {
    // Canvas (10, 10) is left (10, 10) and right (4, 4).
    const a = composeCanvas(digit([10, 10, 100]), digit([4, 4, 200]));
    const b = composeCanvas(digit([10, 10, 200]), digit([4, 4, 100]));
    expect(a[10 * 36 + 10]).toBe(200);
    expect(b[10 * 36 + 10]).toBe(200);
  });
});

describe('bilinearResize (half-pixel centres)', () => {
  it('keeps a constant image constant', () => {
    for (const v of [0, 1, 128, 255]) {
      const out = bilinearResize(new Uint8Array(36 * 36).fill(v), 36, 36, 28, 28);
      expect(out.every((x) => Math.abs(x - v) < 1e-9)).toBe(true);
    }
  });

  it('halving 4×4 averages 2×2 blocks (sample points fall exactly between pixels)', () => {
    const src = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60];
    expect(Array.from(bilinearResize(src, 4, 4, 2, 2))).toEqual([10, 18, 42, 50]);
  });

  it('36→28: an impulse in the corner keeps weight (6/7)² and stays in its corner', () => {
    // Output pixel 0 samples source coordinate (0 + 0.5)·36/28 − 0.5 = 1/7, so pixel 0 gets weight 6/7 per axis.
    const src = new Uint8Array(36 * 36);
    src[0] = 255;
    src[35 * 36] = 255; // bottom-left: output 27 samples 27.5·9/7 − 0.5 = 34 + 6/7, so pixel 35 also gets 6/7.
    const out = bilinearResize(src, 36, 36, 28, 28);
    expect(out[0]).toBeCloseTo(255 * (36 / 49), 10);
    expect(out[27 * 28]).toBeCloseTo(255 * (36 / 49), 10);
    expect(out[1]).toBe(0);
    expect(out[28]).toBe(0);
    expect(out[27]).toBe(0); // top-right stays dark: rows and columns are not swapped
  });

  it('clamps sample points outside the image to the border when enlarging', () => {
    // 2→4 samples at −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    expect(Array.from(bilinearResize([0, 100], 1, 2, 1, 4))).toEqual([0, 25, 75, 100]);
  });

  it('matches TF.js resizeBilinear(alignCorners=false, halfPixelCenters=true)', async () => {
    tf.env().set('IS_TEST', true); // silences the "install tfjs-node" banner
    await tf.setBackend('cpu');
    const rng = new Rng(7);
    for (const [inS, outS] of [[36, 28], [28, 32], [5, 3]]) {
      const src = Float32Array.from({ length: inS * inS }, () => rng.int(256));
      const ours = bilinearResize(src, inS, inS, outS, outS);
      const theirs = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(src, [1, inS, inS, 1]), [outS, outS], false, true).dataSync());
      let worst = 0;
      for (let k = 0; k < ours.length; k++) worst = Math.max(worst, Math.abs(ours[k] - theirs[k]));
      expect(worst).toBeLessThan(1e-3);
    }
  });
});

describe('pairPartners', () => {
  it('is a permutation without fixed points, deterministic for a seed', () => {
    for (const n of [2, 3, 5, 10, 101]) {
      for (const seed of [1, 2, 3, 4]) {
        const p = pairPartners(n, new Rng(seed));
        expect([...p].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        expect(p.some((j, i) => j === i)).toBe(false);
        expect(Array.from(pairPartners(n, new Rng(seed)))).toEqual(Array.from(p));
      }
    }
    expect(Array.from(pairPartners(1, new Rng(1)))).toEqual([0]);
  });
});

describe('buildMultiMnist', () => {
  it('labels are (own label, partner label) and each image is its digit plus its partner', () => {
    const { images, labels } = randomDigits(12, 3);
    const built = buildMultiMnist(images, labels, 5);
    expect(built.images.length).toBe(12 * P);
    expect(built.labels.length).toBe(24);
    for (let i = 0; i < 12; i++) {
      const j = built.partners[i];
      expect(j).not.toBe(i);
      expect([built.labels[2 * i], built.labels[2 * i + 1]]).toEqual([labels[i], labels[j]]);
      const canvas = composeCanvas(images.subarray(i * P, (i + 1) * P), images.subarray(j * P, (j + 1) * P));
      const expected = Array.from(bilinearResize(canvas, 36, 36, 28, 28), Math.round);
      expect(Array.from(built.images.subarray(i * P, (i + 1) * P))).toEqual(expected);
    }
  });

  it('the right digit lands down and to the right by 6·28/36 output pixels', () => {
    // A blob that stays inside the image after the shift; image 1 is blank, so with two images the pairs are fixed.
    const blob: [number, number, number][] = [];
    for (let r = 8; r < 14; r++) for (let c = 5; c < 12; c++) blob.push([r, c, 255]);
    const images = new Uint8Array(2 * P);
    images.set(digit(...blob), 0);
    const built = buildMultiMnist(images, new Uint8Array([3, 8]), 1);
    expect(Array.from(built.partners)).toEqual([1, 0]);
    expect(Array.from(built.labels)).toEqual([3, 8, 8, 3]);
    const [r0, c0] = centreOfMass(built.images.subarray(0, P), 28);
    const [r1, c1] = centreOfMass(built.images.subarray(P, 2 * P), 28);
    // Left copy: blob centre (10.5, 8) on the canvas maps to (c + 0.5)·28/36 − 0.5 on the output. Sampling and
    // rounding move the centre of mass by a few hundredths of a pixel, hence the tolerance.
    const near = (x: number, want: number) => expect(Math.abs(x - want)).toBeLessThan(0.1);
    near(r0, 11 * (7 / 9) - 0.5);
    near(c0, 8.5 * (7 / 9) - 0.5);
    near(r1 - r0, 6 * (7 / 9));
    near(c1 - c0, 6 * (7 / 9));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const { images, labels } = randomDigits(40, 9);
    const a = buildMultiMnist(images, labels, 1);
    const b = buildMultiMnist(images, labels, 1);
    const c = buildMultiMnist(images, labels, 2);
    expect(b.images).toEqual(a.images);
    expect(b.labels).toEqual(a.labels);
    expect(c.images).not.toEqual(a.images);
    expect(Array.from(c.partners)).not.toEqual(Array.from(a.partners));
  });

  it('rejects images that do not match the labels', () => {
    expect(() => buildMultiMnist(new Uint8Array(P * 2 - 1), new Uint8Array(2), 1)).toThrow(/n×28×28/);
  });
});

describe('buildMultiMnistSplits', () => {
  // Labels are the source index, so the output labels reveal which MNIST images were paired.
  const train = randomDigits(30, 1);
  train.labels = Uint8Array.from({ length: 30 }, (_, i) => i);
  const test = randomDigits(8, 2);
  test.labels = Uint8Array.from({ length: 8 }, (_, i) => 100 + i);

  it('splits MNIST train into disjoint train/val and pairs only within a split', () => {
    const s = buildMultiMnistSplits(train, test, 4, { train: 20, val: 10 });
    expect(s.train.labels.length).toBe(40);
    expect(s.val.labels.length).toBe(20);
    expect(s.test.labels.length).toBe(16);
    expect([...s.trainSource, ...s.valSource].sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    for (const [split, source] of [[s.train, s.trainSource], [s.val, s.valSource]] as const) {
      const members = new Set(source);
      for (let i = 0; i < source.length; i++) {
        expect(split.labels[2 * i]).toBe(source[i]);
        expect(members.has(split.labels[2 * i + 1])).toBe(true);
        expect(split.labels[2 * i + 1]).not.toBe(source[i]);
      }
    }
    // Test keeps MNIST test order and pairs within test.
    for (let i = 0; i < 8; i++) {
      expect(s.test.labels[2 * i]).toBe(100 + i);
      expect(s.test.labels[2 * i + 1]).toBeGreaterThanOrEqual(100);
      expect(s.test.labels[2 * i + 1]).not.toBe(100 + i);
    }
  });

  it('is deterministic for a seed and the split changes with the seed', () => {
    const a = buildMultiMnistSplits(train, test, 4, { train: 20, val: 10 });
    const b = buildMultiMnistSplits(train, test, 4, { train: 20, val: 10 });
    const c = buildMultiMnistSplits(train, test, 5, { train: 20, val: 10 });
    expect(b.train.images).toEqual(a.train.images);
    expect(b.test.labels).toEqual(a.test.labels);
    expect(Array.from(c.valSource)).not.toEqual(Array.from(a.valSource));
  });

  it('defaults to the SPEC sizes and refuses too few images', () => {
    expect(MULTIMNIST.trainCount + MULTIMNIST.valCount).toBe(60_000);
    expect(() => buildMultiMnistSplits(train, test, 1)).toThrow(/exceed the 30 MNIST training images/);
  });
});
