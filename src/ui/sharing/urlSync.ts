/**
 * Keeps the address in step with the experiment: a change to what a link carries is written at once with
 * `history.replaceState` (no history entries, no reload), so that a reload right after a choice keeps it; changes
 * within `delayMs` of a write wait for one write at its end (at most one write per `delayMs` however fast the handle
 * is dragged, and the last change is always written). A refused link is left in the address until the
 * first change (`rewriteNow: false`): replacing it at once with the defaults would lose what the user pasted.
 */
import { useExplorerStore } from '../explorer/explorerStore';
import { useSweepStore } from '../compare/sweepStore';
import { currentLabShared } from '../teaching/applyLab';
import { useTeachingStore } from '../teaching/teachingStore';
import { useAppStore } from '../store';
import { linkFor } from '../../experiment/link/location';
import { experimentOf } from './experimentState';

/** The current experiment's address (path, query and fragment), from the stores. */
export function currentLink(): string {
  return linkFor(experimentOf(useExplorerStore.getState(), useAppStore.getState().requested, currentLabShared()), window.location);
}

/** The full URL to share. */
export function shareUrl(): string {
  return `${window.location.origin}${currentLink()}`;
}

/** Starts syncing; returns the function that stops it. */
export function startUrlSync({ delayMs = 400, rewriteNow = true }: { delayMs?: number; rewriteNow?: boolean } = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = Number.NEGATIVE_INFINITY;
  const here = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;
  const write = () => {
    timer = null;
    lastWrite = performance.now();
    const link = currentLink();
    if (link !== here()) window.history.replaceState(window.history.state, '', link);
  };
  const schedule = () => {
    // A write is due already: it reads the stores when it runs, so it writes this change too.
    if (timer !== null) return;
    const wait = lastWrite + delayMs - performance.now();
    if (wait <= 0) write();
    else timer = setTimeout(write, wait);
  };
  // Only the parts a link carries trigger a write (readings arrive many times a second and change none of them).
  const unsubscribeExplorer = useExplorerStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings || s.preference !== prev.preference || s.plan !== prev.plan || s.front !== prev.front) schedule();
  });
  const unsubscribeApp = useAppStore.subscribe((s, prev) => {
    if (s.requested !== prev.requested) schedule();
  });
  const unsubscribeTeaching = useTeachingStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings || s.active !== prev.active || s.preference !== prev.preference || s.projection !== prev.projection || s.tourStep !== prev.tourStep) schedule();
  });
  const unsubscribeSweep = useSweepStore.subscribe((s, prev) => {
    if (s.methods !== prev.methods || s.size !== prev.size || s.parallel !== prev.parallel) schedule();
  });
  if (rewriteNow) schedule();
  return () => {
    if (timer !== null) clearTimeout(timer);
    unsubscribeExplorer();
    unsubscribeApp();
    unsubscribeTeaching();
    unsubscribeSweep();
  };
}
