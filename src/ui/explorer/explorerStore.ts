/** The explorer's zustand store: the state of explorerState.ts with its reducers bound as actions. */
import { create } from 'zustand';
import type { BudgetName } from '../../experiment/choices';
import type { ExperimentSettings, ParameterValues, TrainerConfig } from '../../experiment/config';
import type { SharedParameterKey } from '../../experiment/link/experiment';
import type { SharedPart } from '../sharing/experimentState';
import {
  addToPlan,
  removeFromPlan,
  initialExplorerState,
  setBudget,
  setOverride,
  setPreference,
  setSetting,
  withRunSettings,
  type ExplorerState,
  type FrontView,
  type ModelGridAnswers,
  type ModelProbe,
  type SettingKey,
  type SettingPick,
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
  setOverride<K extends SharedParameterKey>(field: K, value: ParameterValues[K] | undefined): void;
  /** Puts a run's settings and preference in the editor. */
  takeRunSettings(config: TrainerConfig): void;
  selectRun(id: string | null): void;
  setFront(change: Partial<FrontView>): void;
  setProbe(probe: ModelProbe | null): void;
  setGridAnswers(answers: ModelGridAnswers | null): void;
  setSweepK0(k0: number): void;
  /** Shows another setting's runs (null: the current settings' again, as when runs of them are started). */
  pickSetting(pick: SettingPick | null): void;
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
  takeRunSettings: (config) => set((s) => withRunSettings(s, config)),
  selectRun: (selectedRunId) => set({ selectedRunId }),
  setFront: (change) => set((s) => ({ front: { ...s.front, ...change } })),
  setProbe: (probe) => set({ probe }),
  setGridAnswers: (gridAnswers) => set({ gridAnswers }),
  setSweepK0: (sweepK0) => set({ sweepK0 }),
  pickSetting: (settingPick) => set({ settingPick }),
}));
