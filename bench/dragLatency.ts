/**
 * `npm run bench:drag` — how fast a Pareto set model answers the handle in the app: the production build in headless
 * Chromium, one Pareto set learning run; then the preference is moved one step at a time (arrow keys, a move every
 * 250 ms) and each move is timed from the key press to the first frame whose ringed point on the plot is the model's
 * answer at the new preference (checked every frame). Twice: while the model is still training (the worker answers
 * between its steps) and after it finished.
 * - `--lab teaching` (default): Fonseca–Fleming; the lab's run lasts a few seconds, so only the first few moves come
 *   while it trains; after it, the worker rebuilds the model from its saved values at every question.
 * - `--lab explorer`: MultiMNIST, HPS, the explorer's budget (`--budget`, default quick); the model is read on
 *   PROBE_EXAMPLES validation images while it trains, FINISHED_PROBE_EXAMPLES test images after (the explorer's
 *   probeRead); after the run the worker keeps the model.
 *
 * Options: --lab teaching|explorer  --backend wasm|cpu|webgpu (default wasm)  --moves N (default 40)  --budget tiny|quick
 * Prints the median, 90th percentile and largest latency of each phase, and how many moves got no answer.
 */
import { benchCommandLine, benchFailed } from './lib/commandLine';
import { UsageError } from '../src/experiment/cli';
import type { Page } from '@playwright/test';
import { startPreview, viteBuild, withServedBuild } from './lib/server';
import { FINISHED_PROBE_EXAMPLES, PROBE_EXAMPLES } from '../src/ui/explorer/paretoModel';
import { kText } from '../src/experiment/preference';
import { numberOfText } from '../src/experiment/link/fields';

const values = benchCommandLine({ script: 'bench:drag', summary: 'How fast a Pareto set model answers the handle in the app (headless Chromium), while training and after.' }, {
    lab: { type: 'string', default: 'teaching', value: 'teaching|explorer', help: 'Fonseca–Fleming in the teaching lab, or MultiMNIST (HPS) in the explorer' },
    backend: { type: 'string', default: 'wasm', value: 'wasm|cpu|webgpu', help: "the app's TF.js backend (?backend=)" },
    moves: { type: 'string', default: '40', value: 'N', help: 'arrow-key moves of the handle per phase (while training, after), one every 250 ms (teaching: at most 6 while training)' },
    budget: { type: 'string', default: 'quick', value: 'tiny|quick', help: "the explorer's budget (--lab explorer)" },
  });

/** Where a lab's handle is, how it is moved, what its current preference reads, and its ringed point's title. */
interface Lab {
  handle: string;
  keys: [string, string];
  /** The "k = (…)" the probe's title names once it answers at the current preference. */
  wanted(page: Page): Promise<string>;
  probeTitle: string;
}

const LABS: Record<'teaching' | 'explorer', Lab> = {
  teaching: {
    handle: '[data-testid="teaching-k1"]',
    keys: ['ArrowRight', 'ArrowLeft'],
    async wanted(page) {
      const k = (await page.getByTestId('teaching-lab').getByTestId('teaching-k').textContent()) ?? '';
      return kText(k.split(',').map((v) => Number(v).toFixed(3)));
    },
    probeTitle: '[data-testid="teaching-front-chart"] [data-testid="model-probe"] title',
  },
  explorer: {
    handle: '[data-testid="preference-handle"]',
    keys: ['ArrowUp', 'ArrowDown'],
    async wanted(page) {
      const k = await Promise.all([0, 1, 2].map((i) => page.getByTestId(`preference-k${i}`).inputValue()));
      return kText(k.map(Number));
    },
    probeTitle: '[data-testid="front-chart"] [data-testid="model-probe"] title',
  },
};

/**
 * Moves the handle `moves` times and returns each move's latency in ms (NaN: no answer within 2 s): from the key
 * press to the first frame whose ringed point carries the answer at the new k (its title names k; while the model
 * trains the point may also move at the old k, which is not an answer to the move).
 */
