/**
 * What the teaching lab's controls set (SPEC §7): the problem and its parameters, and how a run of one method at
 * one preference is configured from them. The preference has one entry per objective (2 for Fonseca–Fleming
 * and the width problem with k = 2 tasks, 3 for k = 3) and no sparsity entry. Pure: the engine modules used here
 * (teaching/config.ts, methods/settings.ts) hold no TF.js.
 */
import { DEFAULT_PROBLEMS, defaultTeachingConfig, type TeachingConfig } from '../../engine/teaching/config';
import type { TeachingProblemSpec, WidthTransitionSpec } from '../../engine/teaching/types';
import { methodOfKey, type MethodKey } from '../compare/methodKeys';

/** The teaching problems as the link names them (`problem=fonseca-fleming`). */
export const TEACHING_PROBLEM_NAMES = ['fonseca-fleming', 'width-transition'] as const;
export type TeachingProblemName = (typeof TEACHING_PROBLEM_NAMES)[number];

export const TEACHING_PROBLEM_LABELS: Record<TeachingProblemName, string> = {
  'fonseca-fleming': 'Fonseca–Fleming (concave front)',
  'width-transition': 'Width phase transition (k regression tasks)',
};

export interface TeachingSettings {
  problem: TeachingProblemName;
  /** Fonseca–Fleming: number of decision variables n. */
  dimension: number;
  /** Width problem: number of tasks k (2 or 3). */
  tasks: 2 | 3;
  /** Width problem: width q of the shared layer. */
  width: number;
  /** Width problem: task similarity ρ ∈ [0, 1]. */
  similarity: number;
}

export const DEFAULT_TEACHING: TeachingSettings = { problem: 'fonseca-fleming', dimension: 2, tasks: 2, width: 1, similarity: 0.5 };

/** Allowed values (the link codec and the inputs use the same). */
export const TEACHING_LIMITS = {
  dimension: { min: 2, max: 50 },
  width: { min: 1, max: 8 },
  similarity: { min: 0, max: 1 },
} as const;

/** Reference AL on the teaching problems: the authors' MultiMNIST μ₀ (SPEC §1.2), so it shows what it does there. */
export const REFERENCE_MU0 = 2.5e-8;

export function teachingSpec(s: TeachingSettings): TeachingProblemSpec {
  if (s.problem === 'fonseca-fleming') return { kind: 'fonseca-fleming', dimension: s.dimension };
  const base = DEFAULT_PROBLEMS.width as WidthTransitionSpec;
  return { ...base, tasks: s.tasks, width: s.width, similarity: s.similarity };
}

/** Number of objectives m (entries of a preference). */
export function objectiveCount(s: TeachingSettings): 2 | 3 {
  return s.problem === 'fonseca-fleming' ? 2 : s.tasks;
}

/** Identifies the problem instance: runs with the same key share an exact front and are compared. */
export function problemKey(s: TeachingSettings): string {
  return s.problem === 'fonseca-fleming' ? `fonseca-fleming n=${s.dimension}` : `width k=${s.tasks} q=${s.width} ρ=${s.similarity}`;
}

/** A readable one-line description of the problem instance. */
export function describeProblem(s: TeachingSettings): string {
  return s.problem === 'fonseca-fleming'
    ? `Fonseca–Fleming, n = ${s.dimension}`
    : `width problem, k = ${s.tasks} tasks, width q = ${s.width}, similarity ρ = ${s.similarity}`;
}

/** The engine config of one run: the method's teaching defaults (engine/teaching/config.ts) at preference k. */
export function teachingRunConfig(s: TeachingSettings, key: MethodKey, preference: readonly number[]): TeachingConfig {
  const { method, variant } = methodOfKey(key);
  const config = { ...defaultTeachingConfig(teachingSpec(s), method), variant, preference: [...preference] };
  return variant === 'reference' ? { ...config, mu0: REFERENCE_MU0 } : config;
}

/** Clamps and rounds edited values into the allowed ranges. */
export function cleanTeaching(s: TeachingSettings): TeachingSettings {
  const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(Number.isFinite(v) ? v : lo)));
  const similarity = Number.isFinite(s.similarity) ? Math.min(1, Math.max(0, s.similarity)) : DEFAULT_TEACHING.similarity;
  return {
    problem: s.problem,
    dimension: clampInt(s.dimension, TEACHING_LIMITS.dimension.min, TEACHING_LIMITS.dimension.max),
    tasks: s.tasks === 3 ? 3 : 2,
    width: clampInt(s.width, TEACHING_LIMITS.width.min, TEACHING_LIMITS.width.max),
    similarity: Math.round(similarity * 1000) / 1000,
  };
}
