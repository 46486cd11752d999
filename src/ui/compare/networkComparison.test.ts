import { describe, expect, it } from 'vitest';
import { defaultConfig, resolveConfig } from '../../experiment/config';
import type { NetworkModelPoint } from '../../engine/readings';
import type { NetworkModelReading } from '../../workers/protocol';
import type { FrontView, ModelGridAnswers } from '../explorer/explorerState';
import { newNetworkRun, type NetworkRun } from '../runs/runRecord';
import { addRun, apply, finalResult, runMessages, runOf, stateWithRuns, view, withRun } from '../testing/fakeRuns';
import { networkComparison, unequalSparsityText, withReadAnswers } from './networkComparison';

/** A finished Pareto set model (method psl) whose result holds its answers at a sweep's preferences (npm run sweep). */
function sweptModel(id: string, ordinal: number, sweep: NetworkModelPoint[] | undefined): NetworkRun {
  const config = resolveConfig({ ...stateWithRuns([]).explorer.settings, method: 'psl' }, [0.2, 0.4, 0.4]);
  const result = { ...finalResult([0.45, 0.45], [85, 85], 30), method: 'psl' as const, trainingSeconds: 9, paretoSet: { task: [], sparsity: [], ...(sweep ? { sweep } : {}) } };
  return { ...newNetworkRun(id, ordinal, config), state: 'finished', result };
}

const answer = (preference: number[], nll: [number, number], sparsityRate = 30): NetworkModelPoint => ({ preference, test: { accuracy: [80, 80], nll }, sparsityRate, compressionRate: 1.2 });
const LOSS: FrontView = { metric: 'loss', sparsityAxis: false, reference: [1, 1] };

