import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../experiment/config';
import type { StepReading } from '../engine/readings';
import { MessageBatcher } from './messageBatcher';
import type { WorkerMessage } from './protocol';
import { coalesceSteps, packedCount, packSteps, stepStride, unpackColumns } from './stepPacking';
import { layerRowClasses, rowClassCounts } from './rowClasses';

function fakeClock() {
  let t = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      const i = timers.findIndex((x) => x.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      t += ms;
      for (const timer of [...timers].filter((x) => x.at <= t)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
  };
}

describe('MessageBatcher', () => {
  it('sends at most one batch per interval, with everything pushed in between', () => {
    const clock = fakeClock();
    const sent: number[][] = [];
    const b = new MessageBatcher<number>({ intervalMs: 50, send: (x) => sent.push(x), ...clock });
    b.push(1); // first push goes out at once
    b.push(2);
    b.push(3);
    expect(sent).toEqual([[1]]);
    clock.advance(49);
    expect(sent).toEqual([[1]]);
    clock.advance(1);
    expect(sent).toEqual([[1], [2, 3]]);
    // 100 pushes over 1 s, one every 10 ms → about 20 batches, none lost.
    for (let i = 0; i < 100; i++) {
      b.push(100 + i);
      clock.advance(10);
    }
    clock.advance(100);
    expect(sent.length - 2).toBeLessThanOrEqual(21);
    expect(sent.slice(2).flat()).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
  });

  it('urgent pushes flush at once, in order', () => {
    const clock = fakeClock();
    const sent: string[][] = [];
    const b = new MessageBatcher<string>({ intervalMs: 50, send: (x) => sent.push(x), ...clock });
    b.push('a');
    b.push('b');
    b.push('done', true);
    expect(sent).toEqual([['a'], ['b', 'done']]);
    expect(b.pendingCount).toBe(0);
    clock.advance(100);
    expect(sent).toHaveLength(2);
  });

  it('applies the merge function before sending', () => {
    const clock = fakeClock();
    const sent: number[][] = [];
    const b = new MessageBatcher<number>({ intervalMs: 50, send: (x) => sent.push(x), merge: (x) => [x.reduce((a, c) => a + c, 0)], ...clock });
    b.push(1);
    b.push(2);
    b.push(3);
    clock.advance(50);
    expect(sent).toEqual([[1], [5]]);
  });
});

function reading(step: number): StepReading {
  return {
    kind: 'step',
    phase: 'retrain',
    outer: 1,
    epoch: 2,
    batch: 0,
    globalStep: step,
    objectives: [1 + step, 2, 3],
    constraints: [-1, 0.5, 0],
    maxViolation: 0.5,
    value: 4,
    weights: [0.1, 0.2, 0.3],
    learningRate: 0.001,
    preference: defaultConfig().preference,
    proxEta: 0.01,
    samplesPerSecond: 123,
    method: 'chebyshev-al',
    multipliers: [0.3, 0.3, 0.4],
    penalty: 2,
    epigraph: 0.7,
  };
}

describe('step packing', () => {
  it('round-trips readings through the packed layout', () => {
    const readings = [reading(0), reading(1)];
    const data = packSteps(readings, 3, 'chebyshev-al');
    expect(data.length).toBe(2 * stepStride(3, 'chebyshev-al'));
    expect(packedCount(data, 3, 'chebyshev-al')).toBe(2);
    const columns = unpackColumns(data, 3, 'chebyshev-al');
    expect(columns.step).toEqual([0, 1]);
    expect(columns.objective[0]).toEqual([1, 2]);
    expect(columns.method === 'chebyshev-al' && [columns.multipliers[2], columns.penalty, columns.epigraph]).toEqual([[0.4, 0.4], [2, 2], [0.7, 0.7]]);
  });

  it('coalesces consecutive step messages of one run, keeping other messages in order', () => {
    const s = (runId: string, step: number): WorkerMessage => ({ kind: 'steps', runId, objectives: 3, method: 'chebyshev-al', data: packSteps([reading(step)], 3, 'chebyshev-al') });
    const out = coalesceSteps([s('a', 0), s('a', 1), { kind: 'note', runId: 'a', message: 'x' }, s('a', 2), s('b', 0)]);
    expect(out.map((m) => m.kind)).toEqual(['steps', 'note', 'steps', 'steps']);
    const first = out[0] as Extract<WorkerMessage, { kind: 'steps' }>;
    expect(packedCount(first.data, 3, 'chebyshev-al')).toBe(2);
    expect(unpackColumns(first.data, 3, 'chebyshev-al').step).toEqual([0, 1]);
  });
});

describe('row classes', () => {
  it('marks zero rows, tied rows (exactly equal) and unique rows of a dense kernel', () => {
    // dense [in=4, out=2]: rows 0 and 2 equal, row 1 zero (with a −0), row 3 unique
    const layer = layerRowClasses('d', { shape: [4, 2], values: [1, 2, 0, -0, 1, 2, 3, 4] });
    expect(Array.from(layer.group)).toEqual([0, -1, 0, 1]);
    expect(Array.from(layer.groupSize)).toEqual([2, 1]);
    expect(rowClassCounts(layer)).toEqual({ zero: 1, tied: 2, unique: 1 });
  });

  it('uses input channels as the rows of a conv kernel', () => {
    // conv [1, 1, in=2, out=2]: channel 0 = [0, 0], channel 1 = [5, 6]
    const layer = layerRowClasses('c', { shape: [1, 1, 2, 2], values: [0, 0, 5, 6] });
    expect(Array.from(layer.group)).toEqual([-1, 0]);
  });
});
