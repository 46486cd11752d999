/** The teaching lab's zustand store: the state of teachingState.ts with its reducers bound as actions. */
import { create } from 'zustand';
import { initialTeachingState, setTeachingSettings, type ModelAnswer, type ModelAnswers, type TeachingState } from './teachingState';
import { cleanTeaching, type TeachingSettings } from './teachingSettings';

export interface TeachingActions {
  setActive(active: boolean): void;
  setSettings(change: Partial<TeachingSettings>): void;
  setPreference(k: readonly number[]): void;
  setProjection(axes: [number, number]): void;
  setTourStep(step: number | null): void;
  setProbe(answer: ModelAnswer | null): void;
  setGridAnswers(answers: ModelAnswers | null): void;
}

export type TeachingStore = TeachingState & TeachingActions;

export const useTeachingStore = create<TeachingStore>()((set) => ({
  ...initialTeachingState(),
  setActive: (active) => set({ active }),
  setSettings: (change) => set((s) => setTeachingSettings(s, cleanTeaching({ ...s.settings, ...change }))),
  setPreference: (k) => set({ preference: [...k] }),
  setProjection: (projection) => set({ projection }),
  setTourStep: (tourStep) => set({ tourStep }),
  setProbe: (probe) => set({ probe }),
  setGridAnswers: (gridAnswers) => set({ gridAnswers }),
}));
