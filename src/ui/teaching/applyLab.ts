/** Sets the teaching and sweep stores from a link or an imported file (labShared.ts). */
import { useSweepStore } from '../compare/sweepStore';
import type { SharedExperiment } from '../../experiment/link/experiment';
import { labPartOf, labSharedOf, type LabShared } from '../sharing/labShared';
import { useTeachingStore } from './teachingStore';

/**
 * A link's and an imported file's alike: the file carries the link's fields, and a teacher's file exported at a tour
 * step opens that step over the runs it holds, as their link would over the runs its step sets up. Opening a step runs
 * nothing: its own "Set up and run this step" does.
 */
export function applyLab(e: SharedExperiment): void {
  const teaching = useTeachingStore.getState();
  const part = labPartOf(e, teaching.settings);
  teaching.setSettings(part.settings);
  teaching.setPreference(part.preference);
  teaching.setProjection(part.projection);
  // Before the lab shows: it mounts with the tour at its step, whose heading takes the focus as when Guided tour opens it.
  teaching.setTourStep(part.tourStep);
  teaching.setActive(part.active);
  useSweepStore.getState().setSweep(part.sweep);
}

/** The lab's part of the current experiment, from the stores. */
export function currentLabShared(): LabShared {
  const { methods, size, parallel } = useSweepStore.getState();
  return labSharedOf(useTeachingStore.getState(), { methods, size, parallel });
}
