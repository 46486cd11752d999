/**
 * The explorer's Pareto set model, read at the handle's preference: once a Pareto set learning run has started,
 * every move of the handle asks the model in the worker (between its training steps, or after it finished while the
 * worker keeps it) — on a validation subset while it trains, on the test subset once finished — and the answer is drawn on the front as the ringed point — no run is
 * started. "Pin" measures that preference on the run's validation and test subsets and keeps it as a finished point.
 */
import { useEffect, useState } from 'react';
import type { ExplorerCommands } from './explorerCommands';
import { useExplorerStore } from './explorerStore';
import { useExplorerView } from './explorerView';
import { handleOnCurve, modelRun, readingData, sparsityAlongK0, sparsityText, spreadText, taskSplitSpread } from './paretoModel';
import { networkModelFileText } from './networkModelFile';
import { downloadFile } from '../exchange/download';
import type { NetworkRun } from '../runs/runRecord';
import { FocusableButton } from '../FocusableButton';
import { Notices } from '../Notices';
import { JsonFileButton } from '../exchange/JsonFileButton';
import { useAppStore } from '../store';
import { kText } from '../../experiment/preference';
import { shownSetting } from './shownSetting';

const pct = (v: number) => `${v.toFixed(1)} %`;

async function download(commands: ExplorerCommands, run: NetworkRun): Promise<void> {
  const tensors = await commands.modelValues(run.id);
  if (tensors) downloadFile(`paretoscope-model-run-${run.ordinal}.json`, networkModelFileText(run, tensors), 'application/json');
  else useAppStore.getState().addNotice({ source: 'model', level: 'error', message: `Run ${run.ordinal}'s model has no copy in this browser to download (an imported run carries none, and saving it may have failed).` });
}

export function ParetoModelPanel({ commands }: { commands: ExplorerCommands }) {
  const model = useExplorerView((s) => modelRun(s.runs, s.settings.problem, shownSetting(s).shown));
  const method = useExplorerStore((s) => s.settings.method);
  const preference = useExplorerStore((s) => s.preference);
  const probe = useExplorerStore((s) => s.probe);
  const sparsityAxis = useExplorerStore((s) => s.front.sparsityAxis);
  const [pinning, setPinning] = useState(false);
  // A model in training changes with every epoch: ask again as they come in (one question at a time).
  const version = model ? `${model.id}:${model.state}:${model.epochs.length}` : '';
  useEffect(() => commands.askModel(), [commands, preference, version]);
  if (!model && method !== 'psl') return null;

  const shown = model && probe?.run === model.id ? probe : null;
  const reading = shown?.reading ?? null;
  const finished = model?.state === 'finished';
  const status = !model ? null : finished ? 'trained' : `training, step ${model.stepCount} of ${model.totalSteps ?? '…'}`;
  const spread = model ? taskSplitSpread(model) : null;
  const zeroed = model ? sparsityAlongK0(model) : null;
  // The model's copy is gone (an imported run, a replaced one): nothing to download, its file is to load.
  const noCopy = shown !== null && !reading;
  const pin = () => {
    setPinning(true);
    void commands.pinProbe().finally(() => setPinning(false));
  };
  return (
    <section className="panel pareto-set-panel" aria-labelledby="explorer-model-heading" data-testid="explorer-model-panel">
      <h2 id="explorer-model-heading">Pareto set model</h2>
      {model ? (
        <>
          <p className="panel-note">
            Run {model.ordinal} ({status}) {finished ? 'learned' : 'learns'} one model for every preference. Move the handle: the model answers at once, without a
            new run (the ringed point on the front). Its curve shows the model{' '}
            {sparsityAxis
              ? `along k₀ at the run's task split ${model.config.preference[1]} : ${model.config.preference[2]}`
              : `along the task split at the run's k₀ = ${model.config.preference[0]}`}
            {handleOnCurve(model, preference, { sparsityAxis })
              ? '; the handle is on that line.'
              : sparsityAxis
                ? `; the handle's task split is off that line, so the ring lies off the curve.`
                : `; the handle's k₀ = ${preference[0]} is off that line, so the ring lies off the curve.`}
          </p>
          {(spread || zeroed) && (
            <p className="panel-note" data-testid="explorer-model-spread">
              {[spread ? spreadText(spread) : '', zeroed ? sparsityText(zeroed) : ''].filter(Boolean).join(' ')}
            </p>
          )}
          <p className="model-answer" data-testid="explorer-model-answer" aria-live="polite">
            {!shown
              ? 'Asking the model…'
              : !reading
                ? 'No copy of this model is in the worker or in this browser (an imported run carries none; a model saved here may have been replaced by newer ones, or saving it failed): its curve and pinned points stay. Load its file (Download the model, where it trained) to read it at other preferences, or run it again.'
                : `At ${kText(reading.preference)}: accuracy ${reading.accuracy.map(pct).join(' / ')}, NLL ${reading.nll.map((v) => v.toFixed(3)).join(' / ')}, sparsity ${pct(reading.rows.sparsityRate)}, compression ${reading.rows.compressionRate.toFixed(2)} — ${readingData(reading)}, ${Math.round(reading.seconds * 1000)} ms in the worker`}
          </p>
          <div className="button-row">
            <FocusableButton onClick={pin} disabled={!reading || pinning} data-testid="explorer-model-pin">
              {pinning ? 'Pinning…' : 'Pin this point'}
            </FocusableButton>
            {finished && !noCopy && (
              <button type="button" onClick={() => void download(commands, model)} data-testid="explorer-model-download">
                Download the model (.json)
              </button>
            )}
            {finished && noCopy && (
              <JsonFileButton
                label="Load the model file…"
                onFile={(file) => void commands.loadModelFile(model.id, file)}
                buttonTestId="explorer-model-load"
                inputTestId="explorer-model-file"
              />
            )}
          </div>
          <Notices sources={['model']} className="notices notices-inline" />
        </>
      ) : (
        <p className="panel-note">
          Pareto set learning: Run trains one model for the whole front (1.5× the epochs of one sparse run), with the preference as an input; k₀ sets how many rows
          it zeroes. Then move the handle to read it at any preference, while it trains and after.
        </p>
      )}
    </section>
  );
}
