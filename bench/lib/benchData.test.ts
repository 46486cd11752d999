/**
 * The benches' --data, found as npm run train finds its data folder: from the folder the command was typed in, or
 * without --data PARETOSCOPE_DATA_DIR or this repository's public/data, wherever the bench runs; a folder that cannot
 * serve the run said in one line naming it. The benches run from another folder (a few seconds: one tiny run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isDatasetMissing } from '../../src/engine/data/dataset';
import { REPOSITORY_DATA_DIR } from '../../scripts/dataDir';
import { benchDataDir, checkBenchData } from './benchData';
import { runToEnd } from './testing/runToEnd';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = pathToFileURL(createRequire(ROOT).resolve('tsx')).href;
/** A folder of one's own, not the repository's root: where a bench started with tsx by hand runs. */
const elsewhere = mkdtempSync(join(tmpdir(), 'paretoscope-bench-cwd-'));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

/** A bench run from `elsewhere`, without npm (no INIT_CWD) and without PARETOSCOPE_DATA_DIR unless given. */
function benchElsewhere(script: string, args: string[], env: Record<string, string> = {}) {
  const { INIT_CWD: _init, PARETOSCOPE_DATA_DIR: _dir, ...inherited } = process.env;
  return runToEnd(process.execPath, ['--import', TSX, join(ROOT, script), ...args], { cwd: elsewhere, env: { ...inherited, ...env } });
}

describe("the benches' --data", () => {
  it("is npm run train's data folder: this repository's public/data or PARETOSCOPE_DATA_DIR, a typed folder read where it was typed", () => {
    expect(benchDataDir(undefined, {})).toBe(REPOSITORY_DATA_DIR);
    expect(benchDataDir(undefined, { PARETOSCOPE_DATA_DIR: '/srv/data' })).toBe('/srv/data');
    // npm run starts the bench in the repository's root; INIT_CWD is where the command was typed.
    expect(benchDataDir('mine', { INIT_CWD: '/home/me/work' })).toBe('/home/me/work/mine');
    expect(benchDataDir('/abs/data', {})).toBe('/abs/data');
    expect(() => benchDataDir('synthetic', {})).toThrow("--data synthetic is npm run train's smoke test: a bench measures prepared data (npm run data)");
  });

  it('a folder without the data: one line naming it, where it came from and how to prepare it', async () => {
    const missing = join(elsewhere, 'nothing');
    const refused = checkBenchData(missing, 'multimnist', true);
    await expect(refused).rejects.toThrow(`--data ${missing}: no such folder; prepare it with npm run data -- multimnist --out ${missing}, or give the folder that holds it`);
    expect(isDatasetMissing(await refused.catch((error: unknown) => error))).toBe(true);
    await expect(checkBenchData(REPOSITORY_DATA_DIR, 'multimnist', false)).resolves.toBeUndefined();
  });

  it('run from another folder, a bench finds the data npm run train finds, and names a folder that has none', async () => {
    const args = ['--multimnist', '--methods', 'linear', '--size', '1', '--budget', 'tiny', '--backend', 'cpu'];
    const ran = await benchElsewhere('bench/methods.ts', args);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^\| Linear \| +1 \|/m);
    // A folder typed is read from the folder the command runs in; none there: one line, no usage after it.
    const typed = await benchElsewhere('bench/defaultFront.ts', ['--data', 'nothing']);
    expect(typed.status).toBe(1);
    expect(typed.stderr).toBe(`error: --data ${join(elsewhere, 'nothing')}: no such folder; prepare it with npm run data -- multimnist --out ${join(elsewhere, 'nothing')}, or give the folder that holds it\n`);
    const empty = mkdtempSync(join(elsewhere, 'empty-'));
    const fromEnv = await benchElsewhere('bench/pslNetwork.ts', [], { PARETOSCOPE_DATA_DIR: empty });
    expect(fromEnv.status).toBe(1);
    expect(fromEnv.stderr).toBe(`error: the data folder ${empty} (--data, or PARETOSCOPE_DATA_DIR, says where): has no manifest.json; prepare it with npm run data -- multimnist\n`);
  }, 120_000);
});
