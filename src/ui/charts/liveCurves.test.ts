import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../experiment/choices';
import type { StepReading } from '../../engine/readings';
import { packSteps } from '../../workers/stepPacking';
import type { EpochSummary } from '../../workers/protocol';
import { StepHistory } from '../explorer/stepHistory';
import { epochPanelSeries, epochPhaseMarks, livePanels, stepPanelSeries, stepPhaseMarks } from './liveCurves';

/** Every field distinct, so a curve of the wrong column shows. */
function reading(step: number): StepReading {
  const v = (base: number) => [base + step, base + 10 + step, base + 20 + step];
  return {
    kind: 'step', phase: 'search', outer: 0, epoch: 0, batch: 0, globalStep: step,
    objectives: v(100), constraints: v(200), weights: v(600), preference: [0.2, 0.4, 0.4],
    learningRate: 0.1, samplesPerSecond: 10, maxViolation: 0, proxEta: 0, value: 0,
    method: 'chebyshev-al', multipliers: v(300), penalty: 400 + step, epigraph: 500 + step,
  };
}
const epoch = (globalStep: number, sparsityRate: number, accuracy: [number, number]): EpochSummary => ({
  phase: 'search', outer: 0, epoch: 0, globalStep, trainObjectives: [0, 0, 0], val: { accuracy, nll: [1, 1] },
  growlPenalty: 0, best: false, seconds: 1, sparsityRate, compressionRate: 1,
});

