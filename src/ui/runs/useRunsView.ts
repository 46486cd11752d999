/**
 * A view's hook over two stores: the run store and the view's own (settings, selection). `combine` builds the
 * view's input from both and must return the same object while neither changed (memoise it); `selector` picks
 * from it with the same rule as a zustand selector (a stable answer for the same input).
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand';
import { useRunsStore } from './runsStore';
import type { RunsState } from './runsState';

export function useRunsView<S, V, T>(store: StoreApi<S>, combine: (runs: RunsState, own: S) => V, selector: (view: V) => T): T {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const runs = useRunsStore.subscribe(onChange);
      const own = store.subscribe(onChange);
      return () => {
        runs();
        own();
      };
    },
    [store],
  );
  const snapshot = () => selector(combine(useRunsStore.getState(), store.getState()));
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
