/**
 * `npm run front` as a process: the committed paper study's report (docs/results/paper-study.json), and a bad
 * argument said in one line with exit code 2.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

async function front(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/front.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run front', () => {
  it("the paper study: a method table per setting (held and SPEC's recipe), every run's point with its setting", async () => {
    const { code, stdout } = await front(['docs/results/paper-study.json', '--metric', 'error']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^54 finished runs of 54; x: task 1 test error %/);
    expect(stdout).toContain('MDMTN · held recipe:');
    expect(stdout).toContain('MDMTN · paper recipe:');
    // reproduction.md §8's numbers, as before the tables were split by setting (one reference point for all).
    for (const hv of ['58.1999', '53.8926', '20.2621']) expect(stdout).toContain(`| 18 | 4 | ${hv} |`);
  }, 60_000);

  it('a bad argument: one line, exit code 2', async () => {
    const { code, stderr } = await front(['docs/results/paper-study.json', '--metric', 'accuracy']);
    expect(code).toBe(2);
    expect(stderr).toBe("error: --metric must be one of loss, error, got 'accuracy'\n\nnpm run front -- --help for the options\n");
  }, 60_000);
});
