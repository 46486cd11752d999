/** Pareto set learning for the network problems (issue 17): one preference-conditioned model for the whole front. */
export { NetworkPslTrainer, type PslEvaluateOptions, type PslEvaluation, type PslStepReading, type PslStepResult } from './trainer';
export { PSL_AGGREGATIONS, PSL_DEFAULTS, preferenceProblems, pslConfigFromTrainerConfig, pslNetworkConfigProblems, type PslAggregation, type PslNetworkConfig } from './config';
export { keptRows, zeroRowFraction } from './rowMasks';
