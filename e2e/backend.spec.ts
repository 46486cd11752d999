import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, setSetting, stepCount, waitReady, watchConsole } from './pageHelpers';

/** matMul([[1,2,3],[4,5,6],[7,8,9]], [[9,8,7],[6,5,4],[3,2,1]]) then conv2d(1..16 as 4×4, [[1,2],[3,4]], valid). */
const EXPECTED = [30, 24, 18, 84, 69, 54, 138, 114, 90, 44, 54, 64, 84, 94, 104, 124, 134, 144];

async function runSelfTest(page: Page): Promise<{ backend: string | null; values: number[] }> {
  await page.getByTestId('self-test-button').click();
  const out = page.getByTestId('self-test');
  await expect(out).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  const values = JSON.parse((await out.getAttribute('data-values')) ?? '[]') as number[];
  return { backend: await out.getAttribute('data-backend'), values };
}

function expectClose(values: number[]) {
  expect(values).toHaveLength(EXPECTED.length);
  values.forEach((v, i) => expect(v, `value ${i}`).toBeCloseTo(EXPECTED[i], 3));
}

test('loads with the automatic backend: wasm, because WebGPU is only a software fallback', async ({ page }, testInfo) => {
  const log = watchConsole(page, { warnings: true });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Paretoscope' })).toBeVisible();
  await waitReady(page);

  const badge = page.getByTestId('backend');
  await expect(badge).toHaveText('wasm');
  // Why the GPU backends were passed over is folded under one line; opened, it says why.
  await expect(page.getByTestId('passed-over-summary')).toHaveText('why not webgpu, webgl?');
  const headerHeight = () => page.locator('.app-header').evaluate((header) => header.getBoundingClientRect().height);
  const closedHeight = await headerHeight();
  await page.getByTestId('passed-over-summary').click();
  const passedOver = page.getByTestId('passed-over');
  await expect(passedOver).toBeVisible();
  // Opened, the reasons float over the page: the header keeps its height. Escape folds them again.
  expect(await headerHeight()).toBe(closedHeight);
  await page.keyboard.press('Escape');
  await expect(passedOver).toBeHidden();
  await page.getByTestId('passed-over-summary').click();
  await expect(passedOver).toBeVisible();
  await expect(passedOver).toContainText('WebGPU adapter is a software fallback');
  await expect(passedOver).toContainText('a training step would take about a minute');
  await expect(badge).toHaveAttribute('title', /software fallback/);
  await expect(page.getByTestId('backend-detail')).toContainText(/\d+ threads?/);
  // "threaded build · 1 thread" says why on hover: the pool is half the logical cores, 1 to 4.
  await expect(page.getByTestId('backend-threads')).toHaveAttribute('title', /half the logical cores, from 1 to 4/);
  // The keyboard reaches it too: focused, it names its reason.
  await page.getByTestId('backend-threads').focus();
  await expect(page.getByTestId('backend-threads')).toBeFocused();
  await expect(page.getByTestId('backend-threads')).toHaveAttribute('aria-label', /^1 thread: .*half the logical cores/);
  // Paretoscope's SIMD kernels linked to the (threaded, shared-memory) wasm build in the worker.
  await expect(page.getByTestId('backend-detail')).toContainText('Paretoscope kernels');
  await expect(page.getByTestId('run-status')).toHaveText(/Ready.*wasm/);

  const { backend, values } = await runSelfTest(page);
  expect(backend).toBe('wasm');
  expectClose(values);
  await expect(page.getByTestId('self-test')).toHaveAttribute('data-ok', 'true');

  await attachScreenshot(page, testInfo, 'default-wasm');
  expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);

  // Narrow screens: everything still fits without sideways scrolling, the reasons opened too (the self-test's click
  // folded them: a click elsewhere does).
  await expect(passedOver).toBeHidden();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.getByTestId('passed-over-summary').click();
  await expect(passedOver).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await attachScreenshot(page, testInfo, 'default-wasm-narrow');
});

