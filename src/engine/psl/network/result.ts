/**
 * A network Pareto set model's result at one preference, in the shape of any network run's (NetworkResult): its run's
 * (workers/networkPslHandle.ts) and a point pinned off it (ui/explorer/paretoModel.ts). A model ties no rows, so it
 * has no clusters. Pure.
 */
import type { NetworkModelPoint, NetworkParetoSet, NetworkResult } from '../../readings';
import type { PslEvaluation } from './trainer';

/** What a reading of the model at one preference holds (PslEvaluation, and the worker's NetworkModelReading). */
export type ModelMeasures = Pick<PslEvaluation, 'accuracy' | 'nll' | 'rows' | 'growlPenalty' | 'parameterCount'>;

/** The training behind it: none for a pinned point. */
export interface ModelTraining {
  trainingSeconds: number;
  samplesPerSecond: number;
  steps: number;
  backend: string;
  paretoSet?: NetworkParetoSet;
}

export function pslNetworkResult(val: ModelMeasures, test: ModelMeasures, training: ModelTraining): NetworkResult {
  return {
    kind: 'network',
    val: { accuracy: val.accuracy, nll: val.nll },
    test: { accuracy: test.accuracy, nll: test.nll },
    rows: test.rows,
    growlPenalty: test.growlPenalty,
    clusters: [],
    parameterCount: test.parameterCount,
    method: 'psl',
    ...training,
  };
}

/** The model read at one preference (on the test subset) as a result keeps it: a point of its curves, or of a sweep. */
export function modelPoint(e: PslEvaluation): NetworkModelPoint {
  return { preference: e.preference, test: { accuracy: e.accuracy, nll: e.nll }, sparsityRate: e.rows.sparsityRate, compressionRate: e.compressionRate };
}
