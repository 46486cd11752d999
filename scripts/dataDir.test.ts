import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDataset } from '../src/engine/data/nodeStore';
import { checkDataDir } from './dataDir';

describe('the data folder of npm run train, checked before any work', () => {
  const folder = mkdtempSync(join(tmpdir(), 'paretoscope-data-'));
  const missing = join(folder, 'nothing');

  it('names the folder, where it came from, what is wrong and the command that prepares it there', async () => {
    await expect(checkDataDir(missing, 'multimnist', true)).rejects.toThrow(`--data ${missing}: no such folder; prepare it with npm run data -- multimnist --out ${missing}, or give the folder that holds it`);
    await expect(checkDataDir(folder, 'cifar10mnist', false)).rejects.toThrow(
      `the data folder ${folder} (--data, or PARETOSCOPE_DATA_DIR, says where): has no manifest.json; prepare it with npm run data -- cifar10mnist`,
    );
  });

  it("refuses a manifest without the problem's data, or one that cannot be read; takes a prepared folder", async () => {
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ version: 1, datasets: {} }));
    await expect(checkDataDir(folder, 'cifar10mnist', true)).rejects.toThrow(`--data ${folder}: not prepared (manifest.json has no cifar10mnist); prepare it with npm run data -- cifar10mnist --out ${folder}`);
    writeFileSync(join(folder, 'manifest.json'), '{"version": 1, "datas');
    await expect(checkDataDir(folder, 'multimnist', true)).rejects.toThrow(/^--data .*: .*manifest\.json.*; prepare it with npm run data -- multimnist --out /);
    // A prepared folder (a few images, the manifest's sizes), and the synthetic data for MultiMNIST only.
    const prepared = mkdtempSync(join(tmpdir(), 'paretoscope-data-'));
    const split = (count: number) => ({ count, images: new Uint8Array(count * 28 * 28), labels: new Uint8Array(count * 2) });
    const meta = { source: 'test', seed: 1, builtWith: 'test', normalization: { mean: [0.1307], std: [0.3081] }, tasks: ['left digit', 'right digit'], classes: [10, 10], imageShape: [28, 28, 1] as [number, number, number] };
    await writeDataset(prepared, 'multimnist', meta, { train: split(4), val: split(2), test: split(2) });
    await expect(checkDataDir(prepared, 'multimnist', true)).resolves.toBeUndefined();
    await expect(checkDataDir('synthetic', 'multimnist', true)).resolves.toBeUndefined();
    await expect(checkDataDir('synthetic', 'cifar10mnist', true)).rejects.toThrow(/^--data synthetic has MultiMNIST's shapes, not cifar10mnist's$/);
    // The problem's own folder inside it: the folder to name, not a command that would nest a second data folder there.
    const inner = join(prepared, 'multimnist');
    await expect(checkDataDir(inner, 'multimnist', true)).rejects.toThrow(`--data ${inner}: has no manifest.json: it is one problem's folder of the prepared data folder ${prepared}; name that one (--data ${prepared})`);
  });
});
