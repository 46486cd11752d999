import { describe, expect, it } from 'vitest';
import { DatasetMissingError, loadDataset, type Dataset } from '../engine/data/dataset';
import type { ProblemName } from '../experiment/choices';
import { DatasetCache } from './datasetCache';

const fakeDataset = (name: string) => ({ name }) as Dataset;

describe('the worker dataset cache', () => {
  it('loads each problem once and keeps both', async () => {
    const calls: ProblemName[] = [];
    const cache = new DatasetCache(async (p) => {
      calls.push(p);
      return fakeDataset(p);
    });
    expect((await cache.get('cifar10mnist')).name).toBe('cifar10mnist');
    expect((await cache.get('multimnist')).name).toBe('multimnist');
    await cache.get('cifar10mnist');
    expect(calls).toEqual(['cifar10mnist', 'multimnist']);
    expect(cache.cached()).toEqual(['cifar10mnist', 'multimnist']);
  });

  it('says how to prepare a missing dataset, forgets the failure, and keeps the other problem working', async () => {
    let prepared = false;
    const manifest = () => ({ version: 1, datasets: prepared ? { cifar10mnist: {} } : {} });
    const cache = new DatasetCache(async (p) => {
      if (p === 'multimnist') return fakeDataset(p);
      // The real loader on a manifest without the entry.
      if (!prepared) return loadDataset(p, async () => new TextEncoder().encode(JSON.stringify(manifest())));
      return fakeDataset(p);
    });
    await expect(cache.get('cifar10mnist')).rejects.toThrow(
      /^the Cifar10Mnist data are not prepared \(dataset 'cifar10mnist' is not in manifest\.json \(it has: none\).*\): run `npm run data -- cifar10mnist`, or press "Prepare data"/,
    );
    expect((await cache.get('multimnist')).name).toBe('multimnist');
    prepared = true;
    expect((await cache.get('cifar10mnist')).name).toBe('cifar10mnist');
  });

  it('recognises a missing file (HTTP 404) and passes other errors on unchanged', async () => {
    const cache = new DatasetCache(async (p) => {
      if (p === 'multimnist') throw new Error('could not read x', { cause: new DatasetMissingError('HTTP 404') });
      throw new Error('train-images.u8: sha256 mismatch');
    });
    await expect(cache.get('multimnist')).rejects.toThrow(/^the MultiMNIST data are not prepared \(could not read x\): run `npm run data`,/);
    await expect(cache.get('cifar10mnist')).rejects.toThrow(/^train-images.u8: sha256 mismatch$/);
  });
});
