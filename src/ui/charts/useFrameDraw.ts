/**
 * Redraws a D3 chart at animation-frame rate, decoupled from React and from how often readings arrive: the
 * store is watched outside React's render cycle; a change of the selected value schedules one draw on an
 * upcoming animation frame (several changes within a frame give one draw; see frameScheduler.ts).
 */
import { useEffect, useRef } from 'react';
import { useExplorerStore, type ExplorerStore } from '../explorer/explorerStore';
import { cancelDraw, scheduleDraw } from './frameScheduler';

/**
 * `minIntervalMs` spaces out redraws caused by new data (not those the chart asks for itself, e.g. on zoom).
 * Returns a function that redraws on the next frame.
 */
export function useFrameDraw<T>(select: (s: ExplorerStore) => T, draw: (value: T) => void, minIntervalMs = 0): () => void {
  const selectRef = useRef(select);
  const drawRef = useRef(draw);
  const requestRef = useRef<() => void>(() => {});
  useEffect(() => {
    selectRef.current = select;
    drawRef.current = draw;
    requestRef.current();
  });
  useEffect(() => {
    const draw = () => drawRef.current(selectRef.current(useExplorerStore.getState()));
    const request = () => scheduleDraw(draw);
    requestRef.current = request;
    request();
    const unsubscribe = useExplorerStore.subscribe((s, prev) => {
      if (selectRef.current(s) !== selectRef.current(prev)) scheduleDraw(draw, minIntervalMs);
    });
    return () => {
      unsubscribe();
      cancelDraw(draw);
      requestRef.current = () => {};
    };
  }, [minIntervalMs]);
  // Lets a chart ask for a redraw itself (after a zoom or a resize).
  return () => requestRef.current();
}
