/** A result that cannot be written where asked is written to the temp folder, and the error says where. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ResultNotWrittenError, writeResultFile } from './resultFile';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'paretoscope-result-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('writing a result file', () => {
  it('--out -: the whole JSON reaches a pipe before the command exits (a pipe takes it asynchronously)', async () => {
    // About 2 MB, as a long run's readings are: many times what a pipe holds at once.
    const script = `import { writeResultFile } from './scripts/resultFile.ts'; await writeResultFile('-', { steps: Array.from({ length: 40000 }, (_, i) => ({ step: i, value: i / 7 })) }); process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    expect(stdout.length).toBeGreaterThan(1_000_000);
    expect((JSON.parse(stdout) as { steps: unknown[] }).steps).toHaveLength(40000);
  }, 60_000);

  it('writes where asked, and says so', async () => {
    const said = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const path = join(folder, 'r.json');
    await writeResultFile(path, { final: 1 });
    expect(said).toHaveBeenCalledWith(`wrote ${path}\n`);
    said.mockRestore();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ final: 1 });
  });

  it('where the path cannot be written (its folder gone), keeps the result in the temp folder and names it', async () => {
    const path = join(folder, 'gone', 'r.json');
    const now = 1234567;
    const error = await writeResultFile(path, { final: 2 }, now).then(
      () => null,
      (e: unknown) => e,
    );
    const fallback = join(tmpdir(), `paretoscope-result-${now}.json`);
    expect(error).toBeInstanceOf(ResultNotWrittenError);
    expect((error as Error).message).toMatch(new RegExp(`^the training ended, but ${path} could not be written \\(ENOENT.*\\): the result is in ${fallback}$`));
    expect(existsSync(fallback) && JSON.parse(readFileSync(fallback, 'utf8'))).toEqual({ final: 2 });
    rmSync(fallback);
  });

  it('where the temp folder cannot be written either, says both and that the file is lost', async () => {
    const before = process.env.TMPDIR;
    process.env.TMPDIR = join(folder, 'no-temp');
    try {
      await expect(writeResultFile(join(folder, 'gone', 'r.json'), { final: 3 }, 7)).rejects.toThrow(
        new RegExp(`could not be written \\(ENOENT.*\\), nor ${join(folder, 'no-temp', 'paretoscope-result-7.json')} \\(ENOENT.*\\): the result file is lost; the summary above has its numbers$`),
      );
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
