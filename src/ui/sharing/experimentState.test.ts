import { describe, expect, it } from 'vitest';
import { initialExplorerState, setBudget, setOverride, setSetting } from '../explorer/explorerState';
import { encodeExperiment } from '../../experiment/link/codec';
import { AUTOMATIC_WORKER, defaultExperiment } from '../../experiment/link/experiment';
import { experimentOf, sharedPartOf } from './experimentState';

describe('explorer state ↔ shared experiment', () => {
  it('the default state is the default experiment (an empty link)', () => {
    expect(experimentOf(initialExplorerState(), AUTOMATIC_WORKER)).toEqual(defaultExperiment());
    expect(encodeExperiment(experimentOf(initialExplorerState(), AUTOMATIC_WORKER))).toBe('');
  });

  it('maps settings, preference, list and view both ways; overrides equal to the preset are dropped', () => {
    let s = setBudget(initialExplorerState(), 'tiny');
    s = setSetting(s, 'variant', 'reference');
    s = setOverride(setOverride(setOverride(s, 'seed', 9), 'batchSize', 16), 'testSubset', null);
    s = { ...s, preference: [0, 0.5, 0.5], plan: [[0.2, 0.4, 0.4]], front: { metric: 'error', sparsityAxis: true, reference: [1, 2] } };
    const e = experimentOf(s, { backend: 'cpu', atOnce: null });
    expect(encodeExperiment(e)).toBe(
      'v=3&budget=tiny&variant=reference&seed=9&testSubset=all&backend=cpu&k=0,0.5,0.5&q=0.2,0.4,0.4&axes=error&sparsityAxis=1&reference=1,2',
    );
    // The AL variant is Chebyshev-AL's: another method's link does not carry it.
    expect(encodeExperiment(experimentOf(setSetting(s, 'method', 'mgda'), { backend: 'cpu', atOnce: null }))).toMatch(/^v=3&budget=tiny&method=mgda&seed=9&/);
    const part = sharedPartOf(e);
    expect(part.settings).toEqual({ ...s.settings, overrides: { seed: 9, testSubset: null } });
    expect(part.preference).toEqual(s.preference);
    expect(part.plan).toEqual(s.plan);
    expect(part.front).toEqual(s.front);
    expect(experimentOf(part, { backend: 'cpu', atOnce: null })).toEqual(e);
  });

  it('a teaching problem in the link opens the lab and leaves the network explorer on a dataset problem', () => {
    expect(sharedPartOf({ ...defaultExperiment(), problem: 'fonseca-fleming' }).settings.problem).toBe('multimnist');
    expect(sharedPartOf({ ...defaultExperiment(), problem: 'cifar10mnist' }).settings.problem).toBe('cifar10mnist');
    const { dimension, tasks, width, similarity, methods, sweep, parallel, labK, projection } = defaultExperiment();
    const lab = { problem: 'width-transition' as const, dimension, tasks, width, similarity, methods, sweep, parallel, labK, projection };
    expect(experimentOf(sharedPartOf({ ...defaultExperiment(), problem: 'width-transition' }), AUTOMATIC_WORKER, lab).problem).toBe('width-transition');
  });
});
