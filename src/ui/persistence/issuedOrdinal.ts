/**
 * The highest explorer run number this browser has given, kept in localStorage across reloads. A run stopped before
 * it finished has its saved record deleted (runPersistence.ts), and a run deleted from the list goes with its record:
 * without this number the next page gave the next run the number of such a run ("run 3" in a notice before the
 * reload, another run 3 after it). Read on load into the run store (runsState.ts earlierOrdinals), so that the next
 * run, and the runs an import numbers after those here, come after it; written when the number the next run would get
 * moves. An explorer left without runs (Clear saved runs, Reset, the last Delete) numbers from 1 again, as it does
 * without a reload: the key goes then. Tabs share it: a write never lowers another tab's number.
 */

export const ISSUED_ORDINAL_KEY = 'paretoscope-explorer-run-number';

/** The number kept (0: none, or one that cannot be read: a run number is a positive integer). */
export function readIssuedOrdinal(text: string | null): number {
  const n = text === null ? 0 : Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * Keeps `storage` in step with `highest()` (the highest number given or held back: nextOrdinal − 1), from its value
 * now on: written when it changes, removed when it drops to 0. Returns the stop. A storage that refuses the write
 * (full, or blocked) keeps the number it had: the runs are numbered as before this was kept.
 */
export function keepIssuedOrdinal(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, highest: () => number, subscribe: (listener: () => void) => () => void): () => void {
  let kept = highest();
  return subscribe(() => {
    const now = highest();
    if (now === kept) return;
    kept = now;
    try {
      if (now === 0) storage.removeItem(ISSUED_ORDINAL_KEY);
      else storage.setItem(ISSUED_ORDINAL_KEY, String(Math.max(now, readIssuedOrdinal(storage.getItem(ISSUED_ORDINAL_KEY)))));
    } catch {
      // Not kept: after a reload the numbers are those of the saved runs alone.
    }
  });
}
