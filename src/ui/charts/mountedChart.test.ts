import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MountedChart, type ChartContext } from './mountedChart';

/** Animation frames run by hand. */
let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const pending = frames;
  frames = [];
  pending.forEach((f) => f(performance.now()));
};

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A chart that records what it was asked to do. */
function recorder() {
  const log: string[] = [];
  let context: ChartContext<{ onPick(id: string): void }> | null = null;
  const create = (element: Element, ctx: ChartContext<{ onPick(id: string): void }>) => {
    context = ctx;
    log.push(`setup ${element.id}`);
    return { update: (data: number[]) => log.push(`draw ${data.join()}`), destroy: () => log.push('destroy') };
  };
  return { log, create, context: () => context as unknown as ChartContext<{ onPick(id: string): void }> };
}
const element = { id: 'svg' } as Element;

describe('a mounted chart', () => {
  it('sets up once and draws the first data on the next frame', () => {
    const r = recorder();
    new MountedChart(element, r.create, [1], () => ({ onPick: () => {} }));
    expect(r.log).toEqual(['setup svg']);
    runFrame();
    expect(r.log).toEqual(['setup svg', 'draw 1']);
  });

  it('draws only the newest of several updates within a frame, and nothing for the same data', () => {
    const r = recorder();
    const chart = new MountedChart(element, r.create, [1], () => ({ onPick: () => {} }));
    runFrame();
    const same = [2];
    chart.setData(same);
    chart.setData([3]);
    chart.setData(same);
    runFrame();
    chart.setData(same);
    runFrame();
    expect(r.log).toEqual(['setup svg', 'draw 1', 'draw 2']);
  });

  it('redraws on request and hands the chart the latest handlers', () => {
    const r = recorder();
    let picked = '';
    let handlers = { onPick: (id: string) => (picked = `old ${id}`) };
    new MountedChart(element, r.create, [1], () => handlers);
    runFrame();
    handlers = { onPick: (id: string) => (picked = `new ${id}`) };
    r.context().handlers().onPick('a');
    expect(picked).toBe('new a');
    r.context().redraw();
    runFrame();
    expect(r.log).toEqual(['setup svg', 'draw 1', 'draw 1']);
  });

  it('on dispose cancels a pending draw, undoes the set-up and ignores later data', () => {
    const r = recorder();
    const chart = new MountedChart(element, r.create, [1], () => ({ onPick: () => {} }));
    chart.setData([2]);
    chart.dispose();
    chart.setData([3]);
    r.context().redraw();
    runFrame();
    expect(r.log).toEqual(['setup svg', 'destroy']);
  });
});
