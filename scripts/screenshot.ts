/**
 * Takes docs/screenshot.png, the README's picture: the explorer at 1280×800 after "Run all" on a link with the
 * default front's five preferences (quick budget, graded recipe: k₀ = 0 … 0.6, tasks weighted equally), once the five
 * front points are drawn (a few minutes on wasm).
 *
 * Serve the production build first, then run this (docs/development.md):
 *   npx vite build && npx vite preview --port 4310 --strictPort &
 *   npx tsx scripts/screenshot.ts [--base http://localhost:4310] [--out docs/screenshot.png]
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromiumLaunch';

const LINK = '#v=3&k=0.1,0.45,0.45&q=0,0.5,0.5;0.02,0.49,0.49;0.1,0.45,0.45;0.3,0.35,0.35;0.6,0.2,0.2&sparsityAxis=1';
const POINTS = 5;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const base = option('base', 'http://localhost:4310').replace(/\/$/, '');
  const out = option('out', 'docs/screenshot.png');
  try {
    await fetch(base);
  } catch {
    throw new Error(`nothing answers at ${base}: start the preview server first (npx vite build && npx vite preview --port 4310 --strictPort)`);
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/${LINK}`);
    await page.getByTestId('run-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 120_000 });
    await page.getByTestId('run-all').click();
    // A quick run takes about 40 s on wasm.
    await page.locator(`[data-testid="front-point"] >> nth=${POINTS - 1}`).waitFor({ timeout: 900_000 });
    await page.locator('[data-testid="run-item"][data-state="finished"]').nth(POINTS - 1).waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0)); // clicking "Run all" scrolled the page
    await page.waitForTimeout(500); // let the charts' transitions settle
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
