/**
 * The app rows of `npm run bench`: builds the app into a temporary folder, serves it (COOP/COEP checked) and
 * measures the time to the front and the main thread's long tasks per backend with front/measure.ts — the
 * same measurement as `npm run bench:front`, on a budget small enough for the umbrella bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { launchChromium, startPreview, viteBuild, type Preview } from '../lib/server';
import { measureBackend, type Backend, type Budget, type Result } from './measure';

export interface AppRun {
  budget: Budget;
  limitMinutes: number;
  buildSeconds: number;
  results: Result[];
}

export async function runAppFront(backends: Backend[], budget: Budget, limitMinutes: number, log: (line: string) => void): Promise<AppRun> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'paretoscope-bench-app-'));
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  try {
    log('building the app (npx vite build) …');
    const buildSeconds = await viteBuild(outDir);
    preview = await startPreview(outDir);
    browser = await launchChromium();
    const results: Result[] = [];
    for (const backend of backends) {
      log(`app ${backend}: 5 queued runs, budget ${budget} (limit ${limitMinutes} min) …`);
      const r = await measureBackend(browser, preview.url, backend, budget, limitMinutes, 5);
      log(`app ${backend}: ${r.error ? `ERROR ${r.error}` : `${r.pointSeconds.length} points in ${r.elapsedSeconds.toFixed(1)} s`}`);
      results.push(r);
    }
    return { budget, limitMinutes, buildSeconds, results };
  } finally {
    await browser?.close().catch(() => undefined);
    await preview?.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}
