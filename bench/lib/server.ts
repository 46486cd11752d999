/**
 * Build-and-serve plumbing shared by the browser benchmarks (`npm run bench`, `npm run bench:front`): a Vite
 * production build into a temporary folder (so that `dist/` of the e2e tests is left alone), `vite preview`
 * on a free localhost port with the COOP/COEP headers of vite.config.ts (checked on the first response), and
 * Debian Chromium (headless; CHROMIUM_PATH overrides /usr/bin/chromium) with WebGPU exposed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromiumLaunch';

const sh = (cmd: string, args: string[], opts: { detached?: boolean } = {}): ChildProcess =>
  spawn(cmd, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached ?? false });

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}

/**
 * `npx vite build` with the project's vite.config.ts. `root` (relative to the repository) builds another
 * page than the app, e.g. `bench/browser`; outDir should be absolute. Resolves to the build's seconds.
 */
export async function viteBuild(outDir: string, root?: string): Promise<number> {
  const started = performance.now();
  const args = ['vite', 'build', ...(root ? [root, '--config', 'vite.config.ts'] : []), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  const child = sh('npx', args);
  const output = collect(child);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`npx ${args.join(' ')} failed (exit ${code}):\n${output()}`);
  return (performance.now() - started) / 1000;
}

/** A port that was free a moment ago (the OS picks it: listen(0)). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/**
 * `npx vite preview` as a child process in its own process group (so that stopping it stops vite, not just
 * npx). Resolves once `<url>/<page>` answers with the isolation headers; rejects if they are missing.
 */
export async function startPreview(outDir: string, options: { root?: string; page?: string; timeoutMs?: number } = {}): Promise<Preview> {
  const { root, page = '', timeoutMs = 60_000 } = options;
  const port = await freePort();
  const args = ['vite', 'preview', ...(root ? [root, '--config', 'vite.config.ts'] : []), '--port', String(port), '--strictPort', '--outDir', outDir];
  const child = sh('npx', args, { detached: true });
  const output = collect(child);
  let exited: number | null | undefined;
  const closed = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      exited = code;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited !== undefined || child.pid === undefined) return;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 3000);
    await closed;
    clearTimeout(timer);
  };
  const url = `http://localhost:${port}`;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`vite preview exited (code ${exited}) before serving:\n${output()}`);
    try {
      const res = await fetch(`${url}/${page}`);
      if (res.ok) {
        const coop = res.headers.get('cross-origin-opener-policy');
        const coep = res.headers.get('cross-origin-embedder-policy');
        if (coop !== 'same-origin' || coep !== 'require-corp') {
          await stop();
          throw new Error(`vite preview does not send the isolation headers (COOP: ${coop}, COEP: ${coep}); see vite.config.ts`);
        }
        return { url, stop };
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('vite preview does not')) throw error;
      /* not listening yet */
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`vite preview did not answer on ${url} within ${timeoutMs / 1000} s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Headless Chromium with WebGPU exposed. `allow_unsafe_apis` lets Dawn grant the adapter's timestamp-query
 * feature, which TF.js's WebGPU backend needs for per-kernel GPU times (tf.profile, tf.time).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-dawn-features=allow_unsafe_apis'],
  });
}

export interface ServedBuild {
  preview: Preview;
  browser: Browser;
  buildSeconds: number;
}

/**
 * Builds a page into a fresh temporary folder (`build`), serves it (`serve`), opens headless Chromium and hands
 * both to `body`; afterwards — and on Ctrl-C / SIGTERM — closes the browser, stops the server and removes the folder.
 */
export async function withServedBuild<T>(
  tempPrefix: string,
  build: (outDir: string) => Promise<number>,
  serve: (outDir: string) => Promise<Preview>,
  body: (served: ServedBuild) => Promise<T>,
): Promise<T> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await preview?.stop();
    rmSync(outDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the browser and the preview server`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const buildSeconds = await build(outDir);
    preview = await serve(outDir);
    browser = await launchChromium();
    return await body({ preview, browser, buildSeconds });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
