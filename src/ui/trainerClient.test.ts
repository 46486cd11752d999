/**
 * The main trainer worker's life as the app sees it (trainerClient.ts), against stand-in workers: ready, a crash that
 * fails its runs and leaves the app "crashed", a restart that starts a new worker (ignored while one lives), and
 * commands that reach the new worker, never the dead one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWorker, settle } from './testing/fakeWorker';
import { useAppStore } from './store';
import { useRunsStore } from './runs/runsStore';
import { emptyRuns } from './runs/runsState';
import { newNetworkRun } from './runs/runRecord';
import { defaultSettings, resolveConfig } from '../experiment/config';
import type { RunRequest } from '../workers/protocol';
import { WorkerClient } from './worker/workerClient';
import { runFeed, type TrainerWorkerHooks } from './worker/trainerWorkers';

const started: FakeWorker[] = [];
vi.mock('./worker/trainerWorkers', async (original) => ({
  ...(await original<typeof import('./worker/trainerWorkers')>()),
  startTrainerWorker: (name: string, label: string, hooks: TrainerWorkerHooks = {}) => {
    const worker = new FakeWorker({ name: 'wasm', forced: false, passedOver: [], runsAtOnce: 1 });
    started.push(worker);
    return new WorkerClient(worker, { name, label, ...runFeed(name, hooks) });
  },
}));

const { startTrainer } = await import('./trainerClient');

beforeEach(() => {
  started.length = 0;
  useAppStore.setState({ status: 'starting', backend: null, notices: [], selfTest: { state: 'idle' } });
  useRunsStore.setState(emptyRuns());
});
afterEach(() => started.forEach((w) => w.terminate()));

describe('the trainer client', () => {
  it('restarts a worker that crashed (not one that lives); commands then reach the new worker', async () => {
    const gone = vi.fn();
    const client = startTrainer({ onGone: gone });
    await vi.waitFor(() => expect(useAppStore.getState().status).toBe('ready'));
    client.restart();
    expect(started).toHaveLength(1);

    started[0].crash('out of memory');
    expect(useAppStore.getState().status).toBe('crashed');
    expect(gone).toHaveBeenCalledTimes(1);
    expect(await client.command('Pausing', (api) => api.pause())).toBeUndefined();
    expect(started[0].calls.map((c) => c.method)).not.toContain('pause');

    client.restart();
    expect(started).toHaveLength(2);
    expect(useAppStore.getState().backend).toBeNull();
    await vi.waitFor(() => expect(useAppStore.getState().status).toBe('ready'));
    expect(useAppStore.getState().backend?.name).toBe('wasm');
    await client.command('Pausing', (api) => api.pause());
    await settle();
    expect(started[1].calls.map((c) => c.method)).toEqual(['connect', 'init', 'pause']);
    expect(client.worker.gone).toBeNull();
  });

  it('hands the runs that waited in the dead worker’s queue to the new one, and starts them where the queue was going', async () => {
    const client = startTrainer();
    await vi.waitFor(() => expect(useAppStore.getState().status).toBe('ready'));
    const config = resolveConfig(defaultSettings('tiny'), [0.2, 0.4, 0.4]);
    useRunsStore.getState().add([newNetworkRun('a', 1, config), newNetworkRun('b', 2, config), newNetworkRun('c', 3, config)]);
    started[0].send([{ kind: 'state', state: 'running', runIds: ['a'], queued: ['b', 'c'], processing: true }]);
    await vi.waitFor(() => expect(useRunsStore.getState().byId.get('a')?.state).toBe('running'));

    started[0].crash('out of memory');
    expect([...useRunsStore.getState().byId.values()].map((r) => r.state)).toEqual(['failed', 'queued', 'queued']);
    expect(useAppStore.getState().notices.map((n) => n.message)).toEqual([expect.stringContaining('. The 2 queued runs wait for the trainer to start again.')]);

    client.restart();
    await vi.waitFor(() => expect(started[1].calls.map((c) => c.method)).toEqual(['connect', 'init', 'enqueue', 'startQueue']));
    expect((started[1].calls[2].args[0] as RunRequest[]).map((r) => [r.id, r.config])).toEqual([['b', config], ['c', config]]);
    expect(useRunsStore.getState().byId.get('a')?.state).toBe('failed');
  });
});
