/**
 * The teaching lab's and the sweep's part of the shareable experiment: the problem when it is a teaching one,
 * the teaching parameters (dimension; tasks m, width q, similarity ρ), the lab's preference, the pair of objectives
 * a three-task front is shown on and the guided tour's open step, the methods a sweep compares, its size and whether a
 * teaching sweep uses several workers. Between the stores and the link both ways. Pure (the stores' states are passed in).
 */
import type { SweepSettings } from '../compare/sweepStore';
import type { TeachingState } from '../teaching/teachingState';
import { isTeachingProblem, type TeachingProblemName } from '../../experiment/choices';
import { objectiveCount, type TeachingSettings } from '../teaching/teachingSettings';
import { centrePreference } from '../teaching/teachingState';
import type { SharedExperiment } from '../../experiment/link/experiment';

/** `tour`: set when the teaching lab is the view and its guided tour is open (the step, from 1). */
export type LabShared = Pick<SharedExperiment, 'dimension' | 'tasks' | 'width' | 'similarity' | 'methods' | 'sweep' | 'parallel' | 'labK' | 'projection' | 'tour'> & {
  /** Set when the teaching lab is the view: the teaching problem shown. */
  problem?: TeachingProblemName;
};

export function labSharedOf(teaching: Pick<TeachingState, 'active' | 'settings' | 'preference' | 'projection' | 'tourStep'>, sweep: SweepSettings): LabShared {
  const { settings, preference, projection, tourStep } = teaching;
  const centre = centrePreference(preference.length);
  return {
    ...(teaching.active ? { problem: settings.problem, ...(tourStep === null ? {} : { tour: tourStep + 1 }) } : {}),
    dimension: settings.dimension,
    tasks: settings.tasks,
    width: settings.width,
    similarity: settings.similarity,
    methods: [...sweep.methods],
    sweep: sweep.size,
    parallel: sweep.parallel,
    labK: preference.every((v, i) => v === centre[i]) ? null : [...preference],
    projection: [projection[0] + 1, projection[1] + 1],
  };
}


export interface LabPart {
  /** The teaching lab is the view. */
  active: boolean;
  settings: TeachingSettings;
  /** The lab's preference: the link's when it has one weight per objective of `settings`, else the centre. */
  preference: number[];
  /** The objectives (from 0) a three-task front is shown on; (0, 1) for two objectives. */
  projection: [number, number];
  /** The guided tour's open step (from 0), or null: closed. Only where the link opens the lab (the tour is the lab's). */
  tourStep: number | null;
  sweep: SweepSettings;
}

/** What a link or an imported file sets in the teaching and sweep stores. */
export function labPartOf(e: SharedExperiment, current: TeachingSettings): LabPart {
  const teaching = isTeachingProblem(e.problem);
  const settings: TeachingSettings = {
    problem: isTeachingProblem(e.problem) ? e.problem : current.problem,
    dimension: e.dimension,
    tasks: e.tasks,
    width: e.width,
    similarity: e.similarity,
  };
  const m = objectiveCount(settings);
  return {
    active: teaching,
    settings,
    preference: e.labK && e.labK.length === m ? [...e.labK] : centrePreference(m),
    projection: m === 3 ? [e.projection[0] - 1, e.projection[1] - 1] : [0, 1],
    tourStep: teaching && e.tour !== undefined ? e.tour - 1 : null,
    sweep: { methods: [...e.methods], size: e.sweep, parallel: e.parallel },
  };
}
