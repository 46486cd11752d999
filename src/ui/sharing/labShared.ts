/**
 * The teaching lab's and the sweep's part of the shareable experiment: the problem when it is a teaching one,
 * the teaching parameters (dimension; tasks k, width q, similarity ρ), the methods a sweep compares, its size and
 * whether a teaching sweep uses several workers. Between the stores and the link both ways. Pure (the stores' states are passed in).
 */
import type { SweepSettings } from '../compare/sweepStore';
import type { TeachingState } from '../teaching/teachingState';
import { TEACHING_PROBLEM_NAMES, type TeachingProblemName } from '../../experiment/choices';
import type { TeachingSettings } from '../teaching/teachingSettings';
import type { SharedExperiment } from '../../experiment/link/experiment';

export type LabShared = Pick<SharedExperiment, 'dimension' | 'tasks' | 'width' | 'similarity' | 'methods' | 'sweep' | 'parallel'> & {
  /** Set when the teaching lab is the view: the teaching problem shown. */
  problem?: TeachingProblemName;
};

export function labSharedOf(teaching: Pick<TeachingState, 'active' | 'settings'>, sweep: SweepSettings): LabShared {
  const { settings } = teaching;
  return {
    ...(teaching.active ? { problem: settings.problem } : {}),
    dimension: settings.dimension,
    tasks: settings.tasks,
    width: settings.width,
    similarity: settings.similarity,
    methods: [...sweep.methods],
    sweep: sweep.size,
    parallel: sweep.parallel,
  };
}

const isTeachingProblem = (p: string): p is TeachingProblemName => (TEACHING_PROBLEM_NAMES as readonly string[]).includes(p);

export interface LabPart {
  /** The teaching lab is the view. */
  active: boolean;
  settings: TeachingSettings;
  sweep: SweepSettings;
}

/** What a link or an imported file sets in the teaching and sweep stores. */
export function labPartOf(e: SharedExperiment, current: TeachingSettings): LabPart {
  const teaching = isTeachingProblem(e.problem);
  return {
    active: teaching,
    settings: {
      problem: isTeachingProblem(e.problem) ? e.problem : current.problem,
      dimension: e.dimension,
      tasks: e.tasks,
      width: e.width,
      similarity: e.similarity,
    },
    sweep: { methods: [...e.methods], size: e.sweep, parallel: e.parallel },
  };
}
