/** The explorer's simplex markers: each run at the preference it trains at, whatever its step readings sampled. */
import { describe, expect, it } from 'vitest';
import { packSteps } from '../../workers/stepPacking';
import { resolveConfig } from '../../experiment/config';
import { addRun, apply, stateWithRuns, stepReading, view, withRun } from '../testing/fakeRuns';
import { setSetting } from './explorerState';
import { explorerSimplexView } from './simplexView';

describe("the explorer's simplex", () => {
  it("puts a Pareto set model at its own k (not at the preferences it samples), a re-targeted run at its last target", () => {
    let s = stateWithRuns([['plain', [0.2, 0.4, 0.4]]]);
    s = addRun(s, 'model', resolveConfig({ ...s.explorer.settings, method: 'psl' }, [0.2, 0.4, 0.4]));
    // The model's steps read the preference drawn for their batch; the plain run's, its target.
    const sampled = [stepReading(0, [0.85, 0.1, 0.05]), stepReading(1, [0.05, 0.9, 0.05])];
    s = apply(s, [
      { kind: 'run-started', runId: 'model', totalSteps: 10, sparse: true, backend: 'wasm' },
      { kind: 'steps', runId: 'model', objectives: 3, method: 'chebyshev-al', data: packSteps(sampled, 3, 'chebyshev-al') },
      { kind: 'run-started', runId: 'plain', totalSteps: 10, sparse: true, backend: 'wasm' },
      { kind: 'retargeted', runId: 'plain', step: 1, preference: [0.5, 0.25, 0.25] },
      { kind: 'steps', runId: 'plain', objectives: 3, method: 'chebyshev-al', data: packSteps([stepReading(1, [0.5, 0.25, 0.25])], 3, 'chebyshev-al') },
    ]);
    expect(explorerSimplexView(view(s)).markers.map((m) => [m.id, m.k])).toEqual([
      ['plain', [0.5, 0.25, 0.25]],
      ['model', [0.2, 0.4, 0.4]],
    ]);
  });

  it('marks a run restored as interrupted (the page was reloaded while it trained) done, not active', () => {
    let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.5, 0.25, 0.25]], ['c', [0.3, 0.3, 0.4]]]);
    s = withRun(s, 'a', (r) => ({ ...r, state: 'interrupted' }));
    s = withRun(s, 'b', (r) => ({ ...r, state: 'running' }));
    expect(explorerSimplexView(view(s)).markers.map((m) => [m.id, m.kind])).toEqual([
      ['a', 'done'],
      ['b', 'active'],
      ['c', 'queued'],
    ]);
  });

  it('marks the runs of the chosen problem only, of every setting (as the run list lists them)', () => {
    let s = stateWithRuns([['mnist', [0.2, 0.4, 0.4]]]);
    const cifar = setSetting(s.explorer, 'problem', 'cifar10mnist');
    s = addRun(s, 'cifar', resolveConfig(cifar.settings, [0.3, 0.3, 0.4]));
    expect(explorerSimplexView(view(s)).markers.map((m) => m.id)).toEqual(['mnist']);
    expect(explorerSimplexView(view({ ...s, explorer: cifar })).markers.map((m) => m.id)).toEqual(['cifar']);
  });
});
