/**
 * Notices of some sources, where they belong: the page's (link, worker, backend, storage) under the header, an
 * import's or an export's beside the buttons that caused them.
 */
import { useAppStore, type Notice } from './store';

export function Notices({ sources, className = 'notices' }: { sources: readonly Notice['source'][]; className?: string }) {
  const all = useAppStore((s) => s.notices);
  const dismissNotice = useAppStore((s) => s.dismissNotice);
  const notices = all.filter((n) => sources.includes(n.source));
  if (notices.length === 0) return null;
  return (
    <div className={className}>
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.source}`}>
          <div className="notice-body">
            <span>{n.message}</span>
            {n.details && n.details.length > 0 && (
              <ul className="notice-details">
                {n.details.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="notice-dismiss" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
