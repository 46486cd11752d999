/**
 * Transport controls (start queue / pause / resume / step / stop / reset), the status line
 * (`data-testid="run-status"`), the step counter and the progress bar with ETA of the active run.
 */
import { ConfirmButton } from '../ConfirmButton';
import { FocusableButton } from '../FocusableButton';
import { useAppStore, statusText } from '../store';
import { activeRun, lastEndedRun, queuedExplorerRuns, useExplorerView, workingRun } from './explorerView';
import type { ExplorerCommands } from './explorerCommands';
import { plural } from '../../experiment/plural';
import { activeRunText, combinedStatus, endedRunText, formatDuration, labTraining, queueProgress, runProgress } from './runProgress';

export function RunControls({ commands }: { commands: ExplorerCommands }) {
  const appStatus = useAppStore((s) => s.status);
  const backend = useAppStore((s) => s.backend);
  const loop = useExplorerView((s) => s.loop);
  const run = useExplorerView(activeRun);
  // Between runs the progress line says how the last one ended, not "step 0".
  const last = useExplorerView(lastEndedRun);
  const ended = !run && last ? last : null;
  const status = combinedStatus(appStatus, { loop });
  const ready = appStatus === 'ready';
  const { fraction, etaSeconds } = runProgress(run);
  const queuedRuns = useExplorerView(queuedExplorerRuns);
  // The worker's queue is the lab's too: the explorer counts its own runs, and leaves the lab's run to the lab's Stop.
  const queueLength = queuedRuns.length;
  const labBusy = labTraining(run, loop);
  // While the explorer's runs train, the panel keeps to the bottom of the window when the page is scrolled above it
  // (the Run button's notes push it below the fold; on a phone the whole front lies between them).
  const live = !labBusy && loop.state !== 'idle';
  const atOnce = loop.runIds.length;
  const queue = queueProgress(run, queuedRuns, atOnce, last);
  // The loaded run clustering, if one is (its progress stands still meanwhile).
  const working = useExplorerView(workingRun);

  let text = statusText({ status: appStatus, backend });
  if (ready && labBusy) text = "The teaching lab's runs are training (the lab's Stop stops them); the explorer's wait";
  if (ready && run) text = activeRunText(run, loop.state, atOnce, backend?.name ?? null, working);

  return (
    <section className={`panel run-controls${live ? ' run-controls-live' : ''}`} aria-labelledby="run-controls-heading" data-live={live}>
      <h2 id="run-controls-heading" className="visually-hidden">
        Run controls
      </h2>
      <p className="run-status" data-testid="run-status" data-status={status} role="status">
        {text}
      </p>
      {/* How the last run ended, heard when it ends (the status line goes back to "Ready"; the step counter is not live). */}
      <p className="visually-hidden" role="status" data-testid="run-announcement">
        {last ? endedRunText(last) : ''}
      </p>
      <div className="progress-line">
        <label htmlFor="run-progress">Progress</label>
        <progress id="run-progress" max={1} value={ended ? runProgress(ended).fraction : fraction} data-testid="run-progress" />
        <span data-testid="step-counter" data-step={run?.stepCount ?? 0}>
          {ended ? `run ${ended.ordinal} ${ended.state} at step ${ended.stepCount}` : `step ${run?.stepCount ?? 0}`}
          {!ended && run?.totalSteps ? ` / ${run.totalSteps}` : ''}
        </span>
        {!ended && <span data-testid="eta">ETA {run && loop.state !== 'paused' ? formatDuration(etaSeconds) : '—'}</span>}
      </div>
      {queue.runs > 1 && (
        <p className="queue-eta" data-testid="queue-eta">
          {/* Start queue counts the runs waiting; this line the runs training as well. */}
          {!run ? 'The queue' : queueLength === 0 ? `The ${atOnce} runs at once` : `${atOnce > 1 ? `These ${atOnce} runs` : 'This run'} and ${queueLength} queued`}: {plural(queue.runs, 'run')} to go,
          ETA{' '}
          {loop.state !== 'paused' ? formatDuration(queue.etaSeconds) : '—'}
        </p>
      )}
      {/* The buttons last: in the panel kept at the window's bottom during a run, a longer status line or the queue's
          line grows it upwards, and the buttons stay under the finger. */}
      <div className="button-row transport">
        {loop.state === 'paused' ? (
          <FocusableButton onClick={commands.resume} disabled={!ready}>
            Resume
          </FocusableButton>
        ) : (
          <FocusableButton
            onClick={commands.startQueue}
            disabled={!ready || loop.state !== 'idle' || queueLength === 0}
            title="Starts the queued runs: Add to queue only queues (while a queue is going, its runs follow on); Run and Run all start at once; after Stop the queue waits for this"
          >
            Start queue{queueLength > 0 ? ` (${queueLength})` : ''}
          </FocusableButton>
        )}
        <FocusableButton onClick={commands.pause} data-testid="transport-pause" disabled={!ready || labBusy || (loop.state !== 'running' && loop.state !== 'loading')}>
          Pause
        </FocusableButton>
        <FocusableButton onClick={commands.step} disabled={!ready || labBusy || loop.state !== 'paused'}>
          Step
        </FocusableButton>
        <FocusableButton onClick={commands.stop} data-testid="transport-stop" disabled={!ready || labBusy || loop.state === 'idle'}>
          Stop
        </FocusableButton>
        <ConfirmButton
          label="Reset"
          question="Stop the explorer's runs, empty its queue and forget every run, the saved ones too? The teaching lab's runs go on."
          confirm="Forget them"
          onConfirm={commands.reset}
          disabled={!ready}
          testId="reset"
          title="Stop the explorer's runs, take them out of the queue and forget them all (also those saved in this browser); the teaching lab's runs go on"
        />
      </div>
    </section>
  );
}
