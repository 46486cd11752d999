import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { isDatasetMissing, loadDataset, normalizeBatch, sha256Hex } from './dataset';
import { MULTIMNIST, buildMultiMnist } from './multimnist';
import { nodeFetchBytes } from './nodeFetch';
import { checkDataset, readManifestOrEmpty, sha256HexSync, writeDataset, type DatasetMeta, type SplitArrays } from './nodeStore';
import type { SplitName } from './manifest';

const P = 28 * 28;

function tinySplit(n: number, seed: number): SplitArrays {
  const rng = new Rng(seed);
  const images = Uint8Array.from({ length: n * P }, () => (rng.next() < 0.2 ? rng.int(256) : 0));
  const labels = Uint8Array.from({ length: n }, () => rng.int(10));
  const built = buildMultiMnist(images, labels, seed);
  return { count: n, images: built.images, labels: built.labels };
}

const meta: DatasetMeta = {
  source: 'random test digits',
  seed: 1,
  builtWith: 'dataset.test',
  normalization: { mean: [MULTIMNIST.mean], std: [MULTIMNIST.std] },
  tasks: ['left digit', 'right digit'],
  classes: [10, 10],
  imageShape: [28, 28, 1],
};

let dir: string;
let splits: Record<SplitName, SplitArrays>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paretoscope-data-'));
  splits = { train: tinySplit(6, 1), val: tinySplit(3, 2), test: tinySplit(4, 3) };
  await writeDataset(dir, 'tiny', meta, splits);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Edit manifest.json on disk. */
async function editManifest(edit: (m: any) => void): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(await readFile(path, 'utf8'));
  edit(m);
  await writeFile(path, JSON.stringify(m));
}

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector and node:crypto', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const bytes = tinySplit(2, 9).images;
    expect(await sha256Hex(bytes)).toBe(sha256HexSync(bytes));
    // A view into a larger buffer hashes only its own bytes.
    expect(await sha256Hex(bytes.subarray(10, 20))).toBe(sha256HexSync(bytes.slice(10, 20)));
  });
});

describe('writeDataset + loadDataset', () => {
  it('round-trips every split, the metadata and the shapes', async () => {
    const ds = await loadDataset('tiny', nodeFetchBytes(dir));
    expect(ds.name).toBe('tiny');
    expect(ds.mean).toEqual([0.1307]);
    expect(ds.std).toEqual([0.3081]);
    expect(ds.classes).toEqual([10, 10]);
    expect(ds.tasks).toEqual(['left digit', 'right digit']);
    for (const name of ['train', 'val', 'test'] as const) {
      const split = ds[name];
      expect(split.count).toBe(splits[name].count);
      expect(split.imageShape).toEqual([28, 28, 1]);
      expect(split.numTasks).toBe(2);
      expect(split.images).toEqual(splits[name].images);
      expect(split.labels).toEqual(splits[name].labels);
    }
  });

  it('writes the manifest fields the schema promises', async () => {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(m.version).toBe(1);
    const images = m.datasets.tiny.splits.val.images;
    expect(images).toEqual({ file: 'tiny/val-images.u8', dtype: 'uint8', shape: [3, 28, 28, 1], sha256: sha256HexSync(splits.val.images), bytes: 3 * P });
    expect(m.datasets.tiny.splits.val.labels.shape).toEqual([3, 2]);
  });

  it('keeps the first N examples when asked for a subset, and all of them when N is larger', async () => {
    const ds = await loadDataset('tiny', nodeFetchBytes(dir), { subset: { train: 2, test: 100 } });
    expect(ds.train.count).toBe(2);
    expect(ds.train.images).toEqual(splits.train.images.subarray(0, 2 * P));
    expect(ds.train.labels).toEqual(splits.train.labels.subarray(0, 4));
    expect(ds.val.count).toBe(3);
    expect(ds.test.count).toBe(4);
    await expect(loadDataset('tiny', nodeFetchBytes(dir), { subset: { val: -1 } })).rejects.toThrow(/subset\.val must be a non-negative integer/);
  });

  it('merges into an existing manifest, keeping the other datasets', async () => {
    await writeDataset(dir, 'other', { ...meta, source: 'second' }, splits);
    const m = await readManifestOrEmpty(dir);
    expect(Object.keys(m.datasets).sort()).toEqual(['other', 'tiny']);
    expect((await loadDataset('tiny', nodeFetchBytes(dir))).train.images).toEqual(splits.train.images);
  });

  it('names the missing dataset and the ones that exist', async () => {
    await expect(loadDataset('cifar10mnist', nodeFetchBytes(dir))).rejects.toThrow(/dataset 'cifar10mnist' is not in manifest\.json \(it has: tiny\)/);
  });

  it('explains a missing data directory, as data not prepared (not a broken dataset)', async () => {
    const missing = loadDataset('tiny', nodeFetchBytes(join(dir, 'nope')));
    await expect(missing).rejects.toThrow(/could not read manifest\.json: .*does not exist \(run `npm run data`\)/);
    expect(isDatasetMissing(await missing.catch((error: unknown) => error))).toBe(true);
  });
});

