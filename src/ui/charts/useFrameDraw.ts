/**
 * Redraws a D3 chart at animation-frame rate, decoupled from React and from how often readings arrive: the
 * store is watched outside React's render cycle; a change of the selected value schedules one draw on an
 * upcoming animation frame (several changes within a frame give one draw; see frameScheduler.ts).
 */
import { useExplorerStore, type ExplorerStore } from '../explorer/explorerStore';
import { useStoreFrameDraw } from './useStoreFrameDraw';

/**
 * `minIntervalMs` spaces out redraws caused by new data (not those the chart asks for itself, e.g. on zoom).
 * Returns a function that redraws on the next frame.
 */
export function useFrameDraw<T>(select: (s: ExplorerStore) => T, draw: (value: T) => void, minIntervalMs = 0): () => void {
  return useStoreFrameDraw(useExplorerStore, select, draw, minIntervalMs);
}
