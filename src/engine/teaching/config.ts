/**
 * Settings of a teaching-problem run: the problem, the method (same MethodSettings as the network runs), the
 * preference over the tasks, and a full-batch optimiser schedule of outer iterations × steps. Defaults train
 * a run in about a second on the cpu backend.
 */
import { COMMON_PARAMETERS } from '../../experiment/parameters';
import type { AlVariant, MethodName, OptimizerKind } from '../../experiment/choices';
import { defaultMethodConfig, methodConfigProblems, preferenceProblems } from '../../experiment/config';
import { valueProblem } from '../../experiment/parameter';
import type { MethodSettings } from '../methods/types';
import type { TeachingProblemKind, TeachingProblemSpec } from './types';
import { hypernetworkSize } from '../psl/hypernetworkShape';

export interface TeachingConfig extends MethodSettings {
  problem: TeachingProblemSpec;
  /** Preference k over the m objectives (no sparsity entry), on the simplex. */
  preference: number[];
  seed: number;
  optimizer: OptimizerKind;
  learningRate: number;
  /** Learning-rate multiplier per outer iteration. */
  lrDecay: number;
  /** Outer iterations (AL multiplier updates, learning-rate decay). */
  outerIterations: number;
  /** Full-batch optimiser steps per outer iteration. */
  stepsPerOuter: number;
}

export const DEFAULT_PROBLEMS: Record<TeachingProblemKind, TeachingProblemSpec> = {
  'fonseca-fleming': { kind: 'fonseca-fleming', dimension: 2 },
  width: { kind: 'width', tasks: 2, width: 1, similarity: 0.5, inputDimension: 8, samples: 64 },
};

export function problemObjectives(spec: TeachingProblemSpec): number {
  return spec.kind === 'fonseca-fleming' ? 2 : spec.tasks;
}

/** Size P of a problem's parameter vector θ (TeachingProblem.parameterCount). */
export function problemParameterCount(spec: TeachingProblemSpec): number {
  return spec.kind === 'fonseca-fleming' ? spec.dimension : spec.inputDimension * spec.width + spec.width * spec.tasks;
}

/** Most values a Pareto set model may have: it is saved with its run (≈ 1,200 for the default problems). */
export const MAX_PARETO_SET_MODEL = 250_000;

/**
 * Per-method optimiser defaults: each method gets the step its derivation assumes.
 * - Chebyshev-AL, linear, smooth Tchebycheff, random weighting: Adam, lr 0.03 (the paper's optimiser for the
 *   AL's inner problem). The PHR AL's μ grows 1 → 128 over the 8 outer iterations, enough to pin the
 *   constraints here.
 * - Mirror descent and MGDA: plain gradient steps (SGD), lr 0.1. Their primal step is θ − η Σ w_i ∇f_i by
 *   construction; Adam's per-coordinate normalisation moves the primal at full speed whatever the dual weights
 *   say, which turns mirror descent's game into a bang-bang between the ends of a concave front, and drops
 *   the min-norm direction's property of decreasing every objective.
 * All: 8 outer iterations × 100 full-batch steps. The learning rate decays × 0.9 per outer iteration for the
 * single-preference Adam methods: with × 0.7 the runs near the front's ends (k₁ = 1/16) stopped short, 3.3e-3 from it,
 * where × 0.9 brings every run of the lab's sweep within the exact front's sampling (3.5e-4; acceptance.test.ts). × 0.7
 * for the plain gradient steps and for a Pareto set model (with × 0.9 its answers land up to 2.7e-2 from their
 * Chebyshev points, past the 2e-2 teachingPsl.test.ts allows).
 * `npm run bench:methods` shows what these give.
 */
export function defaultTeachingConfig(
  problem: TeachingProblemKind | TeachingProblemSpec = 'fonseca-fleming',
  method: MethodName = 'chebyshev-al',
  variant: AlVariant = 'phr',
): TeachingConfig {
  const spec = typeof problem === 'string' ? DEFAULT_PROBLEMS[problem] : problem;
  const m = problemObjectives(spec);
  const gradientSteps = method === 'chebyshev-md' || method === 'mgda';
  return {
    method: defaultMethodConfig(method, variant, m),
    problem: spec,
    preference: new Array<number>(m).fill(1 / m),
    referencePoint: new Array<number>(m).fill(0),
    epsilon: 1e-4,
    seed: 1,
    optimizer: gradientSteps ? 'sgd' : 'adam',
    learningRate: gradientSteps ? 0.1 : 0.03,
    lrDecay: gradientSteps || method === 'psl' ? 0.7 : 0.9,
    outerIterations: 8,
    stepsPerOuter: 100,
  };
}

export function teachingConfigProblems(config: TeachingConfig): string[] {
  const problems: string[] = [];
  const spec = config.problem;
  if (spec.kind === 'fonseca-fleming') {
    if (!Number.isInteger(spec.dimension) || spec.dimension < 2) problems.push('Fonseca–Fleming needs a whole dimension n ≥ 2');
  } else if (spec.kind === 'width') {
    if (spec.tasks !== 2 && spec.tasks !== 3) problems.push('the width problem has 2 or 3 tasks');
    if (!Number.isInteger(spec.width) || spec.width < 1) problems.push('width q must be a whole number ≥ 1');
    if (!(spec.similarity >= 0 && spec.similarity <= 1)) problems.push('task similarity must be in [0, 1]');
    if (!Number.isInteger(spec.inputDimension) || spec.inputDimension < spec.tasks) problems.push('input dimension must be a whole number ≥ the number of tasks');
    if (!Number.isInteger(spec.samples) || spec.samples <= spec.inputDimension) problems.push('samples must be a whole number > the input dimension');
  } else {
    problems.push(`unknown teaching problem ${(spec as { kind: string }).kind}`);
    return problems;
  }
  const m = problemObjectives(spec);
  problems.push(...preferenceProblems(config.preference, m, '(one per task)'));
  problems.push(...methodConfigProblems(config.method, m));
  if (config.method.name === 'psl' && Number.isInteger(config.method.pslHidden)) {
    const size = hypernetworkSize({ objectives: m, hidden: config.method.pslHidden, outputs: problemParameterCount(spec) });
    if (size > MAX_PARETO_SET_MODEL) problems.push(`the Pareto set model would have ${size} values, more than ${MAX_PARETO_SET_MODEL}: a smaller model width or problem`);
  }
  for (const spec of COMMON_PARAMETERS) {
    if (spec.key !== 'referencePoint' && spec.key !== 'epsilon') continue;
    const problem = valueProblem(spec, config[spec.key], m);
    if (problem) problems.push(`${spec.key} ${problem}`);
  }
  for (const [name, value] of [
    ['learningRate', config.learningRate],
    ['lrDecay', config.lrDecay],
  ] as const) {
    if (!(value > 0) || !Number.isFinite(value)) problems.push(`${name} must be a positive number`);
  }
  for (const [name, value] of [
    ['outerIterations', config.outerIterations],
    ['stepsPerOuter', config.stepsPerOuter],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a whole number ≥ 1`);
  }
  return problems;
}
