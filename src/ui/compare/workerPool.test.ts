import { beforeEach, describe, expect, it } from 'vitest';
import type { TeachingRunRequest } from '../../workers/protocol';
import { newTeachingRun } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { useAppStore } from '../store';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from '../teaching/teachingSettings';
import { FakeWorker, settle } from '../testing/fakeWorker';
import { runFeed } from '../worker/trainerWorkers';
import { WorkerClient } from '../worker/workerClient';
import { helperName, maxParallelWorkers, splitRoundRobin, WorkerPool } from './workerPool';

describe('parallel sweeps', () => {
  it('use at most half the cores, and one worker when that is all', () => {
    expect(maxParallelWorkers(2)).toBe(1);
    expect(maxParallelWorkers(3)).toBe(1);
    expect(maxParallelWorkers(8)).toBe(4);
    expect(maxParallelWorkers(undefined)).toBe(1);
  });

  it('deal the runs out in turn', () => {
    expect(splitRoundRobin([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(splitRoundRobin([1, 2], 3)).toEqual([[1], [2], []]);
    expect(splitRoundRobin([1, 2], 0)).toEqual([[1, 2]]);
  });
});

describe('helper workers', () => {
  const runs = () => useRunsStore.getState();
  /** Teaching runs handed to helper `worker`, in the run store. */
  function requests(ids: string[], worker: string): TeachingRunRequest[] {
    const config = teachingRunConfig(DEFAULT_TEACHING, 'linear', [0.5, 0.5]);
    runs().add(ids.map((id, i) => newTeachingRun(id, i + 1, { config, problem: problemKey(DEFAULT_TEACHING), key: 'linear' }, worker)));
    return ids.map((id) => ({ id, kind: 'teaching', config }));
  }
  /** A pool of fake helpers wired to the run store as the app wires real ones. */
  function pool(make: (name: string) => FakeWorker) {
    const workers: FakeWorker[] = [];
    const p = new WorkerPool({
      start: (name, label) => {
        const worker = make(name);
        workers.push(worker);
        return new WorkerClient(worker, { name, label, ...runFeed(name) });
      },
      runs,
      fail: (ids, cause) => runs().fail(ids, cause),
      stopped: (ids) => runs().stop(ids),
    });
    return { p, workers };
  }

  beforeEach(() => {
    useRunsStore.setState(emptyRuns());
    useAppStore.setState({ notices: [] });
  });

  it('queue each lane on its own helper, whose messages reach the run store under its name', async () => {
    const { p, workers } = pool(() => new FakeWorker());
    await p.run([requests(['a'], helperName(1)), requests(['b'], helperName(2))], { backend: 'wasm', runsAtOnce: 1 });
    expect(workers.map((w) => w.calls.map((c) => c.method))).toEqual([
      ['connect', 'init', 'enqueue', 'startQueue'],
      ['connect', 'init', 'enqueue', 'startQueue'],
    ]);
    expect(workers[0].calls[1].args).toEqual([{ backend: 'wasm', runsAtOnce: 1 }]);
    workers[1].send([{ kind: 'state', state: 'running', runIds: ['b'], queued: [], processing: true }]);
    await settle();
    expect(runs().byId.get('b')?.state).toBe('running');
    expect(runs().workers.get('helper-2')?.runIds).toEqual(['b']);
  });

  it('a helper killed mid-call ends its calls: the sweep does not hang, its runs fail with the cause, and a notice says so', async () => {
    const { p, workers } = pool(() => new FakeWorker().hold('enqueue'));
    const other = requests(['m'], 'main');
    const sweep = p.run([requests(['a', 'b'], helperName(1))], {});
    await settle();
    expect(workers[0].calls.map((c) => c.method)).toContain('enqueue'); // waiting for an answer that never comes
    workers[0].crash('simulated helper crash');
    await expect(sweep).resolves.toBeUndefined();
    for (const id of ['a', 'b']) {
      expect(runs().byId.get(id)).toMatchObject({ state: 'failed', error: 'helper worker 1 crashed: simulated helper crash (trainer.worker-abc.js:3:9)' });
    }
    expect(runs().byId.get(other[0].id)?.state).toBe('queued'); // the main worker's runs are not the helper's
    // The notice names the runs that will not come.
    expect(useAppStore.getState().notices.map((n) => n.message)).toEqual(['Helper worker 1 crashed: simulated helper crash (trainer.worker-abc.js:3:9). Teaching runs 1 and 2, which it was given, failed.']);
  });

  it('a helper terminated before it answered ends its calls too, and the next sweep starts a new one', async () => {
    const { p, workers } = pool(() => new FakeWorker().hold('init'));
    const sweep = p.run([requests(['a'], helperName(1))], {});
    await settle();
    p.close('the test is over');
    await expect(sweep).resolves.toBeUndefined();
    expect(runs().byId.get('a')).toMatchObject({ state: 'failed', error: 'helper worker 1 was terminated: the test is over' });
    const next = p.run([requests(['c'], helperName(1))], {});
    await settle();
    expect(workers).toHaveLength(2);
    p.close('again');
    await expect(next).resolves.toBeUndefined();
  });

  it('stopRuns takes the helpers’ unfinished runs out of their queues and marks them stopped', async () => {
    const { p, workers } = pool(() => new FakeWorker());
    await p.run([requests(['a', 'b'], helperName(1))], {});
    await p.stopRuns();
    expect(workers[0].calls.at(-1)).toEqual({ method: 'stop', args: [['a', 'b']] });
    expect(['a', 'b'].map((id) => runs().byId.get(id)?.state)).toEqual(['stopped', 'stopped']);
  });

  it('Stop pressed while a helper is still starting: the helper is handed none of the stopped runs', async () => {
    const { p, workers } = pool(() => new FakeWorker().hold('init'));
    const sweep = p.run([requests(['a', 'b'], helperName(1))], {});
    await settle();
    await p.stopRuns();
    expect(['a', 'b'].map((id) => runs().byId.get(id)?.state)).toEqual(['stopped', 'stopped']);
    workers[0].answer('init');
    await sweep;
    expect(workers[0].calls.map((c) => c.method)).not.toContain('enqueue');
  });

  it('stopRuns with a choice stops only those runs: the helper trains on with the others', async () => {
    const { p, workers } = pool(() => new FakeWorker());
    await p.run([requests(['a', 'b', 'c'], helperName(1))], {});
    await p.stopRuns((r) => r.id !== 'a');
    expect(workers[0].calls.at(-1)).toEqual({ method: 'stop', args: [['b', 'c']] });
    expect(['a', 'b', 'c'].map((id) => runs().byId.get(id)?.state)).toEqual(['queued', 'stopped', 'stopped']);
  });

  it('a helper whose start failed fails its lane with the cause, and the next sweep starts a new one in its place', async () => {
    let made = 0;
    const { p, workers } = pool(() => (made++ === 0 ? new FakeWorker().refuse('init', 'no WebGPU adapter') : new FakeWorker()));
    await p.run([requests(['a'], helperName(1))], {});
    expect(runs().byId.get('a')).toMatchObject({ state: 'failed', error: 'helper worker 1: no WebGPU adapter' });
    await p.run([requests(['b'], helperName(1))], {});
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].calls.map((c) => c.method)).toEqual(['connect', 'init', 'enqueue', 'startQueue']);
    expect(runs().byId.get('b')?.state).toBe('queued');
  });

  it('a helper that refuses a lane (not a crash) fails that lane’s runs with its answer', async () => {
    const { p, workers } = pool(() => new FakeWorker().refuse('enqueue', 'bad request'));
    await p.run([requests(['a'], helperName(1))], {});
    expect(workers[0].terminated).toBe(false);
    expect(runs().byId.get('a')).toMatchObject({ state: 'failed', error: 'helper worker 1: bad request' });
  });
});
