/**
 * How much of a sweep's plan exists already, run with these very settings: what pressing Sweep would add. Every run
 * is seeded, so a run finished with the same settings would give the same point again; the explorer's and the lab's
 * Sweep keep such runs, and the panel says so rather than leave a press that adds nothing unexplained. Pure.
 */
import { plural } from '../../experiment/plural';

export interface SweepStanding {
  /** Runs the plan has (a Pareto set model counts once). */
  total: number;
  /** Of those, finished with the same settings. */
  finished: number;
  /** Of those, queued or training. */
  coming: number;
  /** Finished runs off the plan that Sweep forgets (the lab's: another number of preferences, Run at k); absent: none. */
  replaces?: number;
}

/**
 * What the standing depends on in a list of runs: their ids and states (and re-targetings). Readings stream into the
 * runs many times a second and change none of it: a standing computed once per signature is not computed again.
 */
export const runStatesSignature = (runs: readonly { id: string; state: string; retargets?: readonly unknown[] }[]): string =>
  runs.map((r) => `${r.id}:${r.state}:${r.retargets?.length ?? 0}`).join('|');

/** Counts the plan's entries that have a finished run, and those with a run to come. */
export function sweepStanding<E>(entries: readonly E[], finished: (entry: E) => boolean, coming: (entry: E) => boolean): SweepStanding {
  let done = 0;
  let active = 0;
  for (const entry of entries) {
    if (finished(entry)) done++;
    else if (coming(entry)) active++;
  }
  return { total: entries.length, finished: done, coming: active };
}

/** Whether every run of the plan has finished: sweeping again would repeat them all. */
export const sweepFinished = (s: SweepStanding): boolean => s.total > 0 && s.finished >= s.total;

/** Runs of the plan that neither finished nor are to come: what Sweep adds. */
const toAdd = (s: SweepStanding): number => s.total - s.finished - s.coming;

/**
 * Whether Sweep has something to do: runs of the plan to add, or runs waiting in a stopped queue (`waiting`: after a
 * reload, or a Stop), which Sweep goes on with.
 */
export const sweepOffered = (s: SweepStanding, waiting = 0): boolean => toAdd(s) > 0 || waiting > 0;

/** The sentence under the plan ('' when none of its runs exists yet). */
export function sweepStandingText(s: SweepStanding, waiting = 0): string {
  const text = standingText(s, waiting);
  const replaces = toAdd(s) > 0 ? (s.replaces ?? 0) : 0;
  if (replaces === 0) return text;
  const replaced = `Sweep replaces ${replaces === 1 ? 'the finished run' : `the ${replaces} finished runs`} of these methods off this plan (another number of preferences, or Run at k).`;
  return text ? `${text} ${replaced}` : replaced;
}

function standingText(s: SweepStanding, waiting: number): string {
  if (sweepFinished(s)) {
    return waiting > 0
      ? `All ${s.total} have finished with these settings; Sweep goes on with the ${plural(waiting, 'run')} waiting in the stopped queue.`
      : `All ${s.total} have finished with these settings: every run is seeded, so sweeping again would give the same points. Change the methods, their number of preferences or a setting to sweep again.`;
  }
  if (s.finished === 0 && s.coming === 0) return '';
  const rest = toAdd(s);
  const parts = [
    s.finished > 0 ? `${s.finished} of ${s.total} ${s.finished === 1 ? 'has finished with these settings and stays' : 'have finished with these settings and stay'}` : '',
    s.coming > 0 ? `${s.coming} ${waiting > 0 ? `${s.coming === 1 ? 'waits' : 'wait'} in the stopped queue` : `${s.coming === 1 ? 'is' : 'are'} queued or training`}` : '',
  ].filter(Boolean);
  const adds = rest === 1 ? 'the last one' : `the other ${rest}`;
  const goesOn = s.coming > 0 ? (s.coming === 1 ? 'it' : 'them') : `the ${plural(waiting, 'run')} waiting in the stopped queue`;
  const next = rest > 0 ? `: Sweep adds ${adds}${waiting > 0 ? ' and goes on with the queue' : ''}` : waiting > 0 ? `: Sweep goes on with ${goesOn}` : '';
  return `${parts.join('; ')}${next}.`;
}
