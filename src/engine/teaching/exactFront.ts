/**
 * A teaching problem's exact Pareto front from its spec and seed alone, without building the problem (no tensors):
 * the worker answers the lab with it before any run, and a finished run carries the same points. Thinned to at
 * most MAX_FRONT_POINTS points so that it stays small on its way to the UI and into saved results. Pure.
 */
import { fonsecaFlemingFront } from './fonsecaFlemingFront';
import type { TeachingProblemSpec } from './types';
import { taskGram, widthData } from './widthData';
import { widthFront } from './widthFront';

/** Most exact-front points a result or an answer carries. */
export const MAX_FRONT_POINTS = 2000;

/** The densely sampled exact front (non-dominated points in objective space). */
export function exactFront(spec: TeachingProblemSpec, seed: number): number[][] {
  if (spec.kind === 'fonseca-fleming') return fonsecaFlemingFront();
  return widthFront({ gram: taskGram(spec, widthData(spec, seed)), width: spec.width });
}

/** At most `max` points of the front, evenly spaced in its order (first and last kept). */
export function thinFront(front: readonly number[][], max = MAX_FRONT_POINTS): number[][] {
  if (front.length <= max) return front.map((p) => [...p]);
  if (max < 2) return front.slice(0, max).map((p) => [...p]);
  return Array.from({ length: max }, (_, i) => [...front[Math.round((i * (front.length - 1)) / (max - 1))]]);
}
