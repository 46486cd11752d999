/**
 * `npm run bench:drag` — how fast a Pareto set model answers the handle in the app: the production build in headless
 * Chromium, the teaching lab on Fonseca–Fleming, one Pareto set learning run; then the preference slider is moved
 * one step at a time (arrow keys, a move every 250 ms) and each move is timed from the key press to the frame after
 * the ringed point moved on the plot (a MutationObserver on its transform, then requestAnimationFrame). Twice: while
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

interface DragProbe {
  __moved: number[];
}

/** Before any page script: record the time of every change of the probe's position. */
function installProbe(): void {
  const w = window as unknown as DragProbe;
  w.__moved = [];
  new MutationObserver((records) => {
    if (records.some((r) => r.target instanceof Element && r.target.getAttribute('data-testid') === 'model-probe')) {
      requestAnimationFrame(() => w.__moved.push(performance.now()));
    }
  }).observe(document, { attributes: true, attributeFilter: ['transform'], subtree: true });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Moves the slider `moves` times and returns each move's latency in ms (NaN: no answer within 2 s). */
async function timeMoves(page: Page, moves: number): Promise<number[]> {
  const slider = page.getByTestId('teaching-lab').getByTestId('teaching-k1');
  await slider.focus();
  const latencies: number[] = [];
  for (let i = 0; i < moves; i++) {
    const before = await page.evaluate(() => (window as unknown as DragProbe).__moved.length);
    const pressed = await page.evaluate(() => performance.now());
    await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    const moved = await page
      .waitForFunction((n) => (window as unknown as DragProbe).__moved.length > n, before, { timeout: 2000 })
      .then(() => page.evaluate((n) => (window as unknown as DragProbe).__moved[n], before))
      .catch(() => Number.NaN);
    latencies.push(moved - pressed);
    await page.waitForTimeout(250);
  }
  return latencies;
}

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
    await page.addInitScript(installProbe);
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
