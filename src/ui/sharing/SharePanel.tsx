/**
 * Share and keep: copy the experiment's link (CopyLink), export the experiment with its results as JSON or the front
 * as CSV, import an exported file, and delete the runs saved in this browser.
 */
import { ConfirmButton } from '../ConfirmButton';
import { clearSavedRuns, exportFrontCsv } from '../exchange/exchangeActions';
import { ExperimentFileButtons } from './ExperimentFileButtons';
import { useExplorerView } from '../explorer/explorerView';
import type { RunPersistence } from '../persistence/runPersistence';
import { CopyLink } from './CopyLink';
import { FocusableButton } from '../FocusableButton';

export function SharePanel({ persistence }: { persistence: RunPersistence }) {
  const finished = useExplorerView((s) => s.runs.filter((r) => r.state === 'finished').length);

  return (
    <section className="panel share-panel" aria-labelledby="share-heading">
      <h2 id="share-heading">Share &amp; save</h2>
      <p className="panel-note">
        The link holds the settings, the preference list and the front view. Finished runs are saved in this browser as they finish.
      </p>
      <CopyLink testId="copy-link" ids={{ status: 'copy-status', field: 'share-link' }} />
      <ExperimentFileButtons persistence={persistence}>
        <FocusableButton onClick={exportFrontCsv} disabled={finished === 0} data-testid="export-csv">
          Front as CSV
        </FocusableButton>
      </ExperimentFileButtons>
      <div className="button-row">
        <ConfirmButton label="Clear saved runs" question="Delete every explorer run saved in this browser? (The teaching lab keeps its own.)" confirm="Delete" onConfirm={() => void clearSavedRuns(persistence)} testId="clear-saved" />
      </div>
    </section>
  );
}
