/**
 * The Pareto set model of the shown problem, read at the editor's preference: once a Pareto set learning run has
 * started, every move of the handle asks the model (in the worker, between its training steps, or rebuilt from the
 * saved model after it finished) and the answer is drawn on the front as the ringed point — no run is started.
 * "Pin" keeps the answer as a finished point of its own, saved and exported like any run.
 */
import { samePreference } from '../../experiment/preference';
import { useEffect } from 'react';
import type { TeachingCommands } from './teachingCommands';
import { modelRun } from './teachingState';
import { useTeachingStore } from './teachingStore';
import { problemKey } from './teachingSettings';
import { useTeachingView } from './teachingView';
import { modelFileText } from './modelFile';
import { downloadFile } from '../exchange/download';
import type { TeachingRun } from '../runs/runRecord';
import { FocusableButton } from '../FocusableButton';

const fmt = (v: readonly number[]) => v.map((x) => x.toFixed(3)).join(', ');

function download(run: TeachingRun): void {
  const text = modelFileText(run);
  if (text) downloadFile(`paretoscope-model-run-${run.ordinal}.json`, text, 'application/json');
}

export function ParetoSetPanel({ commands }: { commands: TeachingCommands }) {
  const model = useTeachingView((s) => modelRun(s.runs, problemKey(s.settings)));
  const preference = useTeachingStore((s) => s.preference);
  const probe = useTeachingStore((s) => s.probe);
  // A model in training changes with every step: ask again as its readings come in (one question at a time).
  const version = model ? `${model.id}:${model.state}:${model.state === 'finished' ? '' : model.stepCount}` : '';
  useEffect(() => commands.askModel(), [commands, preference, version]);

  const shown = model && probe?.run === model.id ? probe : null;
  const pinnedCount = useTeachingView((s) => (model ? s.runs.filter((r) => r.pin?.run === model.id).length : 0));
  const shownPinned = useTeachingView((s) => shown !== null && s.runs.some((r) => r.pin?.run === shown.run && samePreference(r.config.preference, shown.preference)));
  const status = !model ? null : model.state === 'finished' ? 'trained' : `training, step ${model.stepCount} of ${model.totalSteps ?? '…'}`;
  return (
    <section className="panel pareto-set-panel" aria-labelledby="pareto-set-heading" data-testid="pareto-set-panel">
      <h2 id="pareto-set-heading">Pareto set model</h2>
      {model ? (
        <>
          <p className="panel-note">
            Run {model.ordinal} ({status}) learnt one model for every preference. Move the preference: the model answers at once, without a new run
            (the ringed point on the front).
          </p>
          <p className="model-answer" data-testid="model-answer" aria-live="polite">
            {shown ? `At k = (${fmt(shown.preference)}): f = (${fmt(shown.objectives)})` : 'Asking the model…'}
          </p>
          <div className="button-row">
            <FocusableButton onClick={commands.pinProbe} disabled={!shown || shownPinned} data-testid="model-pin">
              {shownPinned ? 'Pinned' : 'Pin this point'}
            </FocusableButton>
            {model.paretoSet && (
              <button type="button" onClick={() => download(model)} data-testid="model-download">
                Download the model (.json)
              </button>
            )}
          </div>
          {pinnedCount > 0 && (
            <p className="panel-note" role="status" data-testid="model-pinned">
              {pinnedCount === 1 ? 'One point pinned' : `${pinnedCount} points pinned`} off this model: finished points of their own on the front (under
              the ring while the preference is theirs), saved and exported with the runs.
            </p>
          )}
        </>
      ) : (
        <p className="panel-note">
          Tick “{'Pareto set learning'}” among the methods and sweep (or run it at k): one run trains a model of the whole front, which then answers at any
          preference as you move it.
        </p>
      )}
    </section>
  );
}
