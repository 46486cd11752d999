/**
 * Driving the app (the production build) in Chromium to measure the time to the Pareto front on one backend:
 * used by `npm run bench:front` (bench/timeToFront.ts) and by `npm run bench` (its app rows). Through the UI
 * only — test ids and accessible names, as e2e/explorer.spec.ts does: in a fresh browser context, open
 * `/#v=<today's link version>&budget=<budget>&backend=<b>` (what a newcomer gets: today's default recipe), wait until the worker is ready on that backend, queue 5 preference vectors
 * spread over the simplex, press "Start queue" and measure from that click the time to the first front point
 * and to 5 points (the page is sampled every 100 ms) and the main-thread long tasks (PerformanceObserver
 * 'longtask') while training. Hitting the time limit is a measurement (the row says how far it got), not an error.
 */
import os from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { SCHEMA_VERSION } from '../../src/experiment/link/experiment';
import { kText } from '../../src/experiment/preference';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];
export const BUDGETS = ['quick', 'tiny', 'paper'] as const;
export type Budget = (typeof BUDGETS)[number];

/** Five preference vectors k = (sparsity, task 1, task 2) spread over the simplex (all sparse runs, k₀ > 0). */
export const PREFERENCES: [number, number, number][] = [
  [0.6, 0.2, 0.2],
  [0.2, 0.6, 0.2],
  [0.2, 0.2, 0.6],
  [0.34, 0.33, 0.33],
  [0.05, 0.475, 0.475],
];
export const TARGET_POINTS = PREFERENCES.length;

interface Probe {
  __longTasks: { start: number; duration: number }[];
  __frontTimes: number[];
  __lastClick: number;
}

/** Before any page script: long-task observer, the front-point sampler and the time of the last click. */
function installProbes(): void {
  const w = window as unknown as Probe;
  w.__longTasks = [];
  w.__frontTimes = [];
  w.__lastClick = Number.NaN;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.addEventListener('click', () => (w.__lastClick = performance.now()), true);
  setInterval(() => {
    const n = document.querySelectorAll('[data-testid="front-point"]').length;
    while (w.__frontTimes.length < n) w.__frontTimes.push(performance.now());
  }, 100);
}

export interface Workload {
  budgetLabel: string;
  network: string;
  trainImages: string;
  valImages: string;
  testImages: string;
  batchSize: string;
  /** e.g. "search 2×1 + retrain 2×1 epochs (plain runs: 4×1)" */
  epochs: string;
  /** short form for the table */
  short: string;
}

async function readWorkload(page: Page): Promise<Workload> {
  const value = (field: string) => page.getByTestId(`setting-${field}`).inputValue();
  const selectedText = (testId: string) => page.getByTestId(testId).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
  const [budgetLabel, networkLabel, network, train, val, test, batch, si, ie, ri, rie, pi] = await Promise.all([
    selectedText('budget'),
    selectedText('network'),
    page.getByTestId('network').inputValue(),
    value('trainSubset'),
    value('valSubset'),
    value('testSubset'),
    value('batchSize'),
    value('searchIterations'),
    value('innerEpochs'),
    value('retrainIterations'),
    value('retrainInnerEpochs'),
    value('plainIterations'),
  ]);
  const all = (v: string) => (v === '' ? 'all' : Number(v).toLocaleString('en-US'));
  const searchEpochs = Number(si) * Number(ie);
  const retrainEpochs = Number(ri) * Number(rie);
  return {
    budgetLabel,
    network: networkLabel || network,
    trainImages: all(train),
    valImages: all(val),
    testImages: all(test),
    batchSize: batch,
    epochs: `search ${si}×${ie} + retrain ${ri}×${rie} epochs (a plain run, k₀ = 0, gets ${pi}×${ie})`,
    short: `${network.toUpperCase()}, ${all(train)} img, ${searchEpochs}+${retrainEpochs} ep`,
  };
}

/**
 * Sets k exactly through the number fields, as a user types it: k₀, then k₁, each committed with Enter (a typed
 * number is a draft until then); the entry edited before stays and the third takes the rest (PreferenceInputs.tsx).
 */
async function setPreference(page: Page, [k0, k1]: [number, number, number]): Promise<number[]> {
  for (const [i, v] of [k0, k1].entries()) {
    await page.getByTestId(`preference-k${i}`).fill(String(v));
    await page.getByTestId(`preference-k${i}`).press('Enter');
  }
  return Promise.all([0, 1, 2].map(async (i) => Number(await page.getByTestId(`preference-k${i}`).inputValue())));
}

const statusOf = (page: Page) => page.getByTestId('run-status').getAttribute('data-status');

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, fail?: () => string | undefined): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const problem = fail?.();
    if (problem) throw new Error(`${what}: ${problem}`);
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface Result {
  backend: Backend;
  /** The link's atOnce (queued runs trained at once); absent: the backend's choice. */
  atOnce?: number;
  /** what the page's backend badge says (device, threads) */
  detail: string;
  crossOriginIsolated: boolean;
  workload?: Workload;
  preferences: number[][];
  setupSeconds: number;
  limitMinutes: number;
  /** seconds from "Start queue" to the 1st, 2nd, ... front point */
  pointSeconds: number[];
  elapsedSeconds: number;
  limitHit: boolean;
  /** the step counter of the active run when the limit was hit */
  atLimit?: string;
  longestTaskMs: number;
  longTasks: number;
  longTasksOver200: number;
  loadAverage: number[];
  consoleErrors: string[];
  /** responses with status ≥ 400 (URL and status) */
  failedRequests: string[];
  error?: string;
}

