/**
 * What the teaching lab's controls set (SPEC §7): the problem and its parameters, and how a run of one method at
 * one preference is configured from them. The preference has one entry per objective (2 for Fonseca–Fleming
 * and the width problem with m = 2 tasks, 3 for m = 3) and no sparsity entry. Pure: the engine modules used here
 * and the registry hold no TF.js.
 */
import { DEFAULT_PROBLEMS, defaultTeachingConfig, type TeachingConfig } from '../../engine/teaching/config';
import type { TeachingProblemSpec, WidthTransitionSpec } from '../../engine/teaching/types';
import type { MethodKey, TeachingProblemName } from '../../experiment/choices';
import { DEFAULT_TEACHING_PROBLEM, LAB_PARAMETER_BY_KEY as LAB } from '../../experiment/labParameters';
import { methodOfKey } from '../compare/methodKeys';

export interface TeachingSettings {
  problem: TeachingProblemName;
  /** Fonseca–Fleming: number of decision variables n. */
  dimension: number;
  /** Width problem: number of tasks m (2 or 3; SPEC §7's k — k is the preference here). */
  tasks: 2 | 3;
  /** Width problem: width q of the shared layer. */
  width: number;
  /** Width problem: task similarity ρ ∈ [0, 1]. */
  similarity: number;
}

export const DEFAULT_TEACHING: TeachingSettings = {
  problem: DEFAULT_TEACHING_PROBLEM,
  dimension: LAB.dimension.default,
  tasks: 2,
  width: LAB.width.default,
  similarity: LAB.similarity.default,
};

export function teachingSpec(s: TeachingSettings): TeachingProblemSpec {
  if (s.problem === 'fonseca-fleming') return { kind: 'fonseca-fleming', dimension: s.dimension };
  const base = DEFAULT_PROBLEMS.width as WidthTransitionSpec;
  return { ...base, tasks: s.tasks, width: s.width, similarity: s.similarity };
}

/** Number of objectives m (entries of a preference). */
export function objectiveCount(s: TeachingSettings): 2 | 3 {
  return s.problem === 'fonseca-fleming' ? 2 : s.tasks;
}

/** Identifies a problem instance: runs with the same key share an exact front and are compared. */
export function problemKeyOf(spec: TeachingProblemSpec): string {
  return spec.kind === 'fonseca-fleming' ? `fonseca-fleming n=${spec.dimension}` : `width k=${spec.tasks} q=${spec.width} ρ=${spec.similarity}`;
}

/** The settings' problem instance's key. */
export const problemKey = (s: TeachingSettings): string => problemKeyOf(teachingSpec(s));

/** A readable one-line description of a problem instance. */
export function describeSpec(spec: TeachingProblemSpec): string {
  return spec.kind === 'fonseca-fleming'
    ? `Fonseca–Fleming, n = ${spec.dimension}`
    : `width problem, m = ${spec.tasks} tasks, width q = ${spec.width}, similarity ρ = ${spec.similarity}`;
}

/** The settings' problem instance, described. */
export const describeProblem = (s: TeachingSettings): string => describeSpec(teachingSpec(s));

/** The engine config of one run: the method's teaching defaults (engine/teaching/config.ts) at preference k. */
export function teachingRunConfig(s: TeachingSettings, key: MethodKey, preference: readonly number[]): TeachingConfig {
  const { method, variant } = methodOfKey(key);
  return { ...defaultTeachingConfig(teachingSpec(s), method, variant), preference: [...preference] };
}

/** Clamps and rounds edited values into the allowed ranges. */
export function cleanTeaching(s: TeachingSettings): TeachingSettings {
  const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(Number.isFinite(v) ? v : lo)));
  const similarity = Number.isFinite(s.similarity) ? Math.min(1, Math.max(0, s.similarity)) : DEFAULT_TEACHING.similarity;
  return {
    problem: s.problem,
    dimension: clampInt(s.dimension, LAB.dimension.min, LAB.dimension.max),
    tasks: s.tasks === 3 ? 3 : 2,
    width: clampInt(s.width, LAB.width.min, LAB.width.max),
    similarity: Math.round(similarity * 1000) / 1000,
  };
}
