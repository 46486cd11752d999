/**
 * The teaching lab's unfinished runs (queued, or training when the page went) kept across a reload of the tab, in
 * sessionStorage: a reload keeps it and a closed tab takes it along (the explorer's queue, in IndexedDB, outlives its
 * tab: its runs take minutes, a lab run seconds). A run is kept as its config and read back through the saved
 * teaching runs' schema; on load the runs are queued again and wait, as the explorer's restored queue waits. A
 * finished run stays until its record is in IndexedDB (runs trained at once finish together, and their writes take a
 * moment): a reload before then trains it again (seeded: the same point) rather than losing it.
 *
 * A duplicated tab starts with a copy of its original's sessionStorage, while the original goes on training the same
 * runs: the queue names the page that wrote it (its session), and a page queues it again only when that page is gone
 * (a reload), not while it is open (startPersistence.ts asks which pages are).
 */
import { z } from 'zod';
import type { TeachingConfig } from '../../engine/teaching/config';
import { issuePath } from '../exchange/experimentFile';
import { jsonReplacer } from '../exchange/savedRunSchema';
import { teachingConfigSchema } from '../exchange/savedTeachingRunSchema';
import { isEnded, type TeachingRun } from '../runs/runRecord';

export const LAB_QUEUE_KEY = 'paretoscope-lab-queue';
/** Most runs kept: more than a sweep of every method at the largest grid. */
const MAX_KEPT = 2000;

const configs = z.array(teachingConfigSchema).max(MAX_KEPT);
// Version 1 (before the writer's session was kept) is read as a queue of a page that is gone.
const labQueueSchema = z.union([z.object({ version: z.literal(1), configs }).strict(), z.object({ version: z.literal(2), session: z.string().min(1), configs }).strict()]);

/**
 * The lab's runs a reload would lose: queued or training, and finished ones whose record is not in IndexedDB yet
 * (`stored`; absent: all are). A point pinned off a model never trains.
 */
export const unfinishedLabRuns = (runs: readonly TeachingRun[], stored: (id: string) => boolean = () => true): TeachingRun[] =>
  runs.filter((r) => !r.pin && (!isEnded(r) || (r.state === 'finished' && !stored(r.id))));

/** What the storage keeps for these runs of the page of `session`: null where none is unfinished (nothing kept). */
export function labQueueText(runs: readonly TeachingRun[], session: string, stored?: (id: string) => boolean): string | null {
  const configs = unfinishedLabRuns(runs, stored).map((r) => r.config);
  return configs.length === 0 ? null : JSON.stringify({ version: 2, session, configs }, jsonReplacer);
}

/** The kept runs' configs and the session of the page that kept them (null: an older page's, or nothing kept). */
export type ReadLabQueue = { ok: true; configs: TeachingConfig[]; session: string | null } | { ok: false; problem: string };

/** The kept runs' configs (none where nothing was kept), or why they cannot be read. */
export function readLabQueue(text: string | null): ReadLabQueue {
  if (text === null) return { ok: true, configs: [], session: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
  const parsed = labQueueSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issuePath('', issue.path).replace(/^\./, '') || 'queue'}: ${issue.message}` };
  }
  const { data } = parsed;
  return { ok: true, configs: data.configs as unknown as TeachingConfig[], session: data.version === 2 ? data.session : null };
}

/**
 * Keeps `storage` in step with the lab's unfinished runs of the page of `session`: written when which runs they are
 * changes (readings streaming in change nothing kept; `subscribe` says when the runs or `stored` may have). Returns
 * the stop. A storage that refuses the write (full) keeps nothing.
 */
export function keepLabQueue(
  storage: Pick<Storage, 'setItem' | 'removeItem'>,
  session: string,
  runs: () => readonly TeachingRun[],
  subscribe: (listener: () => void) => () => void,
  stored?: (id: string) => boolean,
): () => void {
  let kept: string | undefined;
  const write = () => {
    const now = runs();
    const ids = unfinishedLabRuns(now, stored)
      .map((r) => r.id)
      .join(' ');
    if (ids === kept) return;
    kept = ids;
    const text = labQueueText(now, session, stored);
    try {
      if (text === null) storage.removeItem(LAB_QUEUE_KEY);
      else storage.setItem(LAB_QUEUE_KEY, text);
    } catch {
      // Nothing kept: a reload then loses the lab's queue, as it did before there was one — and does not queue the
      // runs of the queue written before, which may have finished since.
      try {
        storage.removeItem(LAB_QUEUE_KEY);
      } catch {
        // A storage that refuses even that cannot be kept in step.
      }
    }
  };
  write();
  return subscribe(write);
}