describe('network runs by method', () => {
  it('colours finished runs by their method and gives each method its hypervolume on the front view’s axes', () => {
    let s = stateWithRuns([
      ['a', [0.2, 0.4, 0.4]],
      ['b', [0.2, 0.6, 0.2]],
      ['c', [0.2, 0.2, 0.6]],
    ]);
    s = withRun(s, 'c', (c) => ({ ...c, config: { ...c.config, method: defaultConfig({ variant: 'reference' }).method } }));
    s = withRun(s, 'b', (b) => ({ ...b, config: { ...b.config, method: { name: 'linear' } } }));
    s = apply(s, [
      ...runMessages('a', 2, { result: finalResult([0.5, 0.5], [80, 80], 10) }),
      ...runMessages('b', 2, { result: finalResult([0.3, 0.9], [90, 70], 10) }),
      ...runMessages('c', 2, { result: finalResult([0.9, 0.3], [70, 90], 10) }),
    ]);
    s = { ...s, explorer: { ...s.explorer, front: { ...s.explorer.front, reference: [1, 1] } } };
    const { chart, summaries } = networkComparison(view(s));
    expect(chart.points.map((p) => [p.id, p.key, p.x, p.y])).toEqual([
      ['a', 'chebyshev-al', 0.5, 0.5],
      ['b', 'linear', 0.3, 0.9],
      ['c', 'chebyshev-al-reference', 0.9, 0.3],
    ]);
    expect(chart.keys).toEqual(['linear', 'chebyshev-al', 'chebyshev-al-reference']);
    expect(chart.front).toBeNull();
    expect(summaries.map((m) => [m.key, m.count, Number(m.hypervolume.toFixed(6)), m.distance])).toEqual([
      ['linear', 1, 0.07, null],
      ['chebyshev-al', 1, 0.25, null],
      ['chebyshev-al-reference', 1, 0.07, null],
    ]);
    // Readings of a run in progress change nothing here (same object: no redraw, no re-render).
    const before = networkComparison(view(s));
    const d = runOf(stateWithRuns([['d', [0.2, 0.5, 0.3]]]), 'd');
    const running = apply(addRun(s, 'd', d.config), runMessages('d', 3, null));
    expect(runOf(running, 'd').stepCount).toBe(3);
    expect(networkComparison(view(running))).toBe(before);
    // Sparsity on x is maximised: the hypervolume counts it in minimisation form.
    const sparse = networkComparison({ ...view(s), front: { metric: 'loss', sparsityAxis: true, reference: [0, 1] } });
    expect(sparse.summaries[0].hypervolume).toBeCloseTo(10 * (1 - 0.6), 12);
  });

  it("one run against the automatic reference has no hypervolume (its box is only the reference's margin), as on the front", () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]]]);
    s = apply(s, runMessages('a', 2, { result: finalResult([0.5, 0.5], [80, 80], 10) }));
    const automatic = { ...s, explorer: { ...s.explorer, front: { ...s.explorer.front, reference: null } } };
    expect(networkComparison(view(automatic)).summaries.map((m) => m.hypervolume)).toEqual([Number.NaN]);
    // A reference of one's own measures it.
    const own = { ...s, explorer: { ...s.explorer, front: { ...s.explorer.front, reference: [1, 1] as [number, number] } } };
    expect(networkComparison(view(own)).summaries[0].hypervolume).toBeCloseTo(0.25, 12);
  });

  it('runs trained at once share their stack’s training time: a method’s seconds count it once', () => {
    let s = stateWithRuns([
      ['a', [0.2, 0.4, 0.4]],
      ['b', [0.2, 0.6, 0.2]],
    ]);
    const together = (nll: [number, number]) => ({ ...finalResult(nll, [80, 80], 10), trainingSeconds: 12, runsAtOnce: 2 });
    s = apply(s, [...runMessages('a', 2, { result: together([0.5, 0.5]) }), ...runMessages('b', 2, { result: together([0.3, 0.9]) })]);
    const [chebyshev] = networkComparison(view(s)).summaries;
    expect(chebyshev).toMatchObject({ key: 'chebyshev-al', count: 2, seconds: 12 });
  });

  it('a Pareto set model’s stored answers at a sweep’s preferences are its points, as live ones would be; live ones win', () => {
    const linear = { ...newNetworkRun('l', 1, resolveConfig({ ...stateWithRuns([]).explorer.settings, method: 'linear' }, [0.2, 0.4, 0.4])), state: 'finished' as const, result: finalResult([0.5, 0.5], [85, 85], 10) };
    const model = sweptModel('m', 2, [answer([0.2, 0.6, 0.2], [0.3, 0.7]), answer([0.2, 0.4, 0.4], [0.4, 0.4]), answer([0.2, 0.2, 0.6], [0.7, 0.3])]);
    // A point pinned off a model stands aside when the model is compared point for point.
    const pinned = { ...sweptModel('p', 3, undefined), pin: { run: 'm', ordinal: 2 } };
    const stored = networkComparison({ runs: [linear, model, pinned], front: LOSS, gridAnswers: null });
    expect(stored.chart.points.map((p) => [p.id, p.key, p.x, p.y, p.title])).toEqual([
      // The values in the title, which names the marker to a screen reader.
      ['l', 'linear', 0.5, 0.5, 'run 1: 0.500, 0.500 · k = (0.2, 0.4, 0.4)'],
      ['m@0', 'psl', 0.3, 0.7, "run 2's Pareto set model at k = (0.2, 0.6, 0.2): 0.300, 0.700"],
      ['m@1', 'psl', 0.4, 0.4, "run 2's Pareto set model at k = (0.2, 0.4, 0.4): 0.400, 0.400"],
      ['m@2', 'psl', 0.7, 0.3, "run 2's Pareto set model at k = (0.2, 0.2, 0.6): 0.700, 0.300"],
    ]);
    expect(stored.modelAnswers.map((a) => [a.id, a.run, a.preference, a.sparsityRate])).toEqual([
      ['m@0', 'm', [0.2, 0.6, 0.2], 30],
      ['m@1', 'm', [0.2, 0.4, 0.4], 30],
      ['m@2', 'm', [0.2, 0.2, 0.6], 30],
    ]);
    // Its one training is shared by its points: the method's seconds are the run's.
    const psl = stored.summaries.find((m) => m.key === 'psl');
    expect(psl).toMatchObject({ count: 3, nonDominated: 3, seconds: 9 });
    // (0.3, 0.7), (0.4, 0.4), (0.7, 0.3) against (1, 1): 0.1·0.3 + 0.3·0.6 + 0.3·0.7.
    expect(psl?.hypervolume).toBeCloseTo(0.1 * 0.3 + 0.3 * 0.6 + 0.3 * 0.7, 12);

    // Read live in this page (gridAnswers), the model's answers are those, not the stored ones.
    const reading = (k: number[], nll: [number, number]): NetworkModelReading => ({ preference: k, accuracy: [90, 90], nll, rows: { ...finalResult([0, 0], [0, 0], 40).rows }, growlPenalty: 0.2, parameterCount: 1000, examples: 64, split: 'test', seconds: 0.1 });
    const live: ModelGridAnswers = { run: 'm', preferences: [[0.2, 0.5, 0.3], [0.2, 0.3, 0.5]], readings: [reading([0.2, 0.5, 0.3], [0.2, 0.6]), reading([0.2, 0.3, 0.5], [0.6, 0.2])] };
    const read = networkComparison({ runs: [linear, model, pinned], front: LOSS, gridAnswers: live });
    expect(read.chart.points.filter((p) => p.key === 'psl').map((p) => [p.id, p.x, p.y])).toEqual([
      ['m@0', 0.2, 0.6],
      ['m@1', 0.6, 0.2],
    ]);
    expect(read.summaries.find((m) => m.key === 'psl')).toMatchObject({ count: 2, seconds: 9 });
    // The model's answers zero 40 % of rows, linear's run 10 %: on the task axes that is said.
    expect(read.sparsity).toEqual([
      { key: 'linear', min: 10, max: 10 },
      { key: 'psl', min: 40, max: 40 },
    ]);
    expect(unequalSparsityText(read.sparsity, false, (key) => key)).toBe(
      'These points are not equally sparse (zero rows: linear 10.0 %, psl 40.0 %): on the task axes a denser point has an edge. Tick Sparsity on the x axis to compare them with their sparsity in view.',
    );
    expect(unequalSparsityText(read.sparsity, true, (key) => key)).toBe('');
    expect(unequalSparsityText([{ key: 'linear', min: 20, max: 21.5 }, { key: 'mgda', min: 20.2, max: 20.2 }], false, (key) => key)).toBe('');
    // Kept with the model's run (an export), the answers read here count the same in a page that has no live ones.
    const kept = [linear, withReadAnswers(model, live), pinned];
    expect(withReadAnswers(linear, live)).toBe(linear);
    const imported = networkComparison({ runs: kept, front: LOSS, gridAnswers: null });
    expect(imported.chart.points.filter((p) => p.key === 'psl').map((p) => [p.id, p.x, p.y])).toEqual([
      ['m@0', 0.2, 0.6],
      ['m@1', 0.6, 0.2],
    ]);
    expect(imported.summaries).toEqual(read.summaries);
    // An answer that is not finite is left out of the kept answers, as the comparison leaves it out: the file imports.
    const withNaN: ModelGridAnswers = { ...live, readings: [reading([0.2, 0.5, 0.3], [Number.NaN, 0.6]), live.readings[1]] };
    expect(withReadAnswers(model, withNaN).result?.paretoSet?.sweep?.map((p) => p.preference)).toEqual([[0.2, 0.3, 0.5]]);
    // Live answers of another model leave this one's stored answers in place: both models count.
    const other = sweptModel('n', 4, undefined);
    const both = networkComparison({ runs: [linear, model, other], front: LOSS, gridAnswers: { ...live, run: 'n' } });
    expect(both.chart.points.filter((p) => p.key === 'psl').map((p) => p.id)).toEqual(['m@0', 'm@1', 'm@2', 'n@0', 'n@1']);

    // Without answers or a curve (a result from before the curves were recorded), the model is one point: its run's.
    const alone = networkComparison({ runs: [linear, sweptModel('m', 2, undefined)], front: LOSS, gridAnswers: null });
    expect(alone.chart.points.map((p) => [p.id, p.key])).toEqual([
      ['l', 'linear'],
      ['m', 'psl'],
    ]);
    expect(alone.modelAnswers).toEqual([]);
  });

  it('a model trained outside a sweep counts by the curve the front view draws for it; a model with points pinned off it keeps them', () => {
    const linear = { ...newNetworkRun('l', 1, resolveConfig({ ...stateWithRuns([]).explorer.settings, method: 'linear' }, [0.2, 0.4, 0.4])), state: 'finished' as const, result: finalResult([0.5, 0.5], [85, 85], 10) };
    const bare = sweptModel('m', 2, undefined);
    const task = [answer([0.2, 0.7, 0.1], [0.3, 0.7], 20), answer([0.2, 0.1, 0.7], [0.7, 0.3], 20)];
    const sparsity = [answer([0, 0.5, 0.5], [0.4, 0.4], 0), answer([0.4, 0.3, 0.3], [0.6, 0.6], 50)];
    const model = { ...bare, result: { ...bare.result, paretoSet: { task, sparsity } } } as NetworkRun;
    const tasks = networkComparison({ runs: [linear, model], front: LOSS, gridAnswers: null });
    expect(tasks.chart.points.map((p) => [p.id, p.x, p.y])).toEqual([
      ['l', 0.5, 0.5],
      ['m@0', 0.3, 0.7],
      ['m@1', 0.7, 0.3],
    ]);
    expect(tasks.modelAnswers.map((a) => [a.id, a.from])).toEqual([
      ['m@0', 'curve'],
      ['m@1', 'curve'],
    ]);
    // Sparsity on the x axis: the curve along k₀, as the front above draws it.
    const sparse = networkComparison({ runs: [linear, model], front: { ...LOSS, sparsityAxis: true, reference: [0, 1] }, gridAnswers: null });
    expect(sparse.chart.points.filter((p) => p.key === 'psl').map((p) => [p.x, p.y])).toEqual([
      [0, 0.4],
      [50, 0.6],
    ]);
    // A point pinned off the model: the model keeps its run's point and the pin, as before; another model read off
    // meanwhile does not take them with it.
    const pin = { ...sweptModel('p', 3, undefined), pin: { run: 'm', ordinal: 2 } };
    const other = { ...model, id: 'o', ordinal: 4 } as NetworkRun;
    const pinned = networkComparison({ runs: [linear, model, pin, other], front: LOSS, gridAnswers: null });
    expect(pinned.chart.points.map((p) => p.id)).toEqual(['l', 'm', 'p', 'o@0', 'o@1']);
  });
});
