/**
 * The phase objects on their own, with a recording stand-in for the Trainer's run: which phase follows which,
 * what each does after a step and around an epoch's judgement, and what it hands on at its end. The numbers they
 * produce inside a real run are held by trainerV1.test.ts and methods/chebyshevAlGolden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type TrainerConfig } from '../../experiment/config';
import type { BestModel } from '../bestModel';
import type { ScalarizationMethod } from '../methods';
import type { RowMetrics } from '../metrics';
import type { MultiTaskNetwork } from '../models';
import type { RetrainTying } from '../retrainTying';
import type { GrowlLayers } from '../sparsity';
import { firstPhase, isSparse, scheduledEpochs } from './index';
import type { PhaseContext } from './phase';
import { PlainPhase } from './plain';
import { RetrainPhase } from './retrain';
import { SearchPhase } from './search';

/** A context whose parts record what the phases ask of them. */
function recordingContext(config: TrainerConfig, options: { averages?: boolean; bestKept?: boolean } = {}) {
  const calls: string[] = [];
  const record = (name: string) => () => void calls.push(name);
  const context: PhaseContext = {
    config,
    network: { kernelValues: async () => [] } as unknown as MultiTaskNetwork,
    growl: {
      reapplyZeroRows: record('reapplyZeroRows'),
      applyProx: async (eta: number) => void calls.push(`prox ${eta}`),
      releaseZeroRowMasks: record('releaseZeroRowMasks'),
    } as unknown as GrowlLayers,
    method: { proxSchedule: 'per-step', averagesIterates: options.averages ?? false } as ScalarizationMethod,
    best: { hasModel: options.bestKept ?? true, restoreInto: record('restoreBest') } as unknown as BestModel,
    tying: {
      // Clustering takes a while (Affinity Propagation): the search's outcome says how long.
      cluster: () => new Promise<string>((resolve) => setTimeout(() => resolve('clustered'), 30)),
      afterStep: async () => void calls.push('tie step'),
      atEpochEnd: async () => (calls.push('tie epoch'), true),
    } as unknown as RetrainTying,
    recalibrate: record('recalibrate'),
    restartOptimisation: record('restartOptimisation'),
  };
  return { context, calls };
}

const rows = (sparsityRate: number) => ({ sparsityRate }) as RowMetrics;
const sparse = (overrides: Partial<TrainerConfig> = {}): TrainerConfig => ({ ...defaultConfig({ network: 'hps' }), preference: [0.1, 0.45, 0.45], ...overrides });
const plain = (): TrainerConfig => ({ ...defaultConfig({ network: 'hps' }), preference: [0, 0.5, 0.5] });

describe('the schedule', () => {
  it('starts a sparse run with the search and a k_0 = 0 run with the plain phase, and counts their epochs', () => {
    const s = sparse({ searchIterations: 3, innerEpochs: 2, retrainIterations: 4, retrainInnerEpochs: 5, plainIterations: 7 });
    expect(isSparse(s)).toBe(true);
    expect(firstPhase(recordingContext(s).context)).toBeInstanceOf(SearchPhase);
    expect(scheduledEpochs(s)).toBe(3 * 2 + 4 * 5);
    const p = { ...plain(), innerEpochs: 2, plainIterations: 7 };
    expect(firstPhase(recordingContext(p).context)).toBeInstanceOf(PlainPhase);
    expect(scheduledEpochs(p)).toBe(7 * 2);
  });
});

describe('the search phase', () => {
  it('applies the prox after a step, keeps only models with min_sparsity zero rows, and hands on to retraining', async () => {
    const { context, calls } = recordingContext(sparse({ minSparsity: 30, proxScale: 2, retrainIterations: 1 }));
    const search = new SearchPhase(context);
    expect(await search.afterStep({ learningRate: 0.5, penaltyWeight: 3, outer: 0 })).toBe(3);
    expect(calls).toContain('prox 3');
    expect(search.eligible(rows(29))).toBe(false);
    expect(search.eligible(rows(30))).toBe(true);
    const events: string[] = [];
    const end = await search.end(events);
    expect(end.next).toBeInstanceOf(RetrainPhase);
    expect(end.outcome).toEqual({ searchModelKept: true, clusteringSeconds: expect.any(Number) });
    expect(end.outcome.clusteringSeconds).toBeGreaterThanOrEqual(0.025);
    expect(events).toEqual(['clustered', 'retraining with tied rows']);
    expect(calls.slice(-4)).toEqual(['restoreBest', 'releaseZeroRowMasks', 'recalibrate', 'restartOptimisation']);
  });

  it('ends the run after clustering when there is no retraining, and says when no model qualified', async () => {
    const { context } = recordingContext(sparse({ retrainIterations: 0 }), { bestKept: false });
    const events: string[] = [];
    const end = await new SearchPhase(context).end(events);
    expect(end).toEqual({ next: null, outcome: { searchModelKept: false, clusteringSeconds: expect.any(Number) } });
    expect(events[0]).toMatch(/^no search model had/);
    expect(events[1]).toBe('clustered');
  });
});

describe('the retrain and plain phases', () => {
  it('retraining ties rows after each step (when asked) and at each epoch end, then returns the best model', async () => {
    const { context, calls } = recordingContext(sparse({ retrainIterations: 2, retrainInnerEpochs: 3 }));
    const retrain = new RetrainPhase(context);
    expect([retrain.name, retrain.iterations, retrain.epochsPerIteration]).toEqual(['retrain', 2, 3]);
    expect(await retrain.afterStep({ learningRate: 1, penaltyWeight: 1, outer: 0 })).toBe(0);
    await retrain.beforeJudging(0);
    expect(calls).toEqual(['tie step', 'tie epoch', 'recalibrate']);
    expect(retrain.eligible(rows(0))).toBe(true);
    expect(await retrain.end([])).toEqual({ next: null, outcome: {} });
    expect(calls.at(-1)).toBe('restoreBest');
  });

  it('a plain phase does nothing after a step and returns its best model', async () => {
    const { context, calls } = recordingContext(plain());
    const phase = new PlainPhase(context);
    expect(await phase.afterStep({ learningRate: 1, penaltyWeight: 1, outer: 0 })).toBe(0);
    await phase.beforeJudging(0);
    await phase.afterJudging({ outer: 0, objectives: [0, 1, 1] });
    expect(await phase.end([])).toEqual({ next: null, outcome: {} });
    expect(calls).toEqual(['restoreBest']);
  });
});
