import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../experiment/config';
import { addRun, apply, finalResult, runMessages, runOf, stateWithRuns, view, withRun } from '../testing/fakeRuns';
import { networkComparison } from './networkComparison';

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
});
