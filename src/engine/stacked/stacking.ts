/**
 * Which runs can be trained as one stacked computation (stackedTrainer.ts, stackedTeachingTrainer.ts): runs that differ
 * only in their preference, with a method that takes one scalar loss per run, and network runs all sparse or all plain.
 * No TF.js here, so the worker's run loop and the command line check it before they build anything.
 */
import type { TrainerConfig } from '../../experiment/config';
import type { MethodName } from '../../experiment/choices';
import type { TeachingConfig } from '../teaching/config';
import { isSparse } from '../phases/schedule';

/** One run of a stack failed (it diverged): which one, and its own message (what it would say alone). */
export class StackedRunError extends Error {
  constructor(
    readonly runIndex: number,
    readonly runMessage: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StackedRunError';
  }
}

/** Why these network configs cannot be trained as one stacked computation (empty: they can). */
export function stackingProblems(configs: readonly TrainerConfig[]): string[] {
  return sharedSettingsProblems(configs, (config, i) =>
    isSparse(config) !== isSparse(configs[0]) ? `run ${i + 1} is ${isSparse(config) ? 'sparse (k₀ > 0)' : 'a plain run (k₀ = 0)'} and run 1 is not: their schedules differ` : null,
  );
}

/** Why these teaching configs cannot be trained as one stacked computation (empty: they can). */
export function teachingStackingProblems(configs: readonly TeachingConfig[]): string[] {
  return sharedSettingsProblems(configs, () => null);
}

function sharedSettingsProblems<C extends { preference: number[]; method: { name: MethodName } }>(configs: readonly C[], differs: (config: C, i: number) => string | null): string[] {
  if (configs.length === 0) return ['no runs to stack'];
  const { preference: _first, ...shared } = configs[0];
  const sharedText = JSON.stringify(shared);
  const problems: string[] = [];
  configs.forEach((config, i) => {
    const { preference: _k, ...rest } = config;
    const problem = JSON.stringify(rest) !== sharedText ? `run ${i + 1} differs from run 1 in more than its preference` : differs(config, i);
    if (problem) problems.push(problem);
  });
  if (configs[0].method.name === 'mgda') problems.push('MGDA takes one gradient per objective: train its runs one at a time');
  if (configs[0].method.name === 'psl') problems.push('a Pareto set model is one run for every preference already');
  return problems;
}
