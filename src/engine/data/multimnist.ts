/**
 * MultiMNIST (SPEC §7): two MNIST digits overlaid on one 28×28 image, one task per digit.
 *
 * Recipe for one image, given a left digit L and a right digit R (both 28×28 uint8):
 *   1. a 36×36 zero canvas; L is placed with its top-left corner at (0, 0), R at (+6, +6) (row, column);
 *      where they overlap the canvas takes the pixelwise max (digits are bright on black, so max keeps both strokes);
 *   2. the canvas is resized 36→28 bilinearly with half-pixel centres (see `bilinearResize`);
 *   3. each value is rounded to the nearest integer (halves up) and stored as uint8.
 * Labels are the pair (label of L, label of R).
 *
 * Pairing (`pairPartners`): the right digits are a seeded random permutation of the same split with its fixed
 * points removed, so every image is used exactly once as a left digit and exactly once as a right digit, and never
 * with itself (for n ≥ 2). Using a permutation rather than independent draws keeps the right-digit label
 * distribution identical to the left one.
 *
 * Splits (`buildMultiMnistSplits`): the 60,000 MNIST training images are shuffled with the seed; the first 50,000
 * (in shuffled order) become train, the last 10,000 validation. Test is the 10,000 MNIST test images in their
 * original order. Pairing happens within each split, with its own seed derived from the main one, so no image
 * crosses splits. Because train and val keep the shuffled order, "the first N" of them is a random subset.
 *
 * Everything is pure and deterministic for a given seed: same inputs and seed → identical bytes.
 */
import { Rng } from '../random';

/** The fixed geometry and normalisation constants of MultiMNIST. */
export const MULTIMNIST = {
  /** Side of an MNIST digit and of the final image. */
  size: 28,
  /** Side of the composition canvas. */
  canvas: 36,
  /** Offset (rows and columns) of the right digit on the canvas. */
  shift: 6,
  /** Split sizes taken from MNIST train (train, val) and MNIST test (test). */
  trainCount: 50_000,
  valCount: 10_000,
  /** Normalisation applied to x/255 before the network (the usual MNIST statistics). */
  mean: 0.1307,
  std: 0.3081,
} as const;

const PIXELS = MULTIMNIST.size * MULTIMNIST.size;

/** A set of 28×28 uint8 images with one uint8 label each (MNIST) or two (MultiMNIST, interleaved left,right). */
export interface LabelledImages {
  images: Uint8Array;
  labels: Uint8Array;
}

export interface MultiMnistBuild extends LabelledImages {
  /** partners[i] is the index (into the builder's input) of the right digit of output image i. */
  partners: Int32Array;
}

/**
 * Compose digits `left` and `right` (28×28 each) on the 36×36 canvas: left at (0, 0), right at (+6, +6),
 * pixelwise max where they overlap. Writes into `out` when given (it must hold 36×36 values).
 */
export function composeCanvas(left: Uint8Array, right: Uint8Array, out?: Uint8Array): Uint8Array {
  const { size, canvas, shift } = MULTIMNIST;
  if (left.length !== PIXELS || right.length !== PIXELS) {
    throw new Error(`composeCanvas: digits must be ${size}×${size} (${PIXELS} values), got ${left.length} and ${right.length}`);
  }
  const c = out ?? new Uint8Array(canvas * canvas);
  if (c.length !== canvas * canvas) throw new Error(`composeCanvas: out must hold ${canvas * canvas} values, got ${c.length}`);
  c.fill(0);
  for (let r = 0; r < size; r++) c.set(left.subarray(r * size, (r + 1) * size), r * canvas);
  for (let r = 0; r < size; r++) {
    const row = (r + shift) * canvas + shift;
    for (let col = 0; col < size; col++) {
      const v = right[r * size + col];
      if (v > c[row + col]) c[row + col] = v;
    }
  }
  return c;
}

/** For each output index along one axis: the two source indices to blend and the weight of the upper one. */
interface AxisWeights {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float64Array;
}

