/**
 * The teaching lab's unfinished runs (queued, or training when the page went) kept across a reload of the tab, in
 * sessionStorage: a reload keeps it and a closed tab takes it along (the explorer's queue, in IndexedDB, outlives its
 * tab: its runs take minutes, a lab run seconds). A run is kept as its config and read back through the saved
 * teaching runs' schema; on load the runs are queued again and wait, as the explorer's restored queue waits.
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

const labQueueSchema = z.object({ version: z.literal(1), configs: z.array(teachingConfigSchema).max(MAX_KEPT) }).strict();

/** The lab's runs a reload would lose: queued or training (a point pinned off a model never trains). */
export const unfinishedLabRuns = (runs: readonly TeachingRun[]): TeachingRun[] => runs.filter((r) => !isEnded(r) && !r.pin);

/** What the storage keeps for these runs: null where none is unfinished (nothing kept). */
export function labQueueText(runs: readonly TeachingRun[]): string | null {
  const configs = unfinishedLabRuns(runs).map((r) => r.config);
  return configs.length === 0 ? null : JSON.stringify({ version: 1, configs }, jsonReplacer);
}

export type ReadLabQueue = { ok: true; configs: TeachingConfig[] } | { ok: false; problem: string };

/** The kept runs' configs (none where nothing was kept), or why they cannot be read. */
export function readLabQueue(text: string | null): ReadLabQueue {
  if (text === null) return { ok: true, configs: [] };
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
  return { ok: true, configs: parsed.data.configs as unknown as TeachingConfig[] };
}

/**
 * Keeps `storage` in step with the lab's unfinished runs: written when which runs they are changes (readings
 * streaming in change nothing kept). Returns the stop. A storage that refuses the write (full) keeps nothing.
 */
export function keepLabQueue(storage: Pick<Storage, 'setItem' | 'removeItem'>, runs: () => readonly TeachingRun[], subscribe: (listener: () => void) => () => void): () => void {
  let kept: string | undefined;
  const write = () => {
    const now = runs();
    const ids = unfinishedLabRuns(now)
      .map((r) => r.id)
      .join(' ');
    if (ids === kept) return;
    kept = ids;
    const text = labQueueText(now);
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
