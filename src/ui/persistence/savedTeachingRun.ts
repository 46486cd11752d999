/**
 * A finished teaching run as it is kept in the browser (IndexedDB) and written to an exported file: its config (the
 * problem instance, the method and the preference are all in it), where it ended (f at the returned parameters),
 * the path it took and its times. Its problem key and method key are derived from the config when it is read back,
 * and its exact front is computed again from the config (engine/teaching/exactFront.ts). Pure.
 */
import type { TeachingConfig } from '../../engine/teaching/config';
import { keyOfMethod } from '../compare/methodKeys';
import type { PinnedFrom, TeachingRun } from '../runs/runRecord';
import type { ParetoSetModel } from '../../engine/readings';
import { problemKeyOf } from '../teaching/teachingSettings';

export interface SavedTeachingRun {
  id: string;
  ordinal: number;
  config: TeachingConfig;
  backend: string | null;
  totalSteps: number | null;
  stepCount: number;
  /** f at the returned parameters. */
  result: number[];
  /** Objective vectors along the way. */
  trail: number[][];
  /** Wall-clock times (ms since 1970). */
  startedAt: number | null;
  endedAt: number | null;
  /** A Pareto set learning run: its model (absent in runs of other methods and in files made before it existed). */
  paretoSet?: ParetoSetModel;
  /** A point pinned off a Pareto set model. */
  pin?: PinnedFrom;
  /** Trained at once with others (absent: alone, and in files made before runs were). */
  runsAtOnce?: number;
}

/** The saved form of a finished run (null for any other: only finished teaching runs are kept). */
export function savedTeachingRunOf(run: TeachingRun, wallClock: (t: number | null) => number | null): SavedTeachingRun | null {
  if (run.state !== 'finished' || !run.result) return null;
  const { id, ordinal, config, backend, totalSteps, stepCount, result, trail, paretoSet, pin, runsAtOnce } = run;
  return {
    id,
    ordinal,
    config,
    backend,
    totalSteps,
    stepCount,
    result,
    trail,
    startedAt: wallClock(run.startedAt),
    endedAt: wallClock(run.endedAt),
    ...(paretoSet ? { paretoSet } : {}),
    ...(pin ? { pin } : {}),
    ...(runsAtOnce ? { runsAtOnce } : {}),
  };
}

/** The lab's record of a saved run; `timeOrigin` (performance.timeOrigin) puts its times on the page's clock. */
export function teachingRunOf(saved: SavedTeachingRun, timeOrigin = 0): TeachingRun {
  const onPage = (t: number | null) => (t === null ? null : t - timeOrigin);
  return {
    id: saved.id,
    owner: 'teaching',
    ordinal: saved.ordinal,
    state: 'finished',
    worker: null,
    totalSteps: saved.totalSteps,
    stepCount: saved.stepCount,
    backend: saved.backend,
    error: null,
    startedAt: onPage(saved.startedAt),
    endedAt: onPage(saved.endedAt),
    working: null,
    config: saved.config,
    problem: problemKeyOf(saved.config.problem),
    key: keyOfMethod(saved.config.method),
    live: null,
    trail: saved.trail,
    result: saved.result,
    paretoSet: saved.paretoSet ?? null,
    pin: saved.pin ?? null,
    ...(saved.runsAtOnce ? { runsAtOnce: saved.runsAtOnce } : {}),
  };
}
