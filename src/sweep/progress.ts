/**
 * A sweep's progress for --watch: how much of it is done (ended runs, plus the fraction of each training job's steps,
 * a stack job's counting for each of its runs) and when it will end at the pace it has kept since its first job
 * started — ETA over the whole sweep, each run weighed by its planned work (the images it trains on: a Pareto set
 * model's 1.5× a run's epochs; runs of older sweeps' manifests weigh the same). Within one
 * watch the share shown never goes down (steadyProgress): a run that goes back to the queue (its worker died or lost
 * Redis, or its try failed) keeps the share it had reached, and the line says so until it is past it again. Pure.
 */
import type { ActiveJob, SweepSnapshot } from './client';

/** h:mm:ss or m:ss; '--:--' when unknown. */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const [h, m, ss] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(ss)}` : `${m}:${two(ss)}`;
}

/** A job past its last step is not done: its evaluation and its result's write follow. */
const MAX_TRAINING_SHARE = 0.99;

/** Runs in training: a stack job trains several. */
const training = (s: SweepSnapshot) => s.active.reduce((sum, a) => sum + a.runs, 0);

/** Ended runs. */
const ended = (s: SweepSnapshot) => s.finished + s.failed;

/** The sweep's work, that of its ended runs, and a job's: planned images, or runs where the manifest has none. */
const totalWork = (s: SweepSnapshot) => s.work?.total ?? s.total;
const endedWork = (s: SweepSnapshot) => s.work?.ended ?? ended(s);
const jobWork = (a: ActiveJob) => a.work ?? a.runs;

/** Done share of the sweep, 0..1 (1 only when every run has ended). */
export function doneFraction(s: SweepSnapshot): number {
  if (s.total === 0 || totalWork(s) <= 0) return 1;
  const training = s.active.reduce((sum, a) => sum + Math.min(a.fraction, MAX_TRAINING_SHARE) * jobWork(a), 0);
  return Math.min(1, (endedWork(s) + training) / totalWork(s));
}

/**
 * A snapshot as one watch has seen it: the share each job not yet ended reached at its best (a job that went back to
 * the queue keeps it), and the share shown, which never goes down.
 */
export interface WatchedSnapshot extends SweepSnapshot {
  /** Job id → the highest fraction of its steps seen in this watch, how many runs it trains, their work. Ended jobs leave. */
  reached: Record<string, { fraction: number; runs: number; work: number }>;
  /** The done share shown: ended runs plus each unended job's reached share, never below the last one shown. */
  shown: number;
}

/** The share shown: steadyProgress's for a watched snapshot, the plain done share otherwise. */
export const shownFraction = (s: SweepSnapshot | WatchedSnapshot): number => ('shown' in s ? s.shown : doneFraction(s));

/**
 * Runs whose job is below the share it reached in this watch: sent back to the queue (a worker died, lost Redis or its
 * lock, or the try failed and waits for its retry) or training again from the start.
 */
export function sentBack(s: SweepSnapshot | WatchedSnapshot): number {
  if (!('reached' in s)) return 0;
  const now = new Map(s.active.map((a) => [a.job, Math.min(a.fraction, MAX_TRAINING_SHARE)]));
  return Object.entries(s.reached).reduce((sum, [job, r]) => sum + ((now.get(job) ?? 0) < r.fraction - 1e-9 ? r.runs : 0), 0);
}

/**
 * Seconds left (NaN before there is a pace): what is left of the sweep — a run sent back counted as not done — at the
 * pace kept since the first run started, that pace counting all the work done, a run's lost share included.
 */
export function etaSeconds(s: SweepSnapshot | WatchedSnapshot, now: number): number {
  const left = 1 - doneFraction(s);
  const worked = Math.max(shownFraction(s), doneFraction(s));
  if (left <= 0) return 0;
  if (s.startedAt === null || worked <= 0) return Number.NaN;
  const elapsed = (now - s.startedAt) / 1000;
  return (elapsed * left) / worked;
}

/**
 * The snapshot with the earliest start seen so far: Redis keeps a job's last try's start, so a retried first job would
 * move the sweep's start later and its clock back.
 */
export function steadyStart(previous: SweepSnapshot | null, s: SweepSnapshot): SweepSnapshot {
  const earliest = [previous?.startedAt, s.startedAt].filter((t): t is number => typeof t === 'number');
  return { ...s, startedAt: earliest.length > 0 ? Math.min(...earliest) : null };
}

/**
 * The next snapshot of one watch (steadyStart, and the share each job reached): the share shown never goes down —
 * not when a run goes back to the queue and starts again from its first step, nor when a poll misses a job.
 */
export function steadyProgress(previous: WatchedSnapshot | null, s: SweepSnapshot): WatchedSnapshot {
  const endedJobs = new Set(s.endedJobs);
  const reached: WatchedSnapshot['reached'] = {};
  for (const [job, r] of Object.entries(previous?.reached ?? {})) if (!endedJobs.has(job)) reached[job] = r;
  for (const a of s.active) {
    if (endedJobs.has(a.job)) continue;
    const fraction = Math.max(Math.min(a.fraction, MAX_TRAINING_SHARE), reached[a.job]?.fraction ?? 0);
    reached[a.job] = { fraction, runs: a.runs, work: jobWork(a) };
  }
  const held = s.total === 0 || totalWork(s) <= 0 ? 1 : Math.min(1, (endedWork(s) + Object.values(reached).reduce((sum, r) => sum + r.fraction * r.work, 0)) / totalWork(s));
  return { ...steadyStart(previous, s), reached, shown: Math.max(previous?.shown ?? 0, held) };
}

export function progressLine(s: SweepSnapshot | WatchedSnapshot, now: number): string {
  const width = 24;
  const f = shownFraction(s);
  // Full, and 100 %, only once every run has ended.
  const all = ended(s) >= s.total;
  const filled = all ? width : Math.min(width - 1, Math.round(width * f));
  const percent = all ? 100 : Math.min(99.9, Math.floor(1000 * f) / 10);
  // A closed sweep's clock stopped when it closed (watched later, it still says how long it took).
  const elapsed = s.startedAt === null ? 0 : ((s.endedAt ?? now) - s.startedAt) / 1000;
  const failed = s.failed > 0 ? ` (${s.failed} failed)` : '';
  // Closed: the sweep's parent job ran, after every run ended and was recorded.
  const state = s.closed ? 'sweep complete' : `${training(s)} training`;
  const back = sentBack(s);
  const again = back > 0 ? `, ${back === 1 ? '1 run' : `${back} runs`} sent back to the queue (a worker stopped, or a try failed): ${back === 1 ? 'its' : 'their'} share so far is kept` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${ended(s)}/${s.total} runs ended${failed}, ${state}${again}, ${percent.toFixed(1)} % | elapsed ${clock(elapsed)} ETA ${clock(etaSeconds(s, now))}`;
}