describe('live curves', () => {
  const panels = livePanels('chebyshev-al', 'relative');
  const panel = (testId: string) => panels.findIndex((p) => p.testId === testId);
  const history = StepHistory.empty(3, 'chebyshev-al').append(packSteps([0, 1, 2].map(reading), 3, 'chebyshev-al'));
  const steps = stepPanelSeries(history, panels);
  const epochs = epochPanelSeries([epoch(9, 5, [50, 60]), epoch(19, 12, [70, 80])], panels);

  it("has a Chebyshev-AL run's eight charts, its own quantities under their names", () => {
    expect(panels.map((p) => p.testId)).toEqual(['curve-task-losses', 'curve-growl', 'curve-sparsity', 'curve-constraints', 'curve-multipliers', 'curve-penalty', 'curve-epigraph', 'curve-accuracy']);
    expect(panels.slice(3, 7).map((p) => p.title)).toEqual(['Constraints cᵢ', 'Multipliers λᵢ', 'Penalty μ', 'Epigraph variable t']);
    panels.forEach((p, i) => expect(p.source === 'steps' ? steps[i] : epochs[i]).not.toBeNull());
  });

  it("charts each method's own quantities, and no μ or t a method does not have", () => {
    const quantities = (method: (typeof METHOD_NAMES)[number]) => livePanels(method, 'relative').slice(4, -1).map((p) => p.title);
    expect(quantities('linear')).toEqual(['Weights wᵢ', 'Chebyshev value maxᵢ kᵢ[…]']);
    expect(quantities('mgda')).toEqual(['Weights wᵢ', 'Chebyshev value maxᵢ kᵢ[…]']);
    expect(quantities('random-weighting')).toEqual(['Weights wᵢ', 'Chebyshev value maxᵢ kᵢ[…]']);
    expect(quantities('chebyshev-md')).toEqual(['Dual weights λᵢ', 'Chebyshev value maxᵢ kᵢ[…]']);
    expect(quantities('smooth-tchebycheff')).toEqual(['Softmax weights pᵢ', 'Smoothing μₛ', 'Chebyshev value maxᵢ kᵢ[…]']);
    for (const method of METHOD_NAMES.filter((m) => m !== 'chebyshev-al')) expect(livePanels(method, 'relative')[3].title).toBe('Chebyshev terms cᵢ at t = t*');
  });

  it('plots each step column against the step', () => {
    const xy = (testId: string) => (steps[panel(testId)] ?? []).map((s) => [s.name, s.x, s.y]);
    expect(xy('curve-task-losses')).toEqual([
      ['task 1', [0, 1, 2], [110, 111, 112]],
      ['task 2', [0, 1, 2], [120, 121, 122]],
    ]);
    expect(xy('curve-growl')).toEqual([['Ω/Ω₀', [0, 1, 2], [100, 101, 102]]]);
    // f₀ says what it is: Ω/Ω₀ for the relative penalty, Ω itself for the raw one.
    expect(panels[panel('curve-growl')].title).toBe('GrOWL penalty f₀ = Ω/Ω₀');
    expect(livePanels('chebyshev-al', 'raw')[1]).toMatchObject({ title: 'GrOWL penalty f₀ = Ω', curves: [{ name: 'Ω' }] });
    expect(xy('curve-constraints').map(([name, , y]) => [name, y])).toEqual([
      ['c0 sparsity', [200, 201, 202]],
      ['c1 task 1', [210, 211, 212]],
      ['c2 task 2', [220, 221, 222]],
    ]);
    expect(xy('curve-multipliers').map(([name, , y]) => [name, y])[2]).toEqual(['λ2 task 2', [320, 321, 322]]);
    expect(xy('curve-penalty')).toEqual([['μ', [0, 1, 2], [400, 401, 402]]]);
    expect(xy('curve-epigraph')).toEqual([['t', [0, 1, 2], [500, 501, 502]]]);
    expect(panels[panel('curve-penalty')].yScale).toBe('log');
  });

  it("plots a linear run's weights and Chebyshev value", () => {
    const linear = livePanels('linear', 'relative');
    const r = (step: number): StepReading => {
      const { multipliers: _m, penalty: _p, epigraph: _e, ...common } = reading(step) as Extract<StepReading, { method: 'chebyshev-al' }>;
      return { ...common, method: 'linear', chebyshevValue: 700 + step };
    };
    const series = stepPanelSeries(StepHistory.empty(3, 'linear').append(packSteps([0, 1].map(r), 3, 'linear')), linear);
    const at = (testId: string) => series[linear.findIndex((p) => p.testId === testId)]?.map((s) => [s.name, s.y]);
    expect(at('curve-weights')?.[1]).toEqual(['w1 task 1', [610, 611]]);
    expect(at('curve-chebyshevValue')).toEqual([['t*', [700, 701]]]);
  });

  it('plots epoch summaries against the epoch number, and nothing before the first reading', () => {
    expect(epochs[panel('curve-sparsity')]?.map((s) => [s.name, s.x, s.y])).toEqual([['sparsity %', [1, 2], [5, 12]]]);
    expect(epochs[panel('curve-accuracy')]?.map((s) => [s.name, s.y])).toEqual([
      ['task 1', [50, 70]],
      ['task 2', [60, 80]],
    ]);
    expect(stepPanelSeries(null, panels)[panel('curve-penalty')]).toEqual([]);
    expect(epochPanelSeries(null, panels)[panel('curve-accuracy')]?.map((s) => s.y)).toEqual([[], []]);
  });

  it('marks where the run changed phase, on the step axis and on the epoch axis', () => {
    const phased = (step: number, phase: StepReading['phase']): StepReading => ({ ...reading(step), phase });
    const h = StepHistory.empty(3, 'chebyshev-al').append(packSteps([phased(0, 'search'), phased(1, 'search'), phased(2, 'retrain'), phased(3, 'retrain')], 3, 'chebyshev-al'));
    expect(stepPhaseMarks(h)).toEqual([{ x: 2, label: 'clustered → retraining' }]);
    expect(stepPhaseMarks(null)).toEqual([]);
    expect(epochPhaseMarks([epoch(9, 5, [50, 60]), { ...epoch(19, 12, [70, 80]), phase: 'retrain' }])).toEqual([{ x: 2, label: 'clustered → retraining' }]);
  });
});
