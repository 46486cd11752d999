/**
 * The teaching lab's side of Pareto set learning, without a worker: which run the handle reads, what a pinned point
 * is, how a model's front enters the measures and the plot, how a model and a pin are saved and read back (and what
 * is refused), and that a fast drag asks the worker one question at a time.
 */
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../experiment/link/experiment';
import { experimentFileText, parseExperimentFile } from '../exchange/experimentFile';
import { preferenceLattice } from '../../engine/psl/preferences';
import { hypernetworkSize } from '../../engine/psl/hypernetworkShape';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { savedTeachingRunOf, teachingRunOf } from '../persistence/savedTeachingRun';
import { modelRun, pinnedRun, initialTeachingState } from './teachingState';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from './teachingSettings';
import { teachingChartData, teachingMeasures } from './teachingView';
import { sweepPlanText } from '../compare/sweepGrid';

const problem = problemKey(DEFAULT_TEACHING);
const lattice = preferenceLattice(2, 11);
const modelSize = hypernetworkSize({ objectives: 2, hidden: 32, outputs: 2 });

function modelRunRecord(id: string, ordinal: number, state: TeachingRun['state'] = 'finished'): TeachingRun {
  const run = newTeachingRun(id, ordinal, { config: teachingRunConfig(DEFAULT_TEACHING, 'psl', [0.5, 0.5]), problem, key: 'psl' });
  if (state !== 'finished') return { ...run, state };
  return {
    ...run,
    state,
    backend: 'cpu',
    totalSteps: 800,
    stepCount: 800,
    result: [0.6, 0.6],
    paretoSet: { preferences: lattice, objectives: lattice.map((k) => [k[1], k[0]]), model: Array.from({ length: modelSize }, (_, i) => Math.sin(i)) },
  };
}

function chebyshevRun(id: string, ordinal: number): TeachingRun {
  const run = newTeachingRun(id, ordinal, { config: teachingRunConfig(DEFAULT_TEACHING, 'chebyshev-al', [0.5, 0.5]), problem, key: 'chebyshev-al' });
  return { ...run, state: 'finished', result: [0.62, 0.62] };
}

describe('the model the handle reads', () => {
  it('is the newest Pareto set run of the problem, finished with its model or training in the main worker', () => {
    const older = modelRunRecord('a', 1);
    const newer = modelRunRecord('b', 2);
    expect(modelRun([older, newer, chebyshevRun('c', 3)], problem)?.id).toBe('b');
    expect(modelRun([older, modelRunRecord('d', 4, 'running')], problem)?.id).toBe('d');
    expect(modelRun([older, { ...modelRunRecord('e', 5, 'running'), worker: 'helper-1' }], problem)?.id).toBe('a');
    expect(modelRun([older, modelRunRecord('f', 6, 'queued')], problem)?.id).toBe('a');
    expect(modelRun([older], 'another problem')).toBeNull();
    // A pinned point is not a model.
    const pin = pinnedRun('p', 7, older, { run: 'a', preference: [0.7, 0.3], objectives: [0.3, 0.7] });
    expect(modelRun([pin], problem)).toBeNull();
    expect(pin).toMatchObject({ state: 'finished', key: 'psl', result: [0.3, 0.7], pin: { run: 'a', ordinal: 1 }, paretoSet: null });
    expect(pin.config.preference).toEqual([0.7, 0.3]);
  });
});

