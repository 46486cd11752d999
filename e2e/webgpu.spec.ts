import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, setSetting, stepCount, waitReady, watchConsole } from './pageHelpers';

/**
 * The explorer on WebGPU (`backend=webgpu`: headless Chromium's SwiftShader adapter): tiny runs on 32 training images (two steps an epoch),
 * one alone and several at once as one stacked computation.
 */

/** A tiny run on WebGPU from `link` (32 training images: two steps an epoch): the run's point and its backend. */
async function tinyWebgpuRun(page: Page, link: string): Promise<void> {
  const log = watchConsole(page);
  await page.goto(link);
  await waitReady(page);
  await expect(page.getByTestId('backend'), log.join('\n')).toHaveText('webgpu');
  await setSetting(page, 'trainSubset', 32);
  await setSetting(page, 'valSubset', 32);
  await setSetting(page, 'testSubset', 32);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('front-point'), log.join('\n')).toHaveCount(1, { timeout: 360_000 });
  await page.getByTestId('front-point').click();
  await expect(page.getByTestId('run-metrics')).toContainText('webgpu');
}

// One run for both (SwiftShader compiles every shader of a page anew): the link's older form in the query, and the
// held-rows recipe, whose every part runs on the GPU backend.
test('?backend=webgpu&recipe=held: a tiny run really trains on WebGPU, LSUV, held zero rows and per-step tying on the GPU backend, and gives a point', { tag: '@alone' }, async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  await tinyWebgpuRun(page, '/?backend=webgpu&budget=tiny&recipe=held');
  await expect(page.getByTestId('run-settings')).toContainText('prox per epoch · held · LSUV · tied every step');
  await expect(page.getByTestId('run-item')).toHaveAttribute('data-state', 'finished');
  await attachScreenshot(page, testInfo, 'explorer-webgpu');
});

// SwiftShader is a software adapter: the worker stacks on it only when the link asks (atOnce=8).
test('Run all on WebGPU trains the list together: one stacked computation fills its three points, and each run says so', { tag: '@alone' }, async ({ page }) => {
  test.setTimeout(420_000);
  const log = watchConsole(page);
  await page.goto('/#v=3&backend=webgpu&atOnce=8&budget=tiny&q=0.2,0.4,0.4;0.25,0.4,0.35;0.3,0.35,0.35');
  await waitReady(page);
  await expect(page.getByTestId('backend'), log.join('\n')).toHaveText('webgpu');
  await expect(page.locator('.backend')).toContainText('trains up to 8 queued runs at once');
  await setSetting(page, 'trainSubset', 32);
  await setSetting(page, 'valSubset', 32);
  await setSetting(page, 'testSubset', 32);
  await page.getByTestId('run-all').click();
  await expect(page.locator('[data-testid="run-item"][data-state="running"]'), log.join('\n')).toHaveCount(3, { timeout: 120_000 });
  await expect(page.getByTestId('run-status')).toContainText('and 2 more runs at once on webgpu');
  // Paused mid-run, the front shows the followed run's trail and its two companions'.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(0);
  await expect(page.getByTestId('companion-point')).toHaveCount(2);
  for (const companion of await page.getByTestId('companion-point').all()) await expect(companion).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('front-point'), log.join('\n')).toHaveCount(3, { timeout: 360_000 });
  for (const point of await page.getByTestId('front-point').all()) {
    await point.click();
    await expect(page.getByTestId('run-metrics')).toContainText('at once with 2 other runs');
  }
});
