/** Sets the teaching and sweep stores from a link or an imported file (labShared.ts). */
import { useSweepStore } from '../compare/sweepStore';
import type { SharedExperiment } from '../../experiment/link/experiment';
import { labPartOf, labSharedOf, type LabShared } from '../sharing/labShared';
import { useTeachingStore } from './teachingStore';

export function applyLab(e: SharedExperiment): void {
  const teaching = useTeachingStore.getState();
  const part = labPartOf(e, teaching.settings);
  teaching.setSettings(part.settings);
  teaching.setPreference(part.preference);
  teaching.setProjection(part.projection);
  teaching.setActive(part.active);
  useSweepStore.getState().setSweep(part.sweep);
}

/** The lab's part of the current experiment, from the stores. */
export function currentLabShared(): LabShared {
  const { methods, size, parallel } = useSweepStore.getState();
  return labSharedOf(useTeachingStore.getState(), { methods, size, parallel });
}
