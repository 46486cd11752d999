/**
 * Share and keep: copy the experiment's link (clipboard, with the link shown in a selectable field whatever
 * happens), export the experiment with its results as JSON or the front as CSV, import an exported file, and
 * delete the runs saved in this browser.
 */
import { useRef, useState } from 'react';
import { ConfirmButton } from '../ConfirmButton';
import { Notices } from '../Notices';
import { clearSavedRuns, exportExperiment, exportFrontCsv, importExperiment } from '../exchange/exchangeActions';
import { useExplorerView } from '../explorer/explorerView';
import type { RunPersistence } from '../persistence/runPersistence';
import { shareUrl } from './urlSync';

export function SharePanel({ persistence }: { persistence: RunPersistence }) {
  const [link, setLink] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
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
      <div className="button-row">
        <button type="button" onClick={exportExperiment} data-testid="export-json">
          Export JSON
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} data-testid="import-json">
          Import JSON…
        </button>
        <button type="button" onClick={exportFrontCsv} disabled={finished === 0} data-testid="export-csv">
          Front as CSV
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importExperiment(file, persistence);
          }}
        />
      </div>
      <Notices sources={['import', 'export']} className="notices notices-inline" />
      <div className="button-row">
        <ConfirmButton label="Clear saved runs" question="Delete every run saved in this browser?" confirm="Delete" onConfirm={() => void clearSavedRuns(persistence)} testId="clear-saved" />
      </div>
    </section>
  );
}