async function timeMoves(page: Page, lab: Lab, moves: number): Promise<number[]> {
  await page.locator(lab.handle).focus();
  const latencies: number[] = [];
  for (let i = 0; i < moves; i++) {
    const pressed = await page.evaluate(() => performance.now());
    await page.keyboard.press(i % 20 < 10 ? lab.keys[0] : lab.keys[1]);
    const wanted = await lab.wanted(page);
    // The predicate runs every frame and returns the frame's time once the point is the answer at the new k.
    const answered = await page
      .waitForFunction(({ wanted, title }) => (document.querySelector(title)?.textContent ?? '').includes(wanted) && performance.now(), { wanted, title: lab.probeTitle }, { polling: 'raf', timeout: 2000 })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => Number.NaN);
    if (process.env.BENCH_VERBOSE === '1') console.log(wanted, '|', await page.locator(lab.probeTitle).textContent());
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

async function teachingPhases(page: Page, url: string, moves: number): Promise<void> {
  const lab = LABS.teaching;
  await page.goto(`${url}#problem=fonseca-fleming&methods=psl`);
  await page.getByTestId('teaching-lab').waitFor();
  await page.locator('[data-testid="run-status"][data-status="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
  await page.getByTestId('teaching-lab').getByTestId('sweep-button').click();
  await page.waitForFunction(() => /At k =/.test(document.querySelector('[data-testid="model-answer"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
  const training = await timeMoves(page, lab, Math.min(moves, 6));
  await page.getByTestId('teaching-progress').filter({ hasText: '1 of 1 runs finished' }).waitFor({ timeout: 300_000 });
  const finished = await timeMoves(page, lab, moves);
  console.log(summary('while the model trains (first moves only: the default run lasts ~2 s)', training));
  console.log(summary('after it finished (rebuilt from its saved values each time)', finished));
}

async function explorerPhases(page: Page, url: string, moves: number): Promise<void> {
  const lab = LABS.explorer;
  await page.goto(`${url}#v=3&budget=${values.budget}&method=psl`);
  await page.locator('[data-testid="run-status"][data-status="ready"]').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => /At k =/.test(document.querySelector('[data-testid="explorer-model-answer"]')?.textContent ?? ''), undefined, { timeout: 300_000 });
  const started = Date.now();
  const training = await timeMoves(page, lab, moves);
  const trainingSeconds = (Date.now() - started) / 1000;
  const ended = await page.getByTestId('front-point').count();
  await page.getByTestId('front-point').first().waitFor({ timeout: 900_000 });
  const finished = await timeMoves(page, lab, moves);
  console.log(`MultiMNIST HPS, ${values.budget} budget; the model read on ${PROBE_EXAMPLES} validation images while it trains, ${FINISHED_PROBE_EXAMPLES} test images after (fewer when the budget's subset is smaller)`);
  console.log(summary(`while the model trains (${trainingSeconds.toFixed(0)} s of moves${ended > 0 ? '; the run ended during them' : ''})`, training));
  console.log(summary('after it finished (kept in the worker)', finished));
}

async function main(): Promise<void> {
  const moves = numberOfText(values.moves);
  if (values.lab !== 'teaching' && values.lab !== 'explorer') throw new UsageError(`--lab must be teaching or explorer, got ${values.lab}`);
  await withServedBuild('paretoscope-bench-drag-', (out) => viteBuild(out), (out) => startPreview(out), async ({ preview, browser, buildSeconds }) => {
    console.log(`build ${buildSeconds.toFixed(1)} s; ${values.lab}; backend ${values.backend}; ${moves} moves a phase, one every 250 ms`);
    const page = await browser.newPage();
    const url = `${preview.url}/?backend=${values.backend}`;
    if (values.lab === 'teaching') await teachingPhases(page, url, moves);
    else await explorerPhases(page, url, moves);
  });
}

main().catch(benchFailed);
