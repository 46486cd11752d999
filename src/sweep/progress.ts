/**
 * A sweep's progress for --watch: how much of it is done (ended runs, plus the fraction of each training job's steps,
 * a stack job's counting for each of its runs) and when it will end at the pace it has kept since its first job
 * started — ETA over the whole sweep, with runs counted as equally long (the grid's runs share a budget). Pure.
 */
import type { SweepSnapshot } from './client';

/** h:mm:ss or m:ss; '--:--' when unknown. */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const [h, m, ss] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(ss)}` : `${m}:${two(ss)}`;
}

/** Runs in training: a stack job trains several. */
const training = (s: SweepSnapshot) => s.active.reduce((sum, a) => sum + a.runs, 0);

/** Ended runs. */
const ended = (s: SweepSnapshot) => s.finished + s.failed;

/** Done share of the sweep, 0..1 (1 only when every run has ended). */
export function doneFraction(s: SweepSnapshot): number {
  if (s.total === 0) return 1;
  // A run past its last step is not done: its evaluation and its result's write follow.
  const training = s.active.reduce((sum, a) => sum + Math.min(a.fraction, 0.99) * a.runs, 0);
  return Math.min(1, (s.finished + s.failed + training) / s.total);
}

/** Seconds left at the pace since the first run started (NaN before there is a pace). */
export function etaSeconds(s: SweepSnapshot, now: number): number {
  const f = doneFraction(s);
  if (f >= 1) return 0;
  if (s.startedAt === null || f <= 0) return Number.NaN;
  const elapsed = (now - s.startedAt) / 1000;
  return (elapsed * (1 - f)) / f;
}

/**
 * The snapshot with the earliest start seen so far: Redis keeps a job's last try's start, so a retried first job would
 * move the sweep's start later and its clock back.
 */
export function steadyStart(previous: SweepSnapshot | null, s: SweepSnapshot): SweepSnapshot {
  const earliest = [previous?.startedAt, s.startedAt].filter((t): t is number => typeof t === 'number');
  return { ...s, startedAt: earliest.length > 0 ? Math.min(...earliest) : null };
}

export function progressLine(s: SweepSnapshot, now: number): string {
  const width = 24;
  const f = doneFraction(s);
  // Full, and 100 %, only once every run has ended.
  const all = ended(s) >= s.total;
  const filled = all ? width : Math.min(width - 1, Math.round(width * f));
  const percent = all ? 100 : Math.min(99.9, Math.floor(1000 * f) / 10);
  // A closed sweep's clock stopped when it closed (watched later, it still says how long it took).
  const elapsed = s.startedAt === null ? 0 : ((s.endedAt ?? now) - s.startedAt) / 1000;
  const failed = s.failed > 0 ? ` (${s.failed} failed)` : '';
  const state = s.closed ? 'closed' : `${training(s)} training`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${ended(s)}/${s.total} runs ended${failed}, ${state}, ${percent.toFixed(1)} % | elapsed ${clock(elapsed)} ETA ${clock(etaSeconds(s, now))}`;
}
