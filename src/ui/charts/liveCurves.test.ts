import { describe, expect, it } from 'vitest';
import type { StepReading } from '../../engine/readings';
import { packSteps } from '../../workers/stepPacking';
import type { EpochSummary } from '../../workers/protocol';
import { StepHistory } from '../explorer/stepHistory';
import { epochPanelSeries, LIVE_PANELS, stepPanelSeries } from './liveCurves';

/** Every field distinct, so a curve of the wrong column shows. */
function reading(step: number): StepReading {
  const v = (base: number) => [base + step, base + 10 + step, base + 20 + step];
  return {
    kind: 'step', phase: 'search', outer: 0, epoch: 0, batch: 0, globalStep: step,
    objectives: v(100), constraints: v(200), lambda: v(300), preference: [0.2, 0.4, 0.4],
    mu: 400 + step, t: 500 + step, learningRate: 0.1, samplesPerSecond: 10, maxViolation: 0, proxEta: 0, lagrangian: 0,
  };
}
const epoch = (globalStep: number, sparsityRate: number, accuracy: [number, number]): EpochSummary => ({
  phase: 'search', outer: 0, epoch: 0, globalStep, trainObjectives: [0, 0, 0], val: { accuracy, nll: [1, 1] },
  growlPenalty: 0, best: false, seconds: 1, sparsityRate, compressionRate: 1,
});
const panel = (testId: string) => LIVE_PANELS.findIndex((p) => p.testId === testId);

describe('live curves', () => {
  const history = StepHistory.empty(3).append(packSteps([0, 1, 2].map(reading), 3));
  const steps = stepPanelSeries(history);
  const epochs = epochPanelSeries([epoch(9, 5, [50, 60]), epoch(19, 12, [70, 80])]);

  it('has the eight charts the e2e tests and the page expect', () => {
    expect(LIVE_PANELS.map((p) => p.testId)).toEqual(['curve-task-losses', 'curve-growl', 'curve-sparsity', 'curve-constraints', 'curve-lambda', 'curve-mu', 'curve-t', 'curve-accuracy']);
    LIVE_PANELS.forEach((p, i) => expect(p.source === 'steps' ? steps[i] : epochs[i]).not.toBeNull());
  });

  it('plots each step column against the step', () => {
    const xy = (testId: string) => (steps[panel(testId)] ?? []).map((s) => [s.name, s.x, s.y]);
    expect(xy('curve-task-losses')).toEqual([
      ['task 1', [0, 1, 2], [110, 111, 112]],
      ['task 2', [0, 1, 2], [120, 121, 122]],
    ]);
    expect(xy('curve-growl')).toEqual([['Ω', [0, 1, 2], [100, 101, 102]]]);
    expect(xy('curve-constraints').map(([name, , y]) => [name, y])).toEqual([
      ['c0 sparsity', [200, 201, 202]],
      ['c1 task 1', [210, 211, 212]],
      ['c2 task 2', [220, 221, 222]],
    ]);
    expect(xy('curve-lambda').map(([name, , y]) => [name, y])[2]).toEqual(['λ2 task 2', [320, 321, 322]]);
    expect(xy('curve-mu')).toEqual([['μ', [0, 1, 2], [400, 401, 402]]]);
    expect(xy('curve-t')).toEqual([['t', [0, 1, 2], [500, 501, 502]]]);
    expect(LIVE_PANELS[panel('curve-mu')].yScale).toBe('log');
  });

  it('plots epoch summaries against their step, and nothing before the first reading', () => {
    expect(epochs[panel('curve-sparsity')]?.map((s) => [s.name, s.x, s.y])).toEqual([['sparsity %', [9, 19], [5, 12]]]);
    expect(epochs[panel('curve-accuracy')]?.map((s) => [s.name, s.y])).toEqual([
      ['task 1', [50, 70]],
      ['task 2', [60, 80]],
    ]);
    expect(stepPanelSeries(null)[panel('curve-mu')]).toEqual([]);
    expect(epochPanelSeries(null)[panel('curve-accuracy')]?.map((s) => s.y)).toEqual([[], []]);
  });
});
