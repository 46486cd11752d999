/**
 * Loading a prepared dataset (public/data, see manifest.ts) into memory, in Node or in a Web Worker.
 *
 * The loader is given a `fetchBytes(relativePath)` function instead of doing I/O itself, so the same code serves
 * the worker (fetch from the served public/data), Node scripts (nodeFetch.ts reads from disk) and tests.
 * Nothing here touches Node built-ins or the DOM: hashing uses `globalThis.crypto.subtle`, which Node ≥ 20,
 * browsers and workers all provide (browsers only in secure contexts: https or localhost).
 */
import {
  MANIFEST_FILE,
  SPLIT_NAMES,
  decodeManifestJson,
  parseDatasetEntry,
  parseManifestShell,
  type ArrayFile,
  type DatasetEntry,
  type SplitName,
} from './manifest';

/** One split, images and labels as raw uint8 arrays (layouts as in the manifest). */
export interface Split {
  /** Number of examples. */
  count: number;
  /** count × h × w × c values, row-major, channels last. */
  images: Uint8Array;
  /** count × numTasks values; label t of example i is labels[i·numTasks + t]. */
  labels: Uint8Array;
  imageShape: [number, number, number];
  numTasks: number;
}

export interface Dataset {
  name: string;
  train: Split;
  val: Split;
  test: Split;
  /** Per-channel normalisation applied to x/255 (see `normalizeBatch`). */
  mean: number[];
  std: number[];
  /** Number of classes of each task. */
  classes: number[];
  /** Task names, e.g. ['left digit', 'right digit']. */
  tasks: string[];
}

export type FetchBytes = (relativePath: string) => Promise<Uint8Array>;

/**
 * The dataset is not prepared: the manifest has no entry for it, or (thrown by a FetchBytes) a file is not there.
 * Callers tell it apart from a broken dataset with `isDatasetMissing`.
 */
export class DatasetMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetMissingError';
  }
}

/** True when `err`, or an error it was caused by, is a DatasetMissingError. */
export function isDatasetMissing(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) if (e instanceof DatasetMissingError) return true;
  return false;
}

export interface LoadOptions {
  /**
   * Check each file's sha256 against the manifest (default true). It costs well under a second for MultiMNIST;
   * pass false to skip it where speed matters more (byte lengths are always checked).
   */
  verify?: boolean;
  /**
   * Keep only the first N examples of a split (a view, no copy). The prepared train/val splits are stored in a
   * shuffled order, so their first N is a random subset. N larger than the split keeps the whole split.
   */
  subset?: Partial<Record<SplitName, number>>;
}

/** Read manifest.json, then the files of dataset `name`, checking sizes and (by default) sha256 hashes. */
export async function loadDataset(name: string, fetchBytes: FetchBytes, opts: LoadOptions = {}): Promise<Dataset> {
  const verify = opts.verify ?? true;
  const json = decodeManifestJson(await fetchOrExplain(fetchBytes, MANIFEST_FILE));
  // Only the requested entry is validated in full, so a broken entry of another dataset does not block this one.
  const entry = parseDatasetEntry(json, name);
  if (!entry) {
    const known = Object.keys(parseManifestShell(json).datasets);
    throw new DatasetMissingError(`dataset '${name}' is not in ${MANIFEST_FILE} (it has: ${known.length ? known.join(', ') : 'none'}); run \`npm run data\``);
  }
  const loaded = await Promise.all(SPLIT_NAMES.map((split) => loadSplit(entry, split, fetchBytes, verify, opts.subset?.[split])));
  const [train, val, test] = loaded;
  return {
    name,
    train,
    val,
    test,
    mean: [...entry.normalization.mean],
    std: [...entry.normalization.std],
    classes: [...entry.classes],
    tasks: [...entry.tasks],
  };
}

