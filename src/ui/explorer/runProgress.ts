/** Progress, ETA and the status line of the explorer, from the store (pure). */
import type { RunStatus } from '../store';
import { plannedSteps } from '../../engine/phases/schedule';
import { preferenceText, type NetworkRun } from '../runs/runRecord';
import { plural } from '../../experiment/plural';
import type { LoopState } from '../../workers/protocol';
import type { WorkerLoop } from '../runs/runLifecycle';

/** Readings the ETA's pace is the median of. */
const PACE_READINGS = 9;

/**
 * Images a second over the run's recent steps: the median of its last readings kept (the history thins out as a run
 * grows, so they span more steps later on). One step's pace alone made the ETA jump (8 s, 19 s, 7 s) on a busy machine.
 */
function recentPace(run: NetworkRun): number | null {
  const recent = run.steps
    .column('samplesPerSecond')
    .slice(-PACE_READINGS)
    .filter((v) => Number.isFinite(v) && v > 0)
    .sort((a, b) => a - b);
  if (recent.length === 0) return run.steps.latest('samplesPerSecond');
  const mid = Math.floor(recent.length / 2);
  return recent.length % 2 === 1 ? recent[mid] : (recent[mid - 1] + recent[mid]) / 2;
}

/** Fraction done in [0, 1] and the estimated seconds left (null when unknown). */
export function runProgress(run: NetworkRun | null): { fraction: number; etaSeconds: number | null } {
  if (!run || !run.totalSteps) return { fraction: 0, etaSeconds: null };
  if (run.state === 'finished') return { fraction: 1, etaSeconds: 0 };
  const fraction = Math.min(1, run.stepCount / run.totalSteps);
  const sps = recentPace(run);
  if (sps === null) return { fraction, etaSeconds: null };
  const secondsPerStep = sps > 0 ? run.config.batchSize / sps : Number.NaN;
  const epochs = run.epochs.length;
  // Evaluation at the end of each epoch costs extra; spread the mean of what epochs took so far (their wall time, less
  // the time the run was paused in them).
  const stepsPerEpoch = epochs > 0 ? Math.max(1, run.epochs[0].globalStep) : null;
  const epochSeconds = Math.max(0, run.epochs.reduce((a, e) => a + e.seconds, 0) - run.paused.inEpochs / 1000);
  const evalPerStep = epochs > 0 && stepsPerEpoch ? Math.max(0, epochSeconds / epochs / stepsPerEpoch - secondsPerStep) : 0;
  const left = run.totalSteps - run.stepCount;
  const eta = left * (secondsPerStep + evalPerStep);
  return { fraction, etaSeconds: Number.isFinite(eta) ? eta : null };
}

/**
 * The whole queue's estimate: the active run's time left, and the queued runs' planned steps at the active run's
 * pace per image (null before the active run has a pace). Evaluation at epoch ends is counted as in runProgress.
 * With `atOnce` runs loaded together (the active one among them), the queued runs are taken as trained that many
 * at once too, at the pace of the active one. Before the active run has a pace (its first steps: every run's, where
 * runs take a second), the pace of the run that finished last (`previous`) stands in for it.
 */
export function queueProgress(active: NetworkRun | null, queued: readonly NetworkRun[], atOnce = 1, previous: NetworkRun | null = null): { runs: number; etaSeconds: number | null } {
  const together = Math.max(1, atOnce);
  const runs = queued.length + (active ? together : 0);
  const current = runProgress(active);
  const left = active?.totalSteps ? active.totalSteps - active.stepCount : null;
  const measured = active && current.etaSeconds !== null && left !== null && left > 0 ? current.etaSeconds / (left * active.config.batchSize) : null;
  const secondsPerImage = measured ?? finishedPace(previous);
  if (!active || left === null || secondsPerImage === null) return { runs, etaSeconds: queued.length === 0 ? current.etaSeconds : null };
  const activeSeconds = current.etaSeconds ?? left * active.config.batchSize * secondsPerImage;
  const queuedSeconds = queued.reduce((sum, run) => sum + plannedSteps(run.config) * run.config.batchSize * secondsPerImage, 0) / together;
  return { runs, etaSeconds: activeSeconds + queuedSeconds };
}

/** A finished run's wall time per training image, its evaluations included (null for another run). */
function finishedPace(run: NetworkRun | null): number | null {
  const result = run?.state === 'finished' ? run.result : null;
  if (!run || !result || !(result.trainingSeconds > 0) || !(result.steps > 0)) return null;
  return result.trainingSeconds / (result.steps * run.config.batchSize);
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * The status line while a run is loaded: what the loop does with it (and `atOnce − 1` more runs), on which backend,
 * and the work under way between steps (a clustering: seconds, a minute on Cifar10Mnist), which is why the progress
 * stands still meanwhile — `working`, the loaded run doing it (runs trained at once cluster one after another).
 */
export function activeRunText(run: NetworkRun, loop: LoopState, atOnce: number, backend: string | null, working: NetworkRun | null = run): string {
  const what = `run ${run.ordinal} (${preferenceText(run)})${atOnce > 1 ? ` and ${plural(atOnce - 1, 'more run')} at once` : ''}`;
  const verb = { loading: 'Loading data for', running: 'Training', paused: 'Paused:', finishing: 'Evaluating', idle: '' }[loop];
  const work = !working?.working ? '' : working === run ? `: ${working.working}` : `; run ${working.ordinal} (${preferenceText(working)}): ${working.working}`;
  return `${verb} ${what} on ${run.backend ?? backend ?? '…'}${work}`;
}

/**
 * Whether the main worker trains the lab's runs, not the explorer's: runs are loaded and none is the explorer's
 * (`active`: activeRun). Not "no explorer run and the loop not idle": the loop says it is idle only after it posted its
 * last run's end, and that moment read as the lab training after every explorer run.
 */
export function labTraining(active: NetworkRun | null, loop: Pick<WorkerLoop, 'runIds'>): boolean {
  return active === null && loop.runIds.length > 0;
}

/** The status shown in `run-status`: the worker's life cycle until it is ready, then the main worker's loop state. */
export function combinedStatus(app: RunStatus, main: { loop: Pick<WorkerLoop, 'state'> }): string {
  if (app !== 'ready') return app;
  return main.loop.state === 'idle' ? 'ready' : main.loop.state;
}

/**
 * How a run ended, for a screen reader (the run's status line goes back to "Ready" and its point says nothing by
 * itself): "Run 3 finished: test NLL 0.351 and 0.412, accuracy 91.0 % and 88.0 %, 20.0 % zero rows".
 */
export function endedRunText(run: NetworkRun): string {
  const name = `Run ${run.ordinal}`;
  if (run.state === 'failed') return `${name} failed${run.error ? `: ${run.error}` : ''}`;
  if (run.state !== 'finished') return `${name} ${run.state} at step ${run.stepCount}`;
  const result = run.result;
  if (!result || result.kind !== 'network') return `${name} finished`;
  const [nll, accuracy] = [result.test.nll, result.test.accuracy];
  return `${name} finished: test NLL ${nll.map((v) => v.toFixed(3)).join(' and ')}, accuracy ${accuracy.map((v) => `${v.toFixed(1)} %`).join(' and ')}, ${result.rows.sparsityRate.toFixed(1)} % zero rows`;
}