/**
 * Half-pixel-centre sampling positions: output pixel d covers source coordinate s = (d + 0.5)·in/out − 0.5.
 * Positions outside [0, in − 1] are clamped to the border pixel. This is the convention of
 * TF2 `tf.image.resize(..., 'bilinear', antialias=False)` (= TF1 `half_pixel_centers=True`) and of PyTorch
 * `F.interpolate(mode='bilinear', align_corners=False)`. It is *not* PIL's `Image.resize(BILINEAR)`, which widens
 * its filter when shrinking (antialiasing); for 36→28 the difference is small but not zero.
 */
function axisWeights(inSize: number, outSize: number): AxisWeights {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let d = 0; d < outSize; d++) {
    const s = Math.min(Math.max((d + 0.5) * scale - 0.5, 0), inSize - 1);
    const s0 = Math.floor(s);
    lo[d] = s0;
    hi[d] = Math.min(s0 + 1, inSize - 1);
    frac[d] = s - s0;
  }
  return { lo, hi, frac };
}

/**
 * Bilinear resize of a single-channel inH×inW image (row-major) to outH×outW with half-pixel centres
 * (see `axisWeights` for the exact convention). Returns unrounded values in float64 so callers choose the rounding.
 */
export function bilinearResize(
  src: ArrayLike<number>,
  inH: number,
  inW: number,
  outH: number,
  outW: number,
  out?: Float64Array,
): Float64Array {
  if (src.length !== inH * inW) throw new Error(`bilinearResize: source has ${src.length} values, expected ${inH}×${inW}`);
  if (!(inH > 0 && inW > 0 && outH > 0 && outW > 0)) throw new Error('bilinearResize: sizes must be positive');
  const result = out ?? new Float64Array(outH * outW);
  if (result.length !== outH * outW) throw new Error(`bilinearResize: out must hold ${outH * outW} values`);
  const ys = axisWeights(inH, outH);
  const xs = axisWeights(inW, outW);
  resizeWith(src, inW, ys, xs, result);
  return result;
}

/** The inner loop, with precomputed weights so building 70,000 images does not recompute them. */
function resizeWith(src: ArrayLike<number>, inW: number, ys: AxisWeights, xs: AxisWeights, out: { [i: number]: number }): void {
  const outH = ys.lo.length;
  const outW = xs.lo.length;
  for (let y = 0; y < outH; y++) {
    const top = ys.lo[y] * inW;
    const bottom = ys.hi[y] * inW;
    const fy = ys.frac[y];
    for (let x = 0; x < outW; x++) {
      const x0 = xs.lo[x];
      const x1 = xs.hi[x];
      const fx = xs.frac[x];
      // Same order of operations as TF's kernel: interpolate along x on both rows, then along y.
      const t = src[top + x0] + (src[top + x1] - src[top + x0]) * fx;
      const b = src[bottom + x0] + (src[bottom + x1] - src[bottom + x0]) * fx;
      out[y * outW + x] = t + (b - t) * fy;
    }
  }
}

/**
 * Right-digit partners for n images: a seeded random permutation whose fixed points are swapped with the next
 * position (cyclically). One left-to-right pass leaves no fixed point: after swapping at i, position i holds the
 * old p[i+1] ≠ i and position i+1 holds i ≠ i+1. For n = 1 the only image is its own partner.
 */
export function pairPartners(n: number, rng: Rng): Int32Array {
  const p = rng.permutation(n);
  if (n < 2) return p;
  for (let i = 0; i < n; i++) {
    if (p[i] === i) {
      const j = (i + 1) % n;
      p[i] = p[j];
      p[j] = i;
    }
  }
  return p;
}

/**
 * Build MultiMNIST from n MNIST digits (`images` n×28×28, `labels` n): image i has digit i on the left and its
 * seeded partner (see `pairPartners`) on the right. Returns n×28×28 images and n×2 labels (left, right).
 */
