/**
 * Node side of the browser step benchmark: builds bench/browser (index.html, main.ts, stepBench.worker.ts)
 * with the project's vite.config.ts into a temporary folder, serves it with `vite preview` (COOP/COEP headers
 * checked) and, per backend, opens the page in a fresh Chromium context and calls `window.runBench`.
 */
import os from 'node:os';
import type { Browser } from '@playwright/test';
import { startPreview, viteBuild, withServedBuild } from '../lib/server';
import type { BackendName, BrowserRequest, BrowserResult } from './protocol';

export interface BrowserRun {
  buildSeconds: number;
  results: BrowserResult[];
}

export interface DriverOptions {
  requests: BrowserRequest[];
  /** Per backend, from opening the page to the result. */
  timeoutMinutes: number;
  log: (line: string) => void;
}

async function runOne(browser: Browser, url: string, request: BrowserRequest, timeoutMinutes: number, log: (line: string) => void): Promise<BrowserResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'log') log(`  [page] ${msg.text()}`);
    else if (msg.type() === 'error') errors.push(msg.text());
  });
  const failed = (error: string): BrowserResult => ({ backend: request.backend, pageCrossOriginIsolated: false, steps: [], error });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await page.goto(`${url}/index.html`, { timeout: 60_000 });
    await page.waitForFunction(() => typeof window.runBench === 'function', undefined, { timeout: 60_000 });
    const limit = new Promise<BrowserResult>((resolve) => {
      timer = setTimeout(() => resolve(failed(`no result within ${timeoutMinutes} min (--browser-timeout)`)), timeoutMinutes * 60_000);
    });
    const evaluation = page.evaluate((r) => window.runBench(r), request);
    // When the limit wins, closing the context rejects the evaluation: that rejection is expected.
    evaluation.catch(() => undefined);
    const result = await Promise.race([evaluation, limit]);
    if (!result.error && errors.length > 0) result.error = `page error: ${errors[0]}`;
    return result;
  } catch (error) {
    return failed(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}${errors.length ? ` (page: ${errors[0]})` : ''}`);
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
  }
}

export function runBrowserBenchmarks(options: DriverOptions): Promise<BrowserRun> {
  options.log('building bench/browser (npx vite build) …');
  return withServedBuild(
    'paretoscope-bench-step-',
    (outDir) => viteBuild(outDir, 'bench/browser'),
    (outDir) => startPreview(outDir, { root: 'bench/browser', page: 'index.html' }),
    async ({ preview, browser, buildSeconds }) => {
      options.log(`built in ${buildSeconds.toFixed(0)} s; serving on ${preview.url} (COOP/COEP checked)`);
      const results: BrowserResult[] = [];
      for (const request of options.requests) {
        options.log(`browser ${request.backend}: ${request.workloads.map((w) => `${w.net} batch ${w.batch}, ${w.warmup}+${w.steps} steps`).join('; ')} …`);
        const r = await runOne(browser, preview.url, request, options.timeoutMinutes, options.log);
        r.loadAverage = os.loadavg();
        if (r.error) options.log(`browser ${request.backend}: ERROR ${r.error}`);
        results.push(r);
      }
      return { buildSeconds, results };
    },
  );
}

export type { BackendName };
