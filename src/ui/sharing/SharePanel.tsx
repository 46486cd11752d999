/**
 * Share and keep: copy the experiment's link (clipboard, with the link shown in a selectable field whatever
 * happens), export the experiment with its results as JSON or the front as CSV, import an exported file, and
 * delete the runs saved in this browser.
 */
import { useState } from 'react';
import { ConfirmButton } from '../ConfirmButton';
import { clearSavedRuns, exportFrontCsv } from '../exchange/exchangeActions';
import { ExperimentFileButtons } from './ExperimentFileButtons';
import { useExplorerView } from '../explorer/explorerView';
import type { RunPersistence } from '../persistence/runPersistence';
import { shareUrl } from './urlSync';
import { FocusableButton } from '../FocusableButton';

export function SharePanel({ persistence }: { persistence: RunPersistence }) {
  const [link, setLink] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const finished = useExplorerView((s) => s.runs.filter((r) => r.state === 'finished').length);

  const copyLink = async () => {
    const url = shareUrl();
    window.history.replaceState(window.history.state, '', url);
    setLink(url);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard access here');
      await navigator.clipboard.writeText(url);
      setCopyStatus('Link copied to the clipboard.');
    } catch {
      setCopyStatus('The clipboard is not available: copy the link from the field below.');
    }
  };

  return (
    <section className="panel share-panel" aria-labelledby="share-heading">
      <h2 id="share-heading">Share &amp; save</h2>
      <p className="panel-note">
        The link holds the settings, the preference list and the front view. Finished runs are saved in this browser as they finish.
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void copyLink()} data-testid="copy-link">
          Copy link
        </button>
      </div>
      {link !== null && (
        <div className="share-link">
          <p className="share-status" role="status" data-testid="copy-status">
            {copyStatus}
          </p>
          <input
            type="text"
            readOnly
            value={link}
            aria-label="Link to this experiment"
            data-testid="share-link"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
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
