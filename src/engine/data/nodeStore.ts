/**
 * Writing prepared datasets to disk and checking them against the manifest (Node only: node:fs, node:crypto).
 * Used by scripts/prepare-data.ts and by the dataset tests; the browser only ever reads (dataset.ts).
 *
 * Files go to `<dataDir>/<name>/<split>-images.u8` and `-labels.u8`; manifest.json in `dataDir` is merged, so
 * other datasets' entries survive a rebuild of one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MANIFEST_FILE,
  SPLIT_NAMES,
  decodeManifest,
  decodeManifestJson,
  emptyManifest,
  parseDatasetEntry,
  parseManifestShell,
  type ArrayFile,
  type DatasetEntry,
  type Manifest,
  type SplitName,
} from './manifest';

/** What a builder produces for one split. */
export interface SplitArrays {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

/** Everything in a manifest entry except the per-file records, which writeDataset fills in. */
export type DatasetMeta = Omit<DatasetEntry, 'splits'>;

/** sha256 as lowercase hex (node:crypto; gives the same answer as dataset.ts's Web Crypto sha256Hex). */
export function sha256HexSync(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Read `<dataDir>/manifest.json` for merging. Missing → an empty manifest. Entries that fail validation are dropped
 * with a warning through `warn`, and an unreadable manifest is replaced by an empty one (also with a warning):
 * the manifest is a build artefact that `npm run data` can always regenerate, so a bad one must not block a build.
 */
export async function readManifestOrEmpty(dataDir: string, warn: (msg: string) => void = () => {}): Promise<Manifest> {
  const path = join(dataDir, MANIFEST_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest();
    throw e;
  }
  let shell: { datasets: Record<string, unknown> };
  try {
    shell = parseManifestShell(decodeManifestJson(bytes, path), path);
  } catch (e) {
    warn(`${(e as Error).message}\nstarting a fresh manifest`);
    return emptyManifest();
  }
  const manifest = emptyManifest();
  for (const name of Object.keys(shell.datasets)) {
    try {
      manifest.datasets[name] = parseDatasetEntry(shell, name, path)!;
    } catch (e) {
      warn(`${(e as Error).message}\ndropping the entry of ${name}`);
    }
  }
  return manifest;
}

/** Write the split files of dataset `name` and merge its entry into manifest.json. Returns the new entry. */
export async function writeDataset(
  dataDir: string,
  name: string,
  meta: DatasetMeta,
  splits: Record<SplitName, SplitArrays>,
  warn?: (msg: string) => void,
): Promise<DatasetEntry> {
  await mkdir(join(dataDir, name), { recursive: true });
  const [h, w, c] = meta.imageShape;
  const entrySplits = {} as DatasetEntry['splits'];
  for (const split of SPLIT_NAMES) {
    const s = splits[split];
    entrySplits[split] = {
      count: s.count,
      images: await writeArray(dataDir, `${name}/${split}-images.u8`, s.images, [s.count, h, w, c]),
      labels: await writeArray(dataDir, `${name}/${split}-labels.u8`, s.labels, [s.count, meta.tasks.length]),
    };
  }
  const entry: DatasetEntry = { ...meta, splits: entrySplits };
  const manifest = await readManifestOrEmpty(dataDir, warn);
  manifest.datasets[name] = entry;
  // Round-trip through the schema so a bad entry is caught before it lands on disk.
  const text = JSON.stringify(manifest, null, 2) + '\n';
  decodeManifest(new TextEncoder().encode(text), 'new manifest');
  // Write then rename, so a reader never sees half a manifest.
  const target = join(dataDir, MANIFEST_FILE);
  await writeFile(`${target}.tmp`, text);
  await rename(`${target}.tmp`, target);
  return entry;
}

async function writeArray(dataDir: string, file: string, data: Uint8Array, shape: number[]): Promise<ArrayFile> {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new Error(`${file}: ${data.length} bytes do not fit shape [${shape.join(', ')}]`);
  await writeFile(join(dataDir, file), data);
  return { file, dtype: 'uint8', shape, sha256: sha256HexSync(data), bytes: data.length };
}

export type CheckResult = { ok: true; entry: DatasetEntry } | { ok: false; reason: string };

/**
 * Is dataset `name` present in `dataDir` with every file matching the manifest's size and sha256?
 * `expect` adds conditions on the entry (e.g. the seed and builder version asked for).
 */
export async function checkDataset(dataDir: string, name: string, expect: Partial<Pick<DatasetEntry, 'seed' | 'builtWith'>> = {}): Promise<CheckResult> {
  let entry: DatasetEntry | undefined;
  try {
    const path = join(dataDir, MANIFEST_FILE);
    entry = parseDatasetEntry(decodeManifestJson(await readFile(path), path), name, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `no ${MANIFEST_FILE} yet` : (e as Error).message };
  }
  if (!entry) return { ok: false, reason: `${MANIFEST_FILE} has no entry for ${name}` };
  if (expect.seed !== undefined && entry.seed !== expect.seed) return { ok: false, reason: `built with seed ${entry.seed}, seed ${expect.seed} requested` };
  if (expect.builtWith !== undefined && entry.builtWith !== expect.builtWith) {
    return { ok: false, reason: `built with '${entry.builtWith}', current builder is '${expect.builtWith}'` };
  }
  for (const split of SPLIT_NAMES) {
    for (const file of [entry.splits[split].images, entry.splits[split].labels]) {
      const path = join(dataDir, file.file);
      const size = await stat(path).then((s) => s.size, () => -1);
      if (size < 0) return { ok: false, reason: `${file.file} is missing` };
      if (size !== file.bytes) return { ok: false, reason: `${file.file} has ${size} bytes, manifest says ${file.bytes}` };
      if (sha256HexSync(await readFile(path)) !== file.sha256) return { ok: false, reason: `${file.file} does not match its sha256` };
    }
  }
  return { ok: true, entry };
}
