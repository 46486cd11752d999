/** The weights of a finished run as TF.js files (tfjsWeights.ts): the manifest (.json) and the values (.bin). */
import type { NetworkRun } from '../runs/runRecord';
import type { RunPersistence } from '../persistence/runPersistence';
import { MAX_KERNEL_BYTES } from '../../workers/protocol';
import { downloadWeights } from './exchangeActions';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export function WeightsDownload({ run, persistence }: { run: NetworkRun; persistence: RunPersistence }) {
  if (run.state !== 'finished' || !run.kernels) return null;
  if (!run.kernels.kept) {
    return (
      <p className="panel-note" data-testid="weights-note">
        Trained weights: {mb(run.kernels.bytes)}, over the {mb(MAX_KERNEL_BYTES)} kept per run, so not kept.
      </p>
    );
  }
  return (
    <div className="button-row weights-download">
      <span>Trained kernels ({mb(run.kernels.bytes)}, TF.js weights format):</span>
      <button type="button" onClick={() => void downloadWeights(run, 'manifest', persistence)} data-testid="weights-manifest">
        manifest .json
      </button>
      <button type="button" onClick={() => void downloadWeights(run, 'bin', persistence)} data-testid="weights-bin">
        values .bin
      </button>
    </div>
  );
}