describe('a model in the measures and on the plot', () => {
  const model = modelRunRecord('m', 1);
  const pin = pinnedRun('p', 3, model, { run: 'm', preference: [0.7, 0.3], objectives: [0.3, 0.7] });
  const input = { ...initialTeachingState(), runs: [model, chebyshevRun('c', 2), pin], fronts: new Map([[problem, lattice.map((k) => [k[1], k[0]])]]) };

  it('counts a model by its answers along the lattice, and not its pinned points', () => {
    const measures = teachingMeasures(input);
    expect(measures.points.filter((p) => p.key === 'psl')).toHaveLength(lattice.length);
    const summary = measures.summaries.find((s) => s.key === 'psl');
    expect(summary?.count).toBe(lattice.length);
    // Answers on the exact front: distance 0.
    expect(summary?.distance?.max).toBeCloseTo(0, 10);
  });

  it("measures the model at the sweep's grid once the worker answered there, like the methods that ran at each grid point", () => {
    const grid = { run: 'm', preferences: [[0.25, 0.75], [0.75, 0.25]], objectives: [[0.75, 0.25], [0.25, 0.75]] };
    const measures = teachingMeasures({ ...input, gridAnswers: grid });
    expect(measures.points.filter((p) => p.key === 'psl').map((p) => p.objectives)).toEqual(grid.objectives);
    // Answers of another model do not count for this one.
    expect(teachingMeasures({ ...input, gridAnswers: { ...grid, run: 'other' } }).points.filter((p) => p.key === 'psl')).toHaveLength(lattice.length);
  });

  it('draws the model as a curve, the pin as a point, and the probe as the ringed point', () => {
    const chart = teachingChartData({ ...input, probe: { run: 'm', preference: [0.4, 0.6], objectives: [0.6, 0.4] } });
    expect(chart.curves).toEqual([expect.objectContaining({ id: 'm', key: 'psl', kind: 'curve', points: lattice.map((k) => [k[1], k[0]]) })]);
    expect(chart.points.map((p) => p.id).sort()).toEqual(['c', 'p']);
    expect(chart.points.find((p) => p.id === 'p')?.title).toContain('pinned off the Pareto set model (run 1)');
    expect(chart.probe).toMatchObject({ x: 0.6, y: 0.4 });
    expect(chart.keys).toContain('psl');
  });
});

describe('a model and a pin, saved and read back', () => {
  const model = modelRunRecord('m', 1);
  const pin = pinnedRun('p', 2, model, { run: 'm', preference: [0.7, 0.3], objectives: [0.3, 0.7] });
  const fileWith = (runs: unknown[]) => {
    const file = JSON.parse(experimentFileText(defaultExperiment(), [], new Date(0))) as Record<string, unknown>;
    return parseExperimentFile(JSON.stringify({ ...file, teachingRuns: runs }), 'here');
  };

  it('round-trip through a file', () => {
    const saved = [model, pin].map((r) => savedTeachingRunOf(r, (t) => t)!);
    const parsed = fileWith(saved);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [m, p] = parsed.teachingRuns.map((r) => teachingRunOf(r));
    expect(m.paretoSet).toEqual(model.paretoSet);
    expect(m.pin).toBeNull();
    expect(p.pin).toEqual({ run: 'm', ordinal: 1 });
    expect(p.paretoSet).toBeNull();
  });

  it('leaves out a model of the wrong size, a model or pin on another method, and answers that do not match, naming the place', () => {
    const good = savedTeachingRunOf(model, (t) => t)!;
    const other = savedTeachingRunOf(chebyshevRun('c', 3), (t) => t)!;
    const cases: [unknown, string][] = [
      [{ ...good, paretoSet: { ...good.paretoSet, model: good.paretoSet!.model.slice(1) } }, `teachingRuns[0].paretoSet.model: must have the ${modelSize} values`],
      [{ ...good, paretoSet: { ...good.paretoSet, objectives: good.paretoSet!.objectives.slice(1) } }, 'teachingRuns[0].paretoSet.objectives: must have one answer per preference'],
      [{ ...good, paretoSet: { ...good.paretoSet, preferences: [[0.9, 0.9], ...good.paretoSet!.preferences.slice(1)] } }, 'teachingRuns[0].paretoSet.preferences[0]'],
      [{ ...good, paretoSet: { ...good.paretoSet, model: [Number.NaN, ...good.paretoSet!.model.slice(1)] } }, 'teachingRuns[0].paretoSet.model[0]'],
      [{ ...other, paretoSet: good.paretoSet }, 'teachingRuns[0].paretoSet: only a Pareto set learning run'],
      [{ ...other, pin: { run: 'm', ordinal: 1 } }, 'teachingRuns[0].pin: only points of a Pareto set model'],
    ];
    for (const [run, place] of cases) {
      const parsed = fileWith([run]);
      expect(parsed.ok && parsed.teachingRuns).toEqual([]);
      expect(parsed.ok && parsed.leftOut.join('\n')).toContain(`teaching run 1 of 1 · ${place}`);
    }
  });
});

describe("the sweep's plan", () => {
  it('counts a Pareto set model as one run for the whole grid', () => {
    expect(sweepPlanText(['linear', 'chebyshev-al'], 5)).toBe('5 preferences × 2 methods = 10 runs');
    expect(sweepPlanText(['chebyshev-al', 'psl'], 7)).toBe('7 preferences × 1 method + 1 Pareto set model = 8 runs');
    expect(sweepPlanText(['psl'], 7)).toBe('1 Pareto set model = 1 run');
  });
});
