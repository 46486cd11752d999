/**
 * What a page load does with the saved runs. A 'running' record belongs to the page session that started it:
 * if that session is still alive (another tab holds its lock) the run is that tab's and is left alone; if not,
 * the page was closed or reloaded mid-run and the record becomes 'interrupted' — shown, and said so, never
 * dropped silently. Finished and interrupted records are restored. A 'queued' record (a run waiting in a queue)
 * of a live session is that tab's too; one of a session that is gone is this page's now: it waits in its queue again.
 * Pure.
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
  /** Queued records of a page that is gone, now of this page's session (to write back, and to queue again). */
  requeued: SavedRun[];
}

/**
 * @param liveSessions sessions whose pages are still open (their locks are held), this page's included
 * @param now the time an interrupted run is taken to have ended at
 * @param session this page's session (queued runs of a gone page become its own)
 */
export function reconcile(records: readonly SavedRun[], liveSessions: ReadonlySet<string>, now: number, session: string): Reconciled {
  const restore: SavedRun[] = [];
  const interrupted: SavedRun[] = [];
  const requeued: SavedRun[] = [];
  for (const record of records) {
    if (record.status === 'queued') {
      if (liveSessions.has(record.session) && record.session !== session) continue;
      const adopted: SavedRun = { ...record, session };
      requeued.push(adopted);
      restore.push(adopted);
    } else if (record.status !== 'running') {
      restore.push(record);
    } else if (!liveSessions.has(record.session)) {
      const changed: SavedRun = { ...record, status: 'interrupted', endedAt: now };
      interrupted.push(changed);
      restore.push(changed);
    }
  }
  // Runs that trained first, oldest first; then the queue, in the order it was queued.
  const waiting = (r: SavedRun) => (r.status === 'queued' ? 1 : 0);
  restore.sort((a, b) => waiting(a) - waiting(b) || a.startedAt - b.startedAt || a.ordinal - b.ordinal);
  const ordinals = new Map(restore.map((r, i) => [r.id, i + 1]));
  const numbered = (r: SavedRun) => ({ ...r, ordinal: ordinals.get(r.id) ?? r.ordinal });
  return { restore: restore.map(numbered), interrupted, requeued: requeued.map(numbered) };
}

/** Session ids from the names of held Web Locks (`paretoscope-session:<id>`). */
export function sessionsFromLockNames(names: readonly (string | undefined)[], prefix: string): Set<string> {
  return new Set(names.filter((n): n is string => !!n && n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
}
