import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataDir } from './dataDir';

describe('the data folder, checked before any work', () => {
  const folder = mkdtempSync(join(tmpdir(), 'paretoscope-data-'));
  const missing = join(folder, 'nothing');

  it('names the folder, where it came from and the command that prepares it there', () => {
    expect(() => checkDataDir(missing, 'multimnist', true)).toThrow(`--data ${missing} has no manifest.json: no prepared data there; prepare it with npm run data -- --out ${missing}, or give the folder that holds it`);
    expect(() => checkDataDir(missing, 'cifar10mnist', false)).toThrow(`the data folder ${missing} (--data, or PARETOSCOPE_DATA_DIR, says where) has no manifest.json: no prepared data there; prepare it with npm run data -- cifar10mnist`);
  });

  it("refuses a manifest without the problem's data, or one that cannot be read; takes one with it", () => {
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ version: 1, datasets: { multimnist: {} } }));
    expect(() => checkDataDir(folder, 'multimnist', true)).not.toThrow();
    expect(() => checkDataDir(folder, 'cifar10mnist', true)).toThrow(`--data ${folder} has no cifar10mnist data; prepare it with npm run data -- cifar10mnist --out ${folder}`);
    writeFileSync(join(folder, 'manifest.json'), '{"version": 1, "datas');
    expect(() => checkDataDir(folder, 'multimnist', true)).toThrow(/has a manifest.json that cannot be read \(.*JSON.*\)/);
  });
});
