/**
 * What a page load does with the saved runs. A 'running' record belongs to the page session that started it:
 * if that session is still alive (another tab holds its lock) the run is that tab's and is left alone; if not,
 * the page was closed or reloaded mid-run and the record becomes 'interrupted' — shown, and said so, never
 * dropped silently. Finished and interrupted records are restored. A 'queued' record (a run waiting in a queue)
 * of a live session is that tab's too; one of a session that is gone is this page's now: it waits in its queue again.
 * Runs keep their numbers across reloads, except where two tabs gave the same number: the run of a tab still open
 * keeps it, else the older run; the other takes the next free one. Pure.
 */
import type { SavedRun } from './savedRun';

export interface Reconciled {
  /** Records to show, oldest first (the queue last, in its order); interrupted ones with their new status. */
  restore: SavedRun[];
  /** Records whose status changed to 'interrupted' (to write back). */
  interrupted: SavedRun[];
  /** Queued records of a page that is gone, now of this page's session (to write back, and to queue again). */
  requeued: SavedRun[];
  /**
   * Records whose number changed (their own was another's: tabs number their runs independently; or none) or whose
   * pin now names its model's number: to write back.
   */
  renumbered: SavedRun[];
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
      // This page's own queued run (queued before the restore came, its storage slow to open): in its queue already.
      if (record.session === session) {
        restore.push(record);
        continue;
      }
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
  // The runs of pages still open keep their numbers (those pages show them; this page's own too: the queued runs it
  // wrote before this restore); the others, oldest first, take theirs unless taken. Every record's number is
  // reserved, those of the open tabs' runs not restored here too.
  const own = new Set(records.filter((r) => r.session === session).map((r) => r.id));
  const open = (r: SavedRun) => (liveSessions.has(r.session) && r.session !== session) || own.has(r.id);
  // A pin names its model's number (the model's here, or the number an open tab shows it by).
  const restoredIds = new Set(restore.map((r) => r.id));
  const skipped = records.filter((r) => !restoredIds.has(r.id));
  const { records: all, renumbered } = withDistinctOrdinals([...skipped, ...restore.filter(open), ...restore.filter((r) => !open(r))]);
  const byId = new Map(all.map((r) => [r.id, r]));
  const numbered = (r: SavedRun): SavedRun => byId.get(r.id) ?? r;
  return { restore: restore.map(numbered), interrupted: interrupted.map(numbered), requeued: requeued.map(numbered), renumbered: renumbered.filter((r) => restoredIds.has(r.id)) };
}

/** What numbering needs of a saved run, of the explorer or the lab. */
interface Numbered {
  id: string;
  ordinal: number;
  pin?: { run: string; ordinal: number } | null;
}

/**
 * New numbers for the records (in order of precedence) whose number one before them holds, or that have none (0, not
 * a whole number): after the highest number of them all and of the models their pins name (a deleted model's pin
 * still says its number).
 */
function distinctOrdinals(records: readonly Numbered[]): Map<string, number> {
  const taken = new Set<number>();
  const clashing: Numbered[] = [];
  for (const r of records) {
    if (Number.isSafeInteger(r.ordinal) && r.ordinal > 0 && !taken.has(r.ordinal)) taken.add(r.ordinal);
    else clashing.push(r);
  }
  let next = Math.max(0, ...taken, ...records.map((r) => r.pin?.ordinal ?? 0));
  return new Map(clashing.map((r) => [r.id, ++next]));
}

/**
 * The records with distinct numbers (the first of a number keeps it; `records` in order of precedence) and each pin
 * naming its model's number where the model is among them; `renumbered`: those that changed (to write back).
 */
export function withDistinctOrdinals<T extends Numbered>(records: readonly T[]): { records: T[]; renumbered: T[] } {
  const ordinals = distinctOrdinals(records);
  const ordinalOf = new Map(records.map((r) => [r.id, ordinals.get(r.id) ?? r.ordinal]));
  const renumbered: T[] = [];
  const out = records.map((r) => {
    const model = r.pin ? ordinalOf.get(r.pin.run) : undefined;
    const ordinal = ordinalOf.get(r.id) ?? r.ordinal;
    if (ordinal === r.ordinal && (model === undefined || model === r.pin?.ordinal)) return r;
    const changed: T = { ...r, ordinal, ...(r.pin && model !== undefined ? { pin: { ...r.pin, ordinal: model } } : {}) };
    renumbered.push(changed);
    return changed;
  });
  return { records: out, renumbered };
}

/**
 * What a load that numbered runs anew says (withDistinctOrdinals: two tabs gave one number): "run 2 (…) is now run 3",
 * by new number, `name` naming each run by its number before; none where only a pin's model number changed.
 */
export function renumberedLines<T extends Numbered>(before: readonly T[], renumbered: readonly T[], name: (run: T, was: number) => string): string[] {
  const was = new Map(before.map((r) => [r.id, r.ordinal]));
  return renumbered
    .filter((r) => was.get(r.id) !== undefined && was.get(r.id) !== r.ordinal)
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((r) => `${name(r, was.get(r.id) as number)} is now run ${r.ordinal}`);
}

/** Session ids from the names of held Web Locks (`paretoscope-session:<id>`). */
export function sessionsFromLockNames(names: readonly (string | undefined)[], prefix: string): Set<string> {
  return new Set(names.filter((n): n is string => !!n && n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
}
