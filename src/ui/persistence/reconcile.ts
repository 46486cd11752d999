/**
 * What a page load does with the saved runs. A 'running' record belongs to the page session that started it:
 * if that session is still alive (another tab holds its lock) the run is that tab's and is left alone; if not,
 * the page was closed or reloaded mid-run and the record becomes 'interrupted' — shown, and said so, never
 * dropped silently. Finished and interrupted records are restored. Pure.
 */
import type { SavedRun } from './savedRun';

export interface Reconciled {
  /**
   * Records to show, oldest first, numbered 1, 2, 3, … in that order (tabs of the same browser number their
   * runs independently); interrupted ones with their new status.
   */
  restore: SavedRun[];
  /** Records whose status changed to 'interrupted' (to write back). */
  interrupted: SavedRun[];
}

/**
 * @param liveSessions sessions whose pages are still open (their locks are held), this page's included
 * @param now the time an interrupted run is taken to have ended at
 */
export function reconcile(records: readonly SavedRun[], liveSessions: ReadonlySet<string>, now: number): Reconciled {
  const restore: SavedRun[] = [];
  const interrupted: SavedRun[] = [];
  for (const record of records) {
    if (record.status !== 'running') {
      restore.push(record);
    } else if (!liveSessions.has(record.session)) {
      const changed: SavedRun = { ...record, status: 'interrupted', endedAt: now };
      interrupted.push(changed);
      restore.push(changed);
    }
  }
  restore.sort((a, b) => a.startedAt - b.startedAt || a.ordinal - b.ordinal);
  return { restore: restore.map((r, i) => ({ ...r, ordinal: i + 1 })), interrupted };
}

/** Session ids from the names of held Web Locks (`paretoscope-session:<id>`). */
export function sessionsFromLockNames(names: readonly (string | undefined)[], prefix: string): Set<string> {
  return new Set(names.filter((n): n is string => !!n && n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
}