test('"why not webgpu, webgl?" folds when the keyboard moves on: on a phone its panel covered the preference handle', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  const summary = page.getByTestId('passed-over-summary');
  const passedOver = page.getByTestId('passed-over');
  await summary.press('Enter');
  await expect(passedOver).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(passedOver).toBeHidden();
  // Back on the summary (Shift+Tab), it is still closed; Enter opens it again, and Shift+Tab out folds it too.
  await page.keyboard.press('Shift+Tab');
  await expect(summary).toBeFocused();
  await expect(passedOver).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(passedOver).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(passedOver).toBeHidden();
});

test('?backend=webgpu forces WebGPU on the software adapter and it computes correctly', async ({ page }, testInfo) => {
  test.slow();
  const log = watchConsole(page, { warnings: true });
  await page.goto('/?backend=webgpu');
  await waitReady(page);
  await expect(page.getByTestId('backend'), log.join('\n')).toHaveText('webgpu');
  await expect(page.getByTestId('backend-detail')).toContainText('asked for by the link');
  await expect(page.getByTestId('passed-over')).toHaveCount(0);

  const { backend, values } = await runSelfTest(page);
  expect(backend).toBe('webgpu');
  expectClose(values);
  await attachScreenshot(page, testInfo, 'forced-webgpu');
});

test('?backend=cpu forces the plain JavaScript backend', async ({ page }, testInfo) => {
  await page.goto('/?backend=cpu');
  await waitReady(page);
  await expect(page.getByTestId('backend')).toHaveText('cpu');
  const { backend, values } = await runSelfTest(page);
  expect(backend).toBe('cpu');
  expectClose(values);
  await attachScreenshot(page, testInfo, 'forced-cpu');
});

test('?backend=webgl computes correctly, or explains why WebGL could not start', async ({ page }, testInfo) => {
  await page.goto('/?backend=webgl');
  await waitReady(page);
  const name = await page.getByTestId('backend').textContent();
  if (name === 'webgl') {
    const { backend, values } = await runSelfTest(page);
    expect(backend).toBe('webgl');
    expectClose(values);
  } else {
    // Some Chromium builds refuse software WebGL: the app must fall back and say so.
    await expect(page.getByTestId('notice-backend')).toContainText("The link's backend=webgl could not be used");
    await expect(page.getByTestId('passed-over')).toContainText('webgl');
  }
  await attachScreenshot(page, testInfo, 'forced-webgl');
});

test('atOnce in the link: the worker trains that many queued runs at once, and says so; a bad value is explained', async ({ page }) => {
  await page.goto('/#v=3&atOnce=3');
  await waitReady(page);
  await expect(page.getByTestId('backend-detail')).toContainText('trains up to 3 queued runs at once');
  await expect.poll(() => page.url()).toContain('atOnce=3');
  await page.goto('about:blank');
  await page.goto('/#v=3&atOnce=9');
  await waitReady(page);
  await expect(page.getByTestId('notice-param')).toContainText(`atOnce: "9" is out of range (a whole number from 1 to 8); using the backend's choice`);
  await expect(page.getByTestId('backend-detail')).not.toContainText('at once');
});

test('?backend=bogus explains the parameter and still loads with the default', async ({ page }, testInfo) => {
  await page.goto('/?backend=bogus');
  const notice = page.getByTestId('notice-param');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('?backend=');
  await expect(notice).toContainText('"bogus"');
  await expect(notice).toContainText('webgpu, webgl, wasm, cpu');
  await waitReady(page);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await attachScreenshot(page, testInfo, 'bogus-param');
});

