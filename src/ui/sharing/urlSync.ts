/**
 * Keeps the address in step with the experiment: after each change to what a link carries, and once edits
 * have paused for `delayMs`, `history.replaceState` writes the new link (no history entries, no reload, at
 * most one write per pause however fast the handle is dragged). A refused link is left in the address until the
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
  const here = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;
  const write = () => {
    timer = null;
    const link = currentLink();
    if (link !== here()) window.history.replaceState(window.history.state, '', link);
  };
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  };
  // Only the parts a link carries trigger a write (readings arrive many times a second and change none of them).
  const unsubscribeExplorer = useExplorerStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings || s.preference !== prev.preference || s.plan !== prev.plan || s.front !== prev.front) schedule();
  });
  const unsubscribeApp = useAppStore.subscribe((s, prev) => {
    if (s.requested !== prev.requested) schedule();
  });
  const unsubscribeTeaching = useTeachingStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings || s.active !== prev.active || s.preference !== prev.preference || s.projection !== prev.projection) schedule();
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