async function loadSplit(entry: DatasetEntry, split: SplitName, fetchBytes: FetchBytes, verify: boolean, subset?: number): Promise<Split> {
  const s = entry.splits[split];
  const [images, labels] = await Promise.all([loadArray(s.images, fetchBytes, verify), loadArray(s.labels, fetchBytes, verify)]);
  const imageShape: [number, number, number] = [...entry.imageShape];
  const numTasks = entry.tasks.length;
  let count = s.count;
  if (subset !== undefined) {
    if (!Number.isInteger(subset) || subset < 0) throw new Error(`subset.${split} must be a non-negative integer, got ${subset}`);
    count = Math.min(subset, s.count);
  }
  const pixels = imageShape[0] * imageShape[1] * imageShape[2];
  return {
    count,
    images: count === s.count ? images : images.subarray(0, count * pixels),
    labels: count === s.count ? labels : labels.subarray(0, count * numTasks),
    imageShape,
    numTasks,
  };
}

async function loadArray(file: ArrayFile, fetchBytes: FetchBytes, verify: boolean): Promise<Uint8Array> {
  const bytes = await fetchOrExplain(fetchBytes, file.file);
  if (bytes.length !== file.bytes) {
    throw new Error(`${file.file}: has ${bytes.length} bytes, the manifest says ${file.bytes}: a download cut short (running again fetches it again) or a damaged file (rebuild it with \`npm run data -- --force\`)`);
  }
  if (verify) {
    const actual = await sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new Error(`${file.file}: sha256 mismatch (file ${actual}, manifest ${file.sha256}); rebuild with \`npm run data -- --force\``);
    }
  }
  return bytes;
}

async function fetchOrExplain(fetchBytes: FetchBytes, path: string): Promise<Uint8Array> {
  try {
    return await fetchBytes(path);
  } catch (e) {
    throw new Error(`could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** SHA-256 of bytes as 64 lowercase hex digits, via Web Crypto (Node ≥ 20, browsers, workers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('crypto.subtle is unavailable (not a secure context?); load with { verify: false }');
  // digest() wants a BufferSource backed by an ArrayBuffer; copy only if the view sits on a SharedArrayBuffer.
  const input = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await subtle.digest('SHA-256', input));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Normalise `count` images starting at image `start`: out = (x/255 − mean)/std, as float32 for TF.js.
 * `pixels` is the number of values per image (h·w·c). A scalar mean/std applies to every value; arrays apply per
 * channel, with channels last (value k of an image belongs to channel k mod mean.length).
 * Writes into `out` when given (it must hold at least count·pixels values) and returns it.
 */
export function normalizeBatch(
  images: Uint8Array,
  start: number,
  count: number,
  pixels: number,
  mean: number | readonly number[],
  std: number | readonly number[],
  out?: Float32Array,
): Float32Array {
  const n = count * pixels;
  const from = start * pixels;
  if (start < 0 || count < 0 || from + n > images.length) {
    throw new Error(`normalizeBatch: images [${start}, ${start + count}) out of range (${images.length / pixels} images)`);
  }
  const result = out ?? new Float32Array(n);
  if (result.length < n) throw new Error(`normalizeBatch: out holds ${result.length} values, needs ${n}`);
  const means = typeof mean === 'number' ? [mean] : mean;
  const stds = typeof std === 'number' ? [std] : std;
  const channels = means.length;
  if (stds.length !== channels || channels === 0) throw new Error('normalizeBatch: mean and std must have the same, non-zero length');
  if (pixels % channels !== 0) throw new Error(`normalizeBatch: ${pixels} values per image is not a multiple of ${channels} channels`);
  // One lookup table of the 256 possible values per channel: cheaper than a divide per pixel.
  const tables = means.map((m, ch) => {
    const t = new Float32Array(256);
    for (let v = 0; v < 256; v++) t[v] = (v / 255 - m) / stds[ch];
    return t;
  });
  if (channels === 1) {
    const t = tables[0];
    for (let k = 0; k < n; k++) result[k] = t[images[from + k]];
  } else {
    for (let k = 0; k < n; k++) result[k] = tables[k % channels][images[from + k]];
  }
  return result;
}
