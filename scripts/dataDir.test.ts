import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataDir, REPOSITORY_DATA_DIR } from './dataDir';

describe('the data folder of npm run train, checked before any work', () => {
  const folder = mkdtempSync(join(tmpdir(), 'paretoscope-data-'));
  const missing = join(folder, 'nothing');

  it('names the folder, where it came from, what is wrong and the command that prepares it there', async () => {
    await expect(checkDataDir(missing, 'multimnist', true)).rejects.toThrow(`--data ${missing}: no such folder; prepare it with npm run data -- --out ${missing}, or give the folder that holds it`);
    await expect(checkDataDir(folder, 'cifar10mnist', false)).rejects.toThrow(
      `the data folder ${folder} (--data, or PARETOSCOPE_DATA_DIR, says where): has no manifest.json; prepare it with npm run data -- cifar10mnist`,
    );
  });

  it("refuses a manifest without the problem's data, or one that cannot be read; takes a prepared folder", async () => {
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ version: 1, datasets: {} }));
    await expect(checkDataDir(folder, 'cifar10mnist', true)).rejects.toThrow(`--data ${folder}: not prepared (manifest.json has no cifar10mnist); prepare it with npm run data -- cifar10mnist --out ${folder}`);
    writeFileSync(join(folder, 'manifest.json'), '{"version": 1, "datas');
    await expect(checkDataDir(folder, 'multimnist', true)).rejects.toThrow(/^--data .*: .*manifest\.json.*; prepare it with npm run data -- --out /);
    // The repository's own folder, where the data is prepared (CI prepares it before the tests).
    await expect(checkDataDir(REPOSITORY_DATA_DIR, 'multimnist', false)).resolves.toBeUndefined();
    await expect(checkDataDir('synthetic', 'multimnist', true)).resolves.toBeUndefined();
  });
});
