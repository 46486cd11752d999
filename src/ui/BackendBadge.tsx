import type { BackendReport } from '../workers/protocol';
import type { BackendName } from '../experiment/choices';
import type { RunStatus } from './store';

interface Props {
  report: BackendReport | null;
  requested?: BackendName;
  status: RunStatus;
}

function detailLine(report: BackendReport): string {
  const parts: string[] = [];
  if (report.device) parts.push(report.device);
  if (report.threads !== undefined) parts.push(`${report.threads} thread${report.threads === 1 ? '' : 's'}`);
  if (report.runsAtOnce > 1) parts.push(`trains up to ${report.runsAtOnce} queued runs at once`);
  parts.push(report.forced ? 'asked for by the link (backend=)' : 'chosen automatically');
  return parts.join(' · ');
}

/**
 * The active TF.js backend (`data-testid="backend"` holds exactly its name), one line about it, and — folded,
 * for whoever asks — why the backends ranked above it were passed over.
 */
export function BackendBadge({ report, requested, status }: Props) {
  if (!report) {
    const dead = status === 'crashed' || status === 'failed';
    return (
      <section className="backend" aria-label="TF.js backend" aria-busy={!dead}>
        <span className="backend-label">Backend</span>
        <span className="badge badge-pending">{dead ? 'none' : requested ? `${requested}…` : 'choosing…'}</span>
      </section>
    );
  }
  const passedOverTitle = report.passedOver.map((p) => `${p.name}: ${p.reason}`).join('\n');
  return (
    <section className="backend" aria-label="TF.js backend">
      <span className="backend-label">Backend</span>
      <span
        className={`badge badge-${report.name}`}
        data-testid="backend"
        title={passedOverTitle ? `Passed over:\n${passedOverTitle}` : `Using ${report.name}`}
      >
        {report.name}
      </span>
      <span className="backend-detail" data-testid="backend-detail">
        {detailLine(report)}
      </span>
      {report.passedOver.length > 0 && (
        <details className="passed-over-details">
          <summary data-testid="passed-over-summary">why not {report.passedOver.map((p) => p.name).join(', ')}?</summary>
          <ul className="passed-over" data-testid="passed-over" aria-label="Backends passed over">
            {report.passedOver.map((p) => (
              <li key={p.name}>
                <span className="passed-over-name">{p.name}</span> {p.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