export async function measureBackend(browser: Browser, baseUrl: string, backend: Backend, budget: Budget, limitMinutes: number, setupMinutes: number, atOnce?: number): Promise<Result> {
  const result: Result = {
    backend,
    ...(atOnce !== undefined ? { atOnce } : {}),
    detail: '',
    crossOriginIsolated: false,
    preferences: [],
    setupSeconds: Number.NaN,
    limitMinutes,
    pointSeconds: [],
    elapsedSeconds: 0,
    limitHit: false,
    longestTaskMs: 0,
    longTasks: 0,
    longTasksOver200: 0,
    loadAverage: [],
    consoleErrors: [],
    failedRequests: [],
  };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') result.consoleErrors.push(`${msg.text()}${msg.location().url ? ` (${msg.location().url.replace(baseUrl, '')})` : ''}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) result.failedRequests.push(`${res.status()} ${res.url().replace(baseUrl, '')}`);
  });
  const pageProblem = () => (pageErrors.length > 0 ? `page error: ${pageErrors.join(' | ')}` : undefined);
  try {
    await page.addInitScript(installProbes);
    const setupStarted = performance.now();
    await page.goto(`${baseUrl}/#v=${SCHEMA_VERSION}&budget=${budget}&backend=${backend}${atOnce !== undefined ? `&atOnce=${atOnce}` : ''}`, { timeout: 60_000 });
    await waitFor(
      'worker ready',
      setupMinutes * 60_000,
      async () => {
        const s = await statusOf(page);
        if (s === 'failed' || s === 'crashed') throw new Error(`the worker ${s}: ${await page.getByTestId('run-status').textContent()}`);
        return s === 'ready' ? true : undefined;
      },
      pageProblem,
    );
    result.setupSeconds = (performance.now() - setupStarted) / 1000;
    const active = (await page.getByTestId('backend').textContent())?.trim();
    result.detail = (await page.getByTestId('backend-detail').textContent())?.trim() ?? '';
    result.crossOriginIsolated = await page.evaluate(() => self.crossOriginIsolated);
    if (active !== backend) {
      const passed = (await page.getByTestId('passed-over').count()) > 0 ? await page.getByTestId('passed-over').innerText() : '';
      throw new Error(`asked for ${backend} in the link, but the page runs on ${active}. ${passed.replace(/\s+/g, ' ')}`);
    }
    const budgetSelect = page.getByTestId('budget');
    if ((await budgetSelect.inputValue()) !== budget) await budgetSelect.selectOption(budget);
    result.workload = await readWorkload(page);

    for (const k of PREFERENCES) {
      const got = await setPreference(page, k);
      if (got.some((v, i) => Math.abs(v - k[i]) > 0.002)) throw new Error(`could not set ${kText(k)}: the fields show (${got.join(', ')})`);
      result.preferences.push(got);
      await page.getByRole('button', { name: 'Add to queue' }).click();
    }
    await waitFor('5 queued runs', 30_000, async () => ((await page.getByTestId('run-item').count()) === TARGET_POINTS ? true : undefined), pageProblem);

    await page.getByRole('button', { name: /^Start queue/ }).click();
    const t0 = await page.evaluate(() => (window as unknown as Probe).__lastClick);
    if (!Number.isFinite(t0)) throw new Error('the click on "Start queue" was not seen by the page');
    const limitMs = limitMinutes * 60_000;
    for (;;) {
      const problem = pageProblem();
      if (problem) throw new Error(problem);
      const [now, times] = await page.evaluate(() => [performance.now(), (window as unknown as Probe).__frontTimes] as const);
      result.pointSeconds = times.map((t) => (t - t0) / 1000);
      result.elapsedSeconds = (now - t0) / 1000;
      if (times.length >= TARGET_POINTS) {
        result.elapsedSeconds = result.pointSeconds[TARGET_POINTS - 1];
        break;
      }
      const failed = page.locator('[data-testid="run-item"][data-state="failed"]');
      if ((await failed.count()) > 0) throw new Error(`a run failed: ${(await failed.first().innerText()).replace(/\s+/g, ' ')}`);
      const s = await statusOf(page);
      if (s === 'failed' || s === 'crashed') throw new Error(`the worker ${s}: ${await page.getByTestId('run-status').textContent()}`);
      if (now - t0 > limitMs) {
        result.limitHit = true;
        const counter = (await page.getByTestId('step-counter').textContent())?.trim() ?? '';
        const eta = (await page.getByTestId('eta').textContent())?.trim() ?? '';
        const running = await page.locator('[data-testid="run-item"]:not([data-state="queued"]):not([data-state="finished"])').count();
        result.atLimit = `${running > 0 ? `run ${times.length + 1}: ` : ''}${counter}, ${eta}`;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const tasks = await page.evaluate(
      ([from, to]) => (window as unknown as Probe).__longTasks.filter((e) => e.start >= from && e.start <= to),
      [t0, t0 + result.elapsedSeconds * 1000] as const,
    );
    result.longTasks = tasks.length;
    result.longTasksOver200 = tasks.filter((t) => t.duration > 200).length;
    result.longestTaskMs = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    result.loadAverage = os.loadavg();
    await context.close().catch(() => undefined);
  }
  return result;
}
