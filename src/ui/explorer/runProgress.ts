/** Progress, ETA and the status line of the explorer, from the store (pure). */
import type { RunStatus } from '../store';
import type { NetworkRun } from '../runs/runRecord';
import type { WorkerLoop } from '../runs/runLifecycle';

/** Fraction done in [0, 1] and the estimated seconds left (null when unknown). */
export function runProgress(run: NetworkRun | null): { fraction: number; etaSeconds: number | null } {
  if (!run || !run.totalSteps) return { fraction: 0, etaSeconds: null };
  if (run.state === 'finished') return { fraction: 1, etaSeconds: 0 };
  const fraction = Math.min(1, run.stepCount / run.totalSteps);
  const sps = run.steps.latest('samplesPerSecond');
  if (sps === null) return { fraction, etaSeconds: null };
  const secondsPerStep = sps > 0 ? run.config.batchSize / sps : Number.NaN;
  const epochs = run.epochs.length;
  // Evaluation at the end of each epoch costs extra; spread the mean of what epochs took so far.
  const stepsPerEpoch = epochs > 0 ? Math.max(1, run.epochs[0].globalStep) : null;
  const evalPerStep = epochs > 0 && stepsPerEpoch ? Math.max(0, run.epochs.reduce((a, e) => a + e.seconds, 0) / epochs / stepsPerEpoch - secondsPerStep) : 0;
  const left = run.totalSteps - run.stepCount;
  const eta = left * (secondsPerStep + evalPerStep);
  return { fraction, etaSeconds: Number.isFinite(eta) ? eta : null };
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The status shown in `run-status`: the worker's life cycle until it is ready, then the main worker's loop state. */
export function combinedStatus(app: RunStatus, main: { loop: Pick<WorkerLoop, 'state'> }): string {
  if (app !== 'ready') return app;
  return main.loop.state === 'idle' ? 'ready' : main.loop.state;
}