describe('integrity checks', () => {
  it('a file whose bytes changed fails the sha256 check, naming the file', async () => {
    const path = join(dir, 'tiny/test-images.u8');
    const bytes = await readFile(path);
    bytes[100] ^= 0xff;
    await writeFile(path, bytes);
    await expect(loadDataset('tiny', nodeFetchBytes(dir))).rejects.toThrow(/tiny\/test-images\.u8: sha256 mismatch/);
    // Without verification only the length is checked, so the corrupted file loads.
    const ds = await loadDataset('tiny', nodeFetchBytes(dir), { verify: false });
    expect(ds.test.images[100]).toBe(splits.test.images[100] ^ 0xff);
    expect(await checkDataset(dir, 'tiny')).toEqual({ ok: false, reason: 'tiny/test-images.u8 does not match its sha256' });
  });

  it('a file of the wrong length fails even without verification', async () => {
    await truncate(join(dir, 'tiny/train-labels.u8'), 5);
    await expect(loadDataset('tiny', nodeFetchBytes(dir), { verify: false })).rejects.toThrow(/tiny\/train-labels\.u8: has 5 bytes, the manifest says 12/);
  });

  it('checkDataset accepts a good build and flags a different seed or builder', async () => {
    expect((await checkDataset(dir, 'tiny', { seed: 1, builtWith: 'dataset.test' })).ok).toBe(true);
    expect(await checkDataset(dir, 'tiny', { seed: 2 })).toEqual({ ok: false, reason: 'built with seed 1, seed 2 requested' });
    expect((await checkDataset(dir, 'tiny', { builtWith: 'v2' })).ok).toBe(false);
    expect((await checkDataset(dir, 'absent')).ok).toBe(false);
  });
});

describe('malformed manifests', () => {
  const load = () => loadDataset('tiny', nodeFetchBytes(dir));

  it('names a missing field', async () => {
    await editManifest((m) => delete m.datasets.tiny.splits.val.labels.sha256);
    await expect(load()).rejects.toThrow(/manifest\.json is malformed:\n\s+datasets\.tiny\.splits\.val\.labels\.sha256: /);
  });

  it('names a field of the wrong type or value', async () => {
    await editManifest((m) => (m.datasets.tiny.splits.train.images.dtype = 'float32'));
    await expect(load()).rejects.toThrow(/datasets\.tiny\.splits\.train\.images\.dtype/);
    await editManifest((m) => (m.version = 2));
    await expect(load()).rejects.toThrow(/^manifest\.json is malformed:\n\s+version: /);
  });

  it('catches fields that disagree with each other', async () => {
    await editManifest((m) => (m.datasets.tiny.splits.test.count = 5));
    await expect(load()).rejects.toThrow(/datasets\.tiny\.splits\.test\.images\.shape: is \[4, 28, 28, 1\], expected \[5, 28, 28, 1\]/);
    await editManifest((m) => {
      m.datasets.tiny.splits.test.count = 4;
      m.datasets.tiny.splits.test.images.bytes = 7;
    });
    await expect(load()).rejects.toThrow(/datasets\.tiny\.splits\.test\.images\.bytes: is 7/);
  });

  it('refuses file paths that leave the data directory', async () => {
    await editManifest((m) => (m.datasets.tiny.splits.val.images.file = '../../etc/passwd'));
    await expect(load()).rejects.toThrow(/datasets\.tiny\.splits\.val\.images\.file: must be a relative path/);
    await expect(nodeFetchBytes(dir)('../outside')).rejects.toThrow(/outside/);
  });

  it('reports JSON syntax errors', async () => {
    await writeFile(join(dir, 'manifest.json'), '{"version": 1,');
    await expect(load()).rejects.toThrow(/manifest\.json is not valid JSON/);
  });

  it('a broken entry of another dataset blocks neither loading nor rebuilding', async () => {
    await editManifest((m) => (m.datasets.broken = { source: 'x' }));
    expect((await load()).train.count).toBe(6);
    const warnings: string[] = [];
    const m = await readManifestOrEmpty(dir, (w) => warnings.push(w));
    expect(Object.keys(m.datasets)).toEqual(['tiny']);
    expect(warnings.join('\n')).toMatch(/datasets\.broken\.seed: [\s\S]*dropping the entry of broken/);
  });
});

describe('normalizeBatch', () => {
  it('maps x to (x/255 − mean)/std for the requested images only', () => {
    const images = Uint8Array.from([0, 255, 1, 2, 51, 102, 9, 9]); // four "images" of two pixels
    const out = normalizeBatch(images, 1, 2, 2, 0.1307, 0.3081);
    const f = (x: number) => (x / 255 - 0.1307) / 0.3081;
    expect(out.length).toBe(4);
    [1, 2, 51, 102].forEach((x, k) => expect(out[k]).toBeCloseTo(f(x), 6));
  });

  it('reuses out and normalises per channel (channels last)', () => {
    const out = new Float32Array(8).fill(-99);
    const images = Uint8Array.from([255, 0, 255, 0]); // one image of two pixels × two channels
    expect(normalizeBatch(images, 0, 1, 4, [0.5, 0], [0.5, 1], out)).toBe(out);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 0, 1, 0]);
    expect(out[4]).toBe(-99);
  });

  it('refuses a batch past the end', () => {
    expect(() => normalizeBatch(new Uint8Array(8), 3, 2, 2, 0, 1)).toThrow(/out of range/);
  });
});