export function buildMultiMnist(images: Uint8Array, labels: Uint8Array, seed: number): MultiMnistBuild {
  const n = labels.length;
  if (images.length !== n * PIXELS) {
    throw new Error(`buildMultiMnist: ${n} labels need ${n * PIXELS} image bytes (n×28×28), got ${images.length}`);
  }
  const partners = pairPartners(n, new Rng(seed));
  const { size, canvas } = MULTIMNIST;
  const ys = axisWeights(canvas, size);
  const outImages = new Uint8Array(n * PIXELS);
  const outLabels = new Uint8Array(n * 2);
  const canvasBuf = new Uint8Array(canvas * canvas);
  const resized = new Float64Array(PIXELS);
  for (let i = 0; i < n; i++) {
    const j = partners[i];
    composeCanvas(images.subarray(i * PIXELS, (i + 1) * PIXELS), images.subarray(j * PIXELS, (j + 1) * PIXELS), canvasBuf);
    resizeWith(canvasBuf, canvas, ys, ys, resized);
    const base = i * PIXELS;
    // Values are convex combinations of uint8s, so they already lie in [0, 255]; round halves up.
    for (let k = 0; k < PIXELS; k++) outImages[base + k] = Math.round(resized[k]);
    outLabels[2 * i] = labels[i];
    outLabels[2 * i + 1] = labels[j];
  }
  return { images: outImages, labels: outLabels, partners };
}

/** Copy the images and labels at `indices` (in that order) out of a set of 28×28 single-label images. */
export function gatherImages(source: LabelledImages, indices: ArrayLike<number>): LabelledImages {
  const images = new Uint8Array(indices.length * PIXELS);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    images.set(source.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    labels[k] = source.labels[i];
  }
  return { images, labels };
}

export interface MultiMnistSplits {
  train: MultiMnistBuild;
  val: MultiMnistBuild;
  test: MultiMnistBuild;
  /** Indices into MNIST train of the left digits of the train and val splits (provenance, and for tests). */
  trainSource: Int32Array;
  valSource: Int32Array;
}

/**
 * Build the three MultiMNIST splits from MNIST train and test (see the header for the split and pairing rules).
 * `counts` defaults to SPEC §7 (50,000 / 10,000); trainCount + valCount must not exceed the MNIST train size.
 */
export function buildMultiMnistSplits(
  mnistTrain: LabelledImages,
  mnistTest: LabelledImages,
  seed: number,
  counts: { train: number; val: number } = { train: MULTIMNIST.trainCount, val: MULTIMNIST.valCount },
): MultiMnistSplits {
  const total = mnistTrain.labels.length;
  if (counts.train + counts.val > total) {
    throw new Error(`buildMultiMnistSplits: ${counts.train} train + ${counts.val} val exceed the ${total} MNIST training images`);
  }
  const rng = new Rng(seed);
  const order = rng.permutation(total);
  // One sub-seed per split, drawn after the shuffle, so the pairing of one split does not depend on another's size.
  const trainSeed = rng.int(4294967296);
  const valSeed = rng.int(4294967296);
  const testSeed = rng.int(4294967296);
  const trainSource = order.slice(0, counts.train);
  const valSource = order.slice(total - counts.val);
  const trainDigits = gatherImages(mnistTrain, trainSource);
  const valDigits = gatherImages(mnistTrain, valSource);
  return {
    train: buildMultiMnist(trainDigits.images, trainDigits.labels, trainSeed),
    val: buildMultiMnist(valDigits.images, valDigits.labels, valSeed),
    test: buildMultiMnist(mnistTest.images, mnistTest.labels, testSeed),
    trainSource,
    valSource,
  };
}

/** A 28×28 (or any h×w) uint8 image as ASCII art, for eyeballing a build in a terminal. */
export function asciiArt(image: Uint8Array, h: number, w: number): string {
  const ramp = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let r = 0; r < h; r++) {
    let line = '';
    for (let c = 0; c < w; c++) line += ramp[Math.min(ramp.length - 1, Math.floor((image[r * w + c] / 256) * ramp.length))];
    lines.push(line);
  }
  return lines.join('\n');
}
