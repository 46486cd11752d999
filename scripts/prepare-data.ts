/**
 * `npm run data [-- <dataset>] [--force] [--seed N] [--out DIR] [--preview]`
 *
 * Makes sure a prepared dataset exists in the data folder (public/data, or PARETOSCOPE_DATA_DIR's: dataDir.ts; SPEC
 * §7): if its files are missing, do not match the manifest's sizes and sha256, or were built with another seed or
 * builder version, it is (re)built from the sources and the folder's manifest.json is updated (other datasets' entries are kept). Runs before `npm start`
 * (prestart), so it is quiet and quick when everything is already in place. The options: USAGE below (--help).
 * Progress goes to stderr. Exit codes: 0 ok, 1 build failed, 2 bad usage.
 */
import { numberOfText } from '../src/experiment/link/fields';
import { asciiArt } from '../src/engine/data/multimnist';
import { loadDataset } from '../src/engine/data/dataset';
import { nodeFetchBytes } from '../src/engine/data/nodeFetch';
import { BUILDERS, DEFAULT_DATASET, isDatasetName, prepareDataset } from './dataBuilders';
import { dataDirFrom } from './dataDir';
import { userPath } from './userPath';

const log = (msg: string) => process.stderr.write(`[data] ${msg}\n`);

interface Args {
  name: string;
  force: boolean;
  seed: number;
  out: string;
  preview: boolean;
}

class UsageError extends Error {}

/** --help asked for the usage (stdout, exit 0). */
class HelpRequest extends Error {}

const USAGE = `Usage: npm run data -- [dataset] [--force] [--seed N] [--out DIR] [--preview]
  dataset     which dataset: ${Object.keys(BUILDERS).join(', ')} (default ${DEFAULT_DATASET})
  --force     rebuild even if the files check out
  --seed N    seed of the split and the pairing (default 1)
  --out DIR   data directory (default public/data, or the folder PARETOSCOPE_DATA_DIR names)
  --preview   print the first train and test images as ASCII art
Builds the dataset from its sources where its files are missing, differ from the manifest or were built otherwise;
quick and quiet where everything is in place. Exit codes: 0 ok, 1 build failed, 2 bad usage.`;

function parseArgs(argv: string[]): Args {
  const args: Args = { name: DEFAULT_DATASET, force: false, seed: 1, out: dataDirFrom(process.env), preview: false };
  const positional: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // The last of a repeated flag would quietly win (as the other commands refuse it: scripts/flags.ts).
    if (a.startsWith('--') && seen.has(a)) throw new UsageError(`${a} is given twice (give it once)`);
    seen.add(a);
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--force') args.force = true;
    else if (a === '--preview') args.preview = true;
    else if (a === '--seed') {
      const v = value();
      const seed = numberOfText(v);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be an integer in [0, 2^32), got ${v}`);
      args.seed = seed;
    } else if (a === '--out') args.out = userPath(value());
    else if (a === '--help' || a === '-h') throw new HelpRequest();
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new UsageError(`one dataset at a time, got ${positional.join(', ')}`);
  if (positional.length === 1) args.name = positional[0];
  if (!isDatasetName(args.name)) {
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
    if (e instanceof HelpRequest) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\nnpm run data -- --help for the options\n`);
    return 2;
  }
  const started = performance.now();
  const result = await prepareDataset(args.name, { dataDir: args.out, seed: args.seed, force: args.force, log });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!result.built) {
    log(`${args.name} is up to date in ${args.out} (checked in ${seconds} s)`);
  } else {
    for (const split of ['train', 'val', 'test'] as const) {
      const s = result.entry.splits[split];
      log(`  ${split}: ${s.count} examples, ${s.images.file} ${s.images.bytes} B sha256 ${s.images.sha256}`);
    }
    log(`done in ${seconds} s`);
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
