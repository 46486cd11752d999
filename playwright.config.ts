import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromiumLaunch';

/**
 * E2E tests run the production build (`vite build && vite preview`) in the system Chromium: Playwright's
 * own browser downloads are not available here. Set CHROMIUM_PATH to use another Chromium/Chrome binary.
 * The app is served on http://localhost, a secure context, so WebGPU is exposed.
 */
// E2E_PORT lets two checkouts run their e2e suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);

/** Chromium as the tests launch it (both projects). */
const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  },
};

/**
 * Tests tagged @alone run after the others, one at a time: they measure wall-clock time (long tasks, a sweep cut short
 * by a reload at a given point) or want both cores (WebGPU on SwiftShader). The others run two files at once.
 */
const ALONE = /@alone/;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // WebGPU on SwiftShader compiles shaders on the CPU: be generous.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // In CI one retry beside the other worker: a test that passes on it is reported flaky, not hidden.
    { name: 'chromium', use: chromium, grepInvert: ALONE, retries: process.env.CI ? 1 : 0 },
    // After the others (a failure there skips these: the run is red either way), one at a time.
    { name: 'alone', use: chromium, grep: ALONE, workers: 1, dependencies: ['chromium'] },
  ],
  webServer: {
    command: `npx vite build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
