/**
 * The preference editor: the simplex with its handle, the exact numbers (PreferenceInputs), and the buttons that
 * start a run for this preference or queue it.
 */
import { useExplorerStore } from './explorerStore';
import { activeRun, isActive, useExplorerView } from './explorerView';
import { repeatedRun } from './preferencePlan';
import type { ExplorerCommands } from './explorerCommands';
import { SimplexChart } from './SimplexChart';
import { explorerSimplexView } from './simplexView';
import { PreferenceInputs } from './PreferenceInputs';
import { FocusableButton } from '../FocusableButton';
import { ACTIVE_RUN_REASON } from './runBlocked';

/** `blocked`: why Run cannot start (null: it can); `waiting`: that passes by itself (the trainer or the data on their way). */
export function PreferenceEditor({ commands, blocked, waiting }: { commands: ExplorerCommands; blocked: string | null; waiting: boolean }) {
  const ready = blocked === null;
  const preference = useExplorerStore((s) => s.preference);
  const retargetLive = useExplorerStore((s) => s.retargetLive);
  const setRetargetLive = useExplorerStore((s) => s.setRetargetLive);
  const active = useExplorerView(isActive);
  // A Pareto set model is read at the handle, never re-targeted (explorerCommands changePreference).
  const modelActive = useExplorerView((s) => activeRun(s)?.config.method.name === 'psl');
  const simplex = useExplorerView(explorerSimplexView);
  const reason = blocked ?? (active ? ACTIVE_RUN_REASON : null);
  // Runs are seeded: the same settings at the same k train the same run again (Run still does, if asked).
  const repeats = useExplorerView(repeatedRun);

  return (
    <section className="panel preference-panel" aria-labelledby="preference-heading">
      <h2 id="preference-heading">Preference</h2>
      <SimplexChart view={simplex} onChange={commands.changePreference} />
      <PreferenceInputs preference={preference} onCommit={commands.changePreference} />
      <p className="panel-note">
        Drag the handle, click in the triangle or use the arrow keys (Shift: bigger steps). It sets where the next run trains (k₀ &gt; 0:
        sparse; 0: plain); only a Pareto set model answers on the front as it moves.
      </p>
      <div className="button-row">
        <FocusableButton className="primary" onClick={commands.runNow} disabled={!ready || active}>
          Run
        </FocusableButton>
        <FocusableButton onClick={commands.addToQueue} disabled={!ready}>
          Add to queue
        </FocusableButton>
      </div>
      {reason && (
        // A run training or the trainer starting is the normal course (muted); a trainer stopped, data missing or settings
        // refused are problems.
        <p className={blocked === null || waiting ? 'choice-note' : 'field-note'} data-testid="run-blocked">
          {reason}
        </p>
      )}
      {repeats && (
        <p className="choice-note" data-testid="run-repeats">
          {repeats.config.method.name === 'psl'
            ? `Run ${repeats.ordinal} is a Pareto set model of these very settings: it answers at any k without training (its panel pins a point). Run would train the same model again.`
            : repeats.state === 'finished'
              ? `Run ${repeats.ordinal} trained these very settings at this k, the same seed too: Run would give its point again. Change the seed (Experiment) for another sample.`
              : `Run ${repeats.ordinal} ${repeats.state === 'queued' ? 'waits to train' : 'is training'} these very settings at this k, the same seed too: Add to queue would train it twice. Change the seed (Experiment) for another sample.`}
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={retargetLive} onChange={(e) => setRetargetLive(e.target.checked)} /> Moving the handle re-targets
        the running run
      </label>
      {modelActive && (
        <p className="choice-note" data-testid="retarget-model-note">
          The running run is a Pareto set model: moving the handle reads it there and never re-targets it.
        </p>
      )}
    </section>
  );
}
