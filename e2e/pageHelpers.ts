/** Small page helpers the end-to-end specs share. */
import { expect, type Page } from '@playwright/test';

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
