/**
 * The trainer of a teaching run: a Pareto set model (method psl, engine/psl) or one preference's run
 * (TeachingTrainer). Both have the same step-driven shape, which the worker's handle and the benches rely on.
 */
import { isPslConfig, TeachingPslTrainer } from '../psl/teachingPslTrainer';
import type { TeachingConfig } from './config';
import { TeachingTrainer } from './trainer';

export type TeachingRunTrainer = TeachingTrainer | TeachingPslTrainer;

export function createTeachingRunTrainer(config: TeachingConfig): TeachingRunTrainer {
  return isPslConfig(config) ? new TeachingPslTrainer(config) : new TeachingTrainer(config);
}
