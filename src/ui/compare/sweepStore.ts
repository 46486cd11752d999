/**
 * The sweep settings (part of the link): which methods a sweep compares and how many preference vectors it
 * runs per method. Shared by the teaching lab and the network explorer.
 */
import { create } from 'zustand';
import type { MethodKey } from '../../experiment/choices';
import { DEFAULT_SWEEP_METHODS, LAB_PARAMETER_BY_KEY } from '../../experiment/labParameters';

export interface SweepSettings {
  /** Methods to sweep, in the order picked (at least one). */
  methods: MethodKey[];
  /** Preference vectors per method (uniform on the simplex, sweepGrid.ts). */
  size: number;
  /** Teaching sweeps: spread the runs over several workers (workerPool.ts). */
  parallel: boolean;
}

export const DEFAULT_SWEEP: SweepSettings = { methods: [...DEFAULT_SWEEP_METHODS], size: LAB_PARAMETER_BY_KEY.sweep.default, parallel: false };

export interface SweepStore extends SweepSettings {
  setParallel(on: boolean): void;
  setSweep(change: Partial<SweepSettings>): void;
  toggleMethod(key: MethodKey, on: boolean): void;
}

export const useSweepStore = create<SweepStore>()((set) => ({
  ...DEFAULT_SWEEP,
  setParallel: (parallel) => set({ parallel }),
  setSweep: (change) => set(change),
  toggleMethod: (key, on) =>
    set((s) => {
      const methods = on ? (s.methods.includes(key) ? s.methods : [...s.methods, key]) : s.methods.filter((k) => k !== key);
      return { methods };
    }),
}));
