/**
 * Export the experiment with its results as a JSON file (the network runs, the teaching lab's runs and the
 * settings), import one, and the notices of both beside the buttons. In the explorer's Share panel and in the
 * teaching lab.
 */
import { useRef, type ReactNode } from 'react';
import { Notices } from '../Notices';
import { exportExperiment, importExperiment } from '../exchange/exchangeActions';
import type { RunPersistence } from '../persistence/runPersistence';

export function ExperimentFileButtons({ persistence, children }: { persistence: RunPersistence; children?: ReactNode }) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <div className="button-row">
        <button type="button" onClick={exportExperiment} data-testid="export-json">
          Export JSON
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} data-testid="import-json">
          Import JSON…
        </button>
        {children}
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
    </>
  );
}
