import { describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../../workers/protocol';
import { FakeLocks, FakeWorker, settle } from '../testing/fakeWorker';
import { WorkerClient, WorkerGoneError, type LockRequester } from './workerClient';

function client(worker: FakeWorker, name = 'helper-1', label = 'helper worker 1', locks?: LockRequester) {
  const batches: WorkerMessage[][] = [];
  const gone: WorkerGoneError[] = [];
  const c = new WorkerClient(worker, { name, label, onMessages: (m) => batches.push(m), onGone: (e) => gone.push(e), locks });
  return { c, batches, gone };
}

/** Whether the promise has settled after the pending deliveries ran (false: it still hangs). */
async function settled(p: Promise<unknown>): Promise<'resolved' | 'rejected' | false> {
  let state: 'resolved' | 'rejected' | false = false;
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await settle();
  return state;
}

const state: WorkerMessage = { kind: 'state', state: 'running', runIds: ['a'], queued: [], processing: true };

describe('worker client', () => {
  it('calls the worker and passes on its batches of messages', async () => {
    const worker = new FakeWorker();
    const { c, batches, gone } = client(worker);
    await expect(c.call((api) => api.init({}))).resolves.toMatchObject({ name: 'cpu' });
    worker.send([state]);
    await settle();
    expect(batches).toEqual([[state]]);
    expect(worker.calls.map((call) => call.method)).toEqual(['connect', 'init']);
    expect(gone).toEqual([]);
    expect(c.gone).toBeNull();
  });

  it('a worker that crashes ends every pending call with an error naming it; later calls fail at once', async () => {
    const worker = new FakeWorker().hold('enqueue');
    const { c, gone } = client(worker);
    const pending = c.call((api) => api.enqueue([]));
    expect(await settled(pending)).toBe(false); // busy: no answer yet
    worker.crash('out of memory');
    await expect(pending).rejects.toThrow(WorkerGoneError);
    await expect(pending).rejects.toThrow('helper worker 1 crashed: out of memory (trainer.worker-abc.js:3:9)');
    await expect(pending).rejects.toMatchObject({ worker: 'helper-1' });
    expect(await settled(c.call((api) => api.startQueue()))).toBe('rejected');
    expect(gone.map((e) => e.message)).toEqual(['helper worker 1 crashed: out of memory (trainer.worker-abc.js:3:9)']);
    expect(worker.terminated).toBe(true);
    // A second error event changes nothing.
    worker.crash('again');
    expect(gone).toHaveLength(1);
  });

  it('a message that cannot be read, or a terminated worker, ends the calls the same way', async () => {
    const garbled = new FakeWorker().hold('init');
    const a = client(garbled, 'main', 'the trainer worker');
    const init = a.c.call((api) => api.init({}));
    garbled.garble();
    await expect(init).rejects.toThrow('the trainer worker crashed: a message from it could not be read');

    const stopped = new FakeWorker().hold('stop');
    const b = client(stopped);
    const stop = b.c.call((api) => api.stop());
    b.c.terminate('the page closed its sweep');
    await expect(stop).rejects.toThrow('helper worker 1 was terminated: the page closed its sweep');
    expect(b.gone).toHaveLength(1);
    expect(stopped.terminated).toBe(true);
  });

  it('batches still in flight when the worker dies are dropped', async () => {
    const worker = new FakeWorker();
    const { c, batches } = client(worker);
    await c.call((api) => api.init({}));
    worker.send([state]);
    worker.crash('gone');
    await settle();
    expect(batches).toEqual([]);
  });

  it('an error of the call itself rejects as it is, and the worker lives on', async () => {
    const worker = new FakeWorker();
    const { c } = client(worker);
    await expect(c.call(() => Promise.reject(new Error('invalid preference')))).rejects.toThrow('invalid preference');
    expect(c.gone).toBeNull();
    await expect(c.call((api) => api.pause())).resolves.toBeUndefined();
  });

  it('a worker that ends without an error (its life lock let go) ends every pending call and fails its runs', async () => {
    const locks = new FakeLocks();
    const worker = new FakeWorker(undefined, locks).hold('enqueue');
    const { c, gone } = client(worker, 'main', 'the trainer worker', locks);
    await settle();
    expect(worker.calls.map((call) => call.method)).toEqual(['connect', 'holdLifeLock']);
    expect(locks.heldNames).toHaveLength(1);
    const pending = c.call((api) => api.enqueue([]));
    expect(await settled(pending)).toBe(false);
    worker.endSilently();
    await expect(pending).rejects.toThrow('the trainer worker stopped without an error (it closed, or the browser ended it');
    expect(gone).toHaveLength(1);
    expect(c.gone?.worker).toBe('main');
    expect(await settled(c.call((api) => api.pause()))).toBe('rejected');
  });

  it('a living worker holds its lock; terminating it lets go of the lock and says why once', async () => {
    const locks = new FakeLocks();
    const worker = new FakeWorker(undefined, locks);
    const { c, gone } = client(worker, 'helper-1', 'helper worker 1', locks);
    await settle();
    await expect(c.call((api) => api.pause())).resolves.toBeUndefined();
    expect(gone).toEqual([]);
    c.terminate('the sweep ended');
    await settle();
    expect(locks.heldNames).toEqual([]);
    expect(gone.map((e) => e.message)).toEqual(['helper worker 1 was terminated: the sweep ended']);
  });

  it('without Web Locks in the worker, the client does not watch (and the worker lives on)', async () => {
    const worker = new FakeWorker();
    const { c, gone } = client(worker, 'main', 'the trainer worker', new FakeLocks());
    await settle();
    expect(worker.calls.map((call) => call.method)).toEqual(['connect', 'holdLifeLock']);
    await expect(c.call((api) => api.pause())).resolves.toBeUndefined();
    expect(gone).toEqual([]);
  });
});
