/** The lab's unfinished runs kept across a reload (sessionStorage): what is kept, read back, and when it is written. */
import { describe, expect, it } from 'vitest';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from '../teaching/teachingSettings';
import type { MethodKey } from '../../experiment/choices';
import { keepLabQueue, LAB_QUEUE_KEY, labQueueText, readLabQueue } from './labQueue';

const run = (id: string, key: MethodKey, state: TeachingRun['state'], preference = [0.5, 0.5]): TeachingRun => ({
  ...newTeachingRun(id, 1, { config: teachingRunConfig(DEFAULT_TEACHING, key, preference), problem: problemKey(DEFAULT_TEACHING), key }),
  state,
});

describe("the teaching lab's queue across a reload", () => {
  it('keeps the queued and training runs, in order, as configs that read back equal (∞ included)', () => {
    const runs = [run('done', 'linear', 'finished'), run('a', 'chebyshev-al-reference', 'running', [0.2, 0.8]), run('b', 'linear', 'queued', [0.8, 0.2]), run('gone', 'linear', 'stopped')];
    expect(runs[1].config.method).toMatchObject({ muMax: Number.POSITIVE_INFINITY });
    const read = readLabQueue(labQueueText(runs, 'tab-1'));
    expect(read).toEqual({ ok: true, configs: [runs[1].config, runs[2].config], session: 'tab-1' });
    // A point pinned off a model never trains: not kept. Nothing unfinished: nothing kept.
    expect(labQueueText([{ ...run('p', 'psl', 'queued'), pin: { run: 'm', ordinal: 1 } }], 'tab-1')).toBeNull();
    expect(readLabQueue(null)).toEqual({ ok: true, configs: [], session: null });
  });

  it('says why a kept queue cannot be read, at its place', () => {
    expect(readLabQueue('{')).toEqual({ ok: false, problem: 'not valid JSON' });
    const text = labQueueText([run('a', 'linear', 'queued')], 'tab-1') as string;
    const bad = text.replace('"seed":1', '"seed":-1');
    expect(bad).not.toBe(text);
    expect(readLabQueue(bad)).toMatchObject({ ok: false, problem: expect.stringMatching(/^configs\[0\]\.seed: /) });
    expect(readLabQueue('{"version":3,"configs":[]}')).toMatchObject({ ok: false });
    expect(readLabQueue('{"version":2,"configs":[]}')).toMatchObject({ ok: false });
    // A queue an older page kept (version 1) names no page: read as a gone page's.
    const v1 = JSON.stringify({ version: 1, configs: JSON.parse(text).configs });
    expect(readLabQueue(v1)).toMatchObject({ ok: true, configs: { length: 1 }, session: null });
  });

  it('writes when which runs are unfinished changes, not on every reading, and removes the key when none is', () => {
    const writes: string[] = [];
    const storage = { setItem: (key: string, text: string) => void writes.push(`${key} ${JSON.parse(text).configs.length}`), removeItem: (key: string) => void writes.push(`${key} removed`) };
    let runs: TeachingRun[] = [run('a', 'linear', 'queued'), run('b', 'linear', 'queued')];
    let listener = () => {};
    const stop = keepLabQueue(storage, 'tab-1', () => runs, (l) => ((listener = l), () => (listener = () => {})));
    runs = [{ ...runs[0], state: 'running', stepCount: 5 }, runs[1]];
    listener();
    runs = [{ ...runs[0], state: 'finished' }, runs[1]];
    listener();
    runs = [runs[0], { ...runs[1], state: 'finished' }];
    listener();
    stop();
    expect(writes).toEqual([`${LAB_QUEUE_KEY} 2`, `${LAB_QUEUE_KEY} 1`, `${LAB_QUEUE_KEY} removed`]);
  });

  it('keeps a finished run until its record is stored (runs trained at once finish together; a reload between would lose them)', () => {
    const writes: string[] = [];
    const storage = { setItem: (key: string, text: string) => void writes.push(`${key} ${JSON.parse(text).configs.length}`), removeItem: (key: string) => void writes.push(`${key} removed`) };
    let runs: TeachingRun[] = [run('a', 'linear', 'running'), run('b', 'linear', 'running')];
    const stored = new Set<string>();
    let listener = () => {};
    keepLabQueue(storage, 'tab-1', () => runs, (l) => ((listener = l), () => {}), (id) => stored.has(id));
    runs = runs.map((r) => ({ ...r, state: 'finished' }));
    listener();
    stored.add('a');
    listener();
    stored.add('b');
    listener();
    expect(writes).toEqual([`${LAB_QUEUE_KEY} 2`, `${LAB_QUEUE_KEY} 1`, `${LAB_QUEUE_KEY} removed`]);
    // A stopped or failed run is not kept: it has no point to lose.
    expect(labQueueText([{ ...run('c', 'linear', 'queued'), state: 'stopped' }], 'tab-1', () => false)).toBeNull();
  });

  it('a storage that refuses a write (full) keeps nothing: not the queue written before, whose runs may have finished', () => {
    const items = new Map<string, string>();
    let full = false;
    const storage = {
      setItem: (key: string, text: string) => {
        if (full) throw new DOMException('full', 'QuotaExceededError');
        items.set(key, text);
      },
      removeItem: (key: string) => void items.delete(key),
    };
    let runs: TeachingRun[] = [run('a', 'linear', 'queued', [0.2, 0.8]), run('b', 'linear', 'queued', [0.8, 0.2])];
    let listener = () => {};
    keepLabQueue(storage, 'tab-1', () => runs, (l) => ((listener = l), () => {}));
    expect(readLabQueue(items.get(LAB_QUEUE_KEY) ?? null)).toMatchObject({ ok: true, configs: { length: 2 } });
    full = true;
    runs = [{ ...runs[0], state: 'finished' }, { ...runs[1], state: 'finished' }, run('c', 'linear', 'queued', [0.4, 0.6])];
    listener();
    expect(items.has(LAB_QUEUE_KEY)).toBe(false);
  });
});
