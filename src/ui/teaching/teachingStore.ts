/** The teaching lab's zustand store: the state of teachingState.ts with its reducers bound as actions. */
import { create } from 'zustand';
import type { WorkerMessage } from '../../workers/protocol';
import type { MethodKey } from '../../experiment/choices';
import {
  addTeachingRuns,
  applyTeachingMessages,
  dropEnded,
  failTeachingRuns,
  initialTeachingState,
  setTeachingSettings,
  type TeachingState,
} from './teachingState';
import { cleanTeaching, type TeachingSettings } from './teachingSettings';

export interface TeachingActions {
  setActive(active: boolean): void;
  setSettings(change: Partial<TeachingSettings>): void;
  setPreference(k: readonly number[]): void;
  setProjection(axes: [number, number]): void;
  addRuns(runs: { id: string; key: MethodKey; preference: number[] }[]): void;
  dropEnded(problem: string | null, keys: readonly MethodKey[] | null): void;
  applyMessages(messages: readonly WorkerMessage[]): void;
  failUnfinished(message: string): void;
  setTourStep(step: number | null): void;
}

export type TeachingStore = TeachingState & TeachingActions;

export const useTeachingStore = create<TeachingStore>()((set) => ({
  ...initialTeachingState(),
  setActive: (active) => set({ active }),
  setSettings: (change) => set((s) => setTeachingSettings(s, cleanTeaching({ ...s.settings, ...change }))),
  setPreference: (k) => set({ preference: [...k] }),
  setProjection: (projection) => set({ projection }),
  addRuns: (runs) => set((s) => addTeachingRuns(s, runs)),
  dropEnded: (problem, keys) => set((s) => dropEnded(s, problem, keys)),
  applyMessages: (messages) => set((s) => applyTeachingMessages(s, messages)),
  failUnfinished: (message) => set((s) => failTeachingRuns(s, message)),
  setTourStep: (tourStep) => set({ tourStep }),
}));