const WORKER_SCRIPT = /\/assets\/trainer\.worker-[^/]*\.js$/;
const WORKER_HEADERS = { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Opener-Policy': 'same-origin' };

test('a crash of the worker shows a visible message; the trainer starts again without a reload', async ({ page }, testInfo) => {
  // The first worker script served throws while it starts; the next one is the real one.
  let served = 0;
  await page.route(WORKER_SCRIPT, (route) =>
    ++served > 1 ? route.continue() : route.fulfill({ contentType: 'text/javascript', headers: WORKER_HEADERS, body: 'throw new Error("simulated worker crash");' }),
  );
  await page.goto('/');
  const notice = page.getByTestId('notice-worker');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('The trainer worker crashed');
  await expect(notice).toContainText('simulated worker crash');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId('run-status')).toContainText('Start the trainer again');
  await expect(page.getByTestId('self-test-button')).toBeDisabled();
  await attachScreenshot(page, testInfo, 'worker-crash');

  await page.getByTestId('restart-trainer').click();
  await waitReady(page);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('restart-trainer')).toHaveCount(0);
  expectClose((await runSelfTest(page)).values);
  expect(served).toBe(2);
});

test('a worker that ends without an error fails its run and says so; a new one trains the run that waited', async ({ page }) => {
  // The worker script is wrapped: the real one, plus a way for the test to end it as a browser would, silently.
  await page.route(WORKER_SCRIPT, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      headers: WORKER_HEADERS,
      body: `export * from ${JSON.stringify(`${route.request().url()}?real`)};\nnew BroadcastChannel('e2e-end-worker').onmessage = () => self.close();`,
    }),
  );
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await setSetting(page, 'trainSubset', 8192);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(2);
  // The run that waits is short: what it shows is that it trains, on the new worker.
  await setSetting(page, 'trainSubset', 256);
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await expect(page.locator('[data-testid="run-item"][data-state="queued"]')).toHaveCount(1);
  await page.evaluate(() => new BroadcastChannel('e2e-end-worker').postMessage('end'));

  await expect(page.getByTestId('notice-worker')).toContainText('The trainer worker stopped without an error');
  await expect(page.getByTestId('notice-worker')).toContainText('The queued run waits for the trainer to start again.');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'crashed');
  await expect(page.locator('[data-testid="run-item"][data-state="failed"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="run-item"][data-state="queued"]')).toHaveCount(1);

  // The run that waited trains on the new worker (the queue was going: Run starts it), with nothing to press.
  await page.getByTestId('restart-trainer').click();
  await waitReady(page);
  await expect(page.locator('[data-testid="run-item"][data-state="finished"]')).toHaveCount(1, { timeout: 120_000 });
  await expect(page.locator('[data-testid="run-item"][data-state="failed"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="run-item"]')).toHaveCount(2);
});

test('a helper worker that crashes fails its runs with the cause; the sweep ends and the main worker goes on', async ({ page }, testInfo) => {
  // Four cores → two workers: the main one and helper 1. The first worker script served is the main worker's.
  await page.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 4 }));
  let served = 0;
  await page.route(/\/assets\/trainer\.worker-[^/]*\.js$/, (route) =>
    ++served === 1
      ? route.continue()
      : route.fulfill({
          contentType: 'text/javascript',
          headers: { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Opener-Policy': 'same-origin' },
          body: 'throw new Error("simulated helper crash");',
        }),
  );
  await page.goto('/#v=1&problem=fonseca-fleming&methods=linear,chebyshev-al&sweep=3');
  await waitReady(page);
  const lab = page.getByTestId('teaching-lab');
  await lab.getByTestId('sweep-parallel').check();
  await lab.getByTestId('sweep-button').click();

  const notice = page.getByTestId('notice-worker');
  await expect(notice).toContainText('Helper worker 1 crashed');
  await expect(notice).toContainText('simulated helper crash');
  // Which runs will not come: the three it was given.
  await expect(notice).toContainText(/Teaching runs \d+, \d+ and \d+, which it was given, failed\./);
  // The main worker's three runs finish; the helper's three failed: nothing is left waiting.
  await expect(page.getByTestId('teaching-progress')).toContainText('3 of 6 runs finished', { timeout: 150_000 });
  await expect(lab.getByTestId('teaching-stop')).toBeDisabled();
  await expect(page.getByTestId('teaching-status')).toHaveAttribute('data-status', 'ready');
  expect(served).toBe(2);
  await attachScreenshot(page, testInfo, 'helper-crash');
});
