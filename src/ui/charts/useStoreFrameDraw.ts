/**
 * useFrameDraw for any zustand store: redraws a D3 chart at animation-frame rate when the selected value of
 * the store changes (see useFrameDraw.ts for the explorer store's version and frameScheduler.ts).
 */
import { useEffect, useRef } from 'react';
import { cancelDraw, scheduleDraw } from './frameScheduler';

export interface WatchedStore<S> {
  getState(): S;
  subscribe(listener: (state: S, prev: S) => void): () => void;
}

/** Returns a function that redraws on the next frame. `store` must not change between renders. */
export function useStoreFrameDraw<S, T>(store: WatchedStore<S>, select: (s: S) => T, draw: (value: T) => void, minIntervalMs = 0): () => void {
  const selectRef = useRef(select);
  const drawRef = useRef(draw);
  const requestRef = useRef<() => void>(() => {});
  useEffect(() => {
    selectRef.current = select;
    drawRef.current = draw;
    requestRef.current();
  });
  useEffect(() => {
    const draw = () => drawRef.current(selectRef.current(store.getState()));
    const request = () => scheduleDraw(draw);
    requestRef.current = request;
    request();
    const unsubscribe = store.subscribe((s, prev) => {
      if (selectRef.current(s) !== selectRef.current(prev)) scheduleDraw(draw, minIntervalMs);
    });
    return () => {
      unsubscribe();
      cancelDraw(draw);
      requestRef.current = () => {};
    };
  }, [store, minIntervalMs]);
  // Lets a chart ask for a redraw itself (after a zoom or a resize).
  return () => requestRef.current();
}
