/** The explorer's zustand store: the state of explorerState.ts with its reducers bound as actions. */
import { create } from 'zustand';
import type { BudgetName } from '../../experiment/choices';
import type { ExperimentSettings, ParameterValues, TrainerConfig } from '../../experiment/config';
import type { SharedParameterKey } from '../../experiment/link/experiment';
import type { WorkerMessage } from '../../workers/protocol';
import type { SharedPart } from '../sharing/experimentState';
import {
  addRun,
  addToPlan,
  removeFromPlan,
  restoreRuns,
  applyMessages,
  clearResults,
  failUnfinished,
  initialExplorerState,
  setBudget,
  setOverride,
  setPreference,
  setSetting,
  type ExplorerState,
  type FrontView,
  type RunRecord,
  type SettingKey,
} from './explorerState';

export interface ExplorerActions {
  setPreference(k: readonly number[]): void;
  setRetargetLive(on: boolean): void;
  setBudget(budget: BudgetName): void;
  setSetting<K extends SettingKey>(key: K, value: ExperimentSettings[K]): void;
  /** Sets what a link or an imported file carries: settings, preference, the list of preferences, the front view. */
  applyShared(part: SharedPart): void;
  addToPlan(k: readonly number[]): void;
  removeFromPlan(index: number): void;
  clearPlan(): void;
  /** Adds runs restored from the browser's storage or an imported file. */
  restoreRuns(runs: readonly RunRecord[]): void;
  setOverride<K extends SharedParameterKey>(field: K, value: ParameterValues[K] | undefined): void;
  addRun(id: string, config: TrainerConfig): void;
  applyMessages(messages: readonly WorkerMessage[]): void;
  failUnfinished(message: string): void;
  selectRun(id: string | null): void;
  setFront(change: Partial<FrontView>): void;
  clearResults(): void;
  /** Forgets every run (after the worker was told to stop and empty its queue). */
  clearAll(): void;
}

export type ExplorerStore = ExplorerState & ExplorerActions;

export const useExplorerStore = create<ExplorerStore>()((set) => ({
  ...initialExplorerState(),
  setPreference: (k) => set((s) => setPreference(s, k)),
  setRetargetLive: (retargetLive) => set({ retargetLive }),
  setBudget: (budget) => set((s) => setBudget(s, budget)),
  setSetting: (key, value) => set((s) => setSetting(s, key, value)),
  setOverride: (field, value) => set((s) => setOverride(s, field, value)),
  applyShared: (part) => set(part),
  addToPlan: (k) => set((s) => addToPlan(s, k)),
  removeFromPlan: (index) => set((s) => removeFromPlan(s, index)),
  clearPlan: () => set({ plan: [] }),
  restoreRuns: (runs) => set((s) => restoreRuns(s, runs)),
  addRun: (id, config) => set((s) => addRun(s, id, config)),
  applyMessages: (messages) => set((s) => applyMessages(s, messages, performance.now())),
  failUnfinished: (message) => set((s) => failUnfinished(s, message, performance.now())),
  selectRun: (selectedRunId) => set({ selectedRunId }),
  setFront: (change) => set((s) => ({ front: { ...s.front, ...change } })),
  clearResults: () => set((s) => clearResults(s)),
  clearAll: () => set({ runs: {}, order: [], queue: [], selectedRunId: null }),
}));
