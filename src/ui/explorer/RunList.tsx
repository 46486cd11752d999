/** Every run of the session (queued, active, finished, failed, stopped); click one to see its details. */
import { PROBLEM_LABELS } from '../../experiment/choices';
import { useExplorerStore } from './explorerStore';

/** One entry; it re-renders only when what it shows changes (not on every reading). */
function RunItem({ id }: { id: string }) {
  const ordinal = useExplorerStore((s) => s.runs[id]?.ordinal);
  const state = useExplorerStore((s) => s.runs[id]?.state);
  const error = useExplorerStore((s) => s.runs[id]?.error);
  const preference = useExplorerStore((s) => s.runs[id]?.config.preference);
  const problem = useExplorerStore((s) => s.runs[id]?.config.problem);
  const selected = useExplorerStore((s) => s.selectedRunId === id);
  const selectRun = useExplorerStore((s) => s.selectRun);
  if (!preference) return null;
  return (
    <li data-testid="run-item" data-state={state}>
      <button type="button" className={`run-button run-${state}`} aria-pressed={selected} onClick={() => selectRun(selected ? null : id)}>
        <span className="run-name">run {ordinal}</span>{' '}
        <span className="run-problem" data-testid="run-problem">
          {PROBLEM_LABELS[problem] ?? problem}
        </span>{' '}
        <span className="run-k">k = ({preference.join(', ')})</span> <span className="run-state">{state}</span>
        {error && <span className="run-error"> — {error}</span>}
      </button>
    </li>
  );
}

export function RunList() {
  const order = useExplorerStore((s) => s.order);
  if (order.length === 0) return null;
  return (
    <section className="panel run-list" aria-labelledby="run-list-heading">
      <h2 id="run-list-heading">Runs</h2>
      <ol>
        {order.map((id) => (
          <RunItem key={id} id={id} />
        ))}
      </ol>
    </section>
  );
}
