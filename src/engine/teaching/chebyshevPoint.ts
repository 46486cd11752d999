/**
 * A teaching problem's exact Chebyshev point for a run's preference, from its spec and seed alone (no tensors, no
 * sampled front): Fonseca–Fleming's by a search along its Pareto set, the width problem's on its subspaces
 * (widthChebyshev.ts). Pure, so the lab can say where each Chebyshev run should have landed.
 */
import { fonsecaFlemingChebyshevPoint } from './fonsecaFlemingFront';
import type { TeachingProblemSpec } from './types';
import { widthChebyshevPoint } from './widthChebyshev';
import { taskGram, widthData } from './widthData';

export function teachingChebyshevPoint(spec: TeachingProblemSpec, seed: number, k: readonly number[], a: readonly number[], epsilon: number): number[] {
  if (spec.kind === 'fonseca-fleming') return fonsecaFlemingChebyshevPoint(k, a, epsilon);
  return widthChebyshevPoint({ gram: taskGram(spec, widthData(spec, seed)), width: spec.width }, k, a, epsilon);
}
