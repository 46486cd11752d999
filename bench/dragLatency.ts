/**
 * `npm run bench:drag` — how fast a Pareto set model answers the handle in the app: the production build in headless
 * Chromium, the teaching lab on Fonseca–Fleming, one Pareto set learning run; then the preference slider is moved
 * one step at a time (arrow keys, a move every 250 ms) and each move is timed from the key press to the first frame
 * whose ringed point on the plot is the model's answer at the new preference (checked every frame). Twice: while
 * the model is still training (the worker answers between its steps; the lab's run lasts a few seconds, so only
 * the first few moves) and after it finished (the worker rebuilds it from its saved values at every question).
 *
 * Options: --backend wasm|cpu|webgpu (default wasm)  --moves N (default 40)
 * Prints the median, 90th percentile and largest latency of each phase, and how many moves got no answer.
 */
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { startPreview, viteBuild, withServedBuild } from './lib/server';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, moves: { type: 'string', default: '40' } } });

/**
 * Moves the slider `moves` times and returns each move's latency in ms (NaN: no answer within 2 s): from the key press
 * to the first frame whose ringed point carries the answer at the new k (its title names k; while the model trains
 * the point also moves at every step, at the old k, which is not an answer to the move).
 */
async function timeMoves(page: Page, moves: number): Promise<number[]> {
  const lab = page.getByTestId('teaching-lab');
  await lab.getByTestId('teaching-k1').focus();
  const latencies: number[] = [];
  for (let i = 0; i < moves; i++) {
    const pressed = await page.evaluate(() => performance.now());
    await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    const k = (await lab.getByTestId('teaching-k').textContent()) ?? '';
    const wanted = `k = (${k
      .split(',')
      .map((v) => Number(v).toFixed(3))
      .join(', ')})`;
    // The predicate runs every frame and returns the frame's time once the point is the answer at the new k.
    const answered = await page
      .waitForFunction(
        (wanted) => (document.querySelector('[data-testid="teaching-front-chart"] [data-testid="model-probe"] title')?.textContent ?? '').includes(wanted) && performance.now(),
        wanted,
        { polling: 'raf', timeout: 2000 },
      )
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => Number.NaN);
    if (process.env.BENCH_VERBOSE === '1') console.log(wanted, '|', await page.locator('[data-testid="teaching-front-chart"] [data-testid="model-probe"] title').textContent());
    latencies.push(answered - pressed);
    await page.waitForTimeout(250);
  }
  return latencies;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function summary(label: string, latencies: number[]): string {
  const answered = latencies.filter(Number.isFinite).sort((a, b) => a - b);
  if (answered.length === 0) return `${label}: no move was answered`;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  return `${label}: median ${ms(quantile(answered, 0.5))}, p90 ${ms(quantile(answered, 0.9))}, max ${ms(answered[answered.length - 1])} over ${answered.length} moves${answered.length < latencies.length ? ` (${latencies.length - answered.length} unanswered)` : ''}`;
}

async function main(): Promise<void> {
  const moves = Number(values.moves);
  await withServedBuild('paretoscope-bench-drag-', (out) => viteBuild(out), (out) => startPreview(out), async ({ preview, browser, buildSeconds }) => {
    console.log(`build ${buildSeconds.toFixed(1)} s; backend ${values.backend}; ${moves} moves a phase, one every 250 ms`);
    const page = await browser.newPage();
    await page.goto(`${preview.url}/?backend=${values.backend}#problem=fonseca-fleming&methods=psl`);
    await page.getByTestId('teaching-lab').waitFor();
    await page.locator('[data-testid="run-status"][data-status="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
    const lab = page.getByTestId('teaching-lab');
    await lab.getByTestId('sweep-button').click();
    await lab.getByTestId('model-answer').waitFor();
    await page.waitForFunction(() => /At k =/.test(document.querySelector('[data-testid="model-answer"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const training = await timeMoves(page, Math.min(moves, 6));
    await page.getByTestId('teaching-progress').filter({ hasText: '1 of 1 runs finished' }).waitFor({ timeout: 300_000 });
    const finished = await timeMoves(page, moves);
    console.log(summary('while the model trains (first moves only: the default run lasts ~2 s)', training));
    console.log(summary('after it finished (rebuilt from its saved values each time)', finished));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
