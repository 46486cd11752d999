/**
 * How this project launches Chromium, shared by the e2e tests (playwright.config.ts) and the benchmarks
 * (bench/lib/server.ts): Debian's Chromium (Playwright cannot download browsers here; CHROMIUM_PATH overrides)
 * with WebGPU exposed and the background traffic switched off.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
