/**
 * Export the experiment with its results as a JSON file (the network runs, the teaching lab's runs and the
 * settings), import one, and the notices of both beside the buttons. In the explorer's Share panel and in the
 * teaching lab.
 */
import type { ReactNode } from 'react';
import { Notices } from '../Notices';
import { JsonFileButton } from '../exchange/JsonFileButton';
import { exportExperiment, importExperiment } from '../exchange/exchangeActions';
import type { RunPersistence } from '../persistence/runPersistence';

export function ExperimentFileButtons({ persistence, children }: { persistence: RunPersistence; children?: ReactNode }) {
  return (
    <>
      <div className="button-row">
        <button type="button" onClick={exportExperiment} data-testid="export-json">
          Export JSON
        </button>
        <JsonFileButton label="Import JSON…" onFile={(file) => void importExperiment(file, persistence)} buttonTestId="import-json" inputTestId="import-file" />
        {children}
      </div>
      <Notices sources={['import', 'export']} className="notices notices-inline" />
    </>
  );
}
