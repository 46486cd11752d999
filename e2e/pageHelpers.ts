/** Small page helpers the end-to-end specs share. */
import { expect, type Page, type TestInfo } from '@playwright/test';

/** Collects uncaught page errors (their messages) from now on. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Waits until the worker has chosen its backend and the app is ready to run. */
export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'ready');
}

/** Opens the explorer's "Hyper-parameters" section if it is closed. */
export async function openHyperParameters(page: Page): Promise<void> {
  const details = page.locator('details.hyper-parameters');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** Collects console errors (and warnings with `warnings`) and uncaught page errors, to show when a step fails. */
export function watchConsole(page: Page, { warnings = false } = {}): string[] {
  const lines: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || (warnings && msg.type() === 'warning')) lines.push(`[${msg.type() === 'error' ? 'console.error' : msg.type()}] ${msg.text()}`);
  });
  page.on('pageerror', (err) => lines.push(`[pageerror] ${err.message}`));
  return lines;
}

/** A full-page screenshot, saved under test-results/<test>/ (kept after the run) and attached to the report. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Sets one of the explorer's hyper-parameters (opening their section first). */
export async function setSetting(page: Page, field: string, value: number): Promise<void> {
  await openHyperParameters(page);
  await page.getByTestId(`setting-${field}`).fill(String(value));
}

/** The explorer's step counter. */
export const stepCount = async (page: Page): Promise<number> => Number(await page.getByTestId('step-counter').getAttribute('data-step'));
