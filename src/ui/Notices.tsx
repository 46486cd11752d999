/**
 * Notices of some sources, where they belong: the page's (link, worker, backend, storage) under the header, an
 * import's or an export's beside the buttons that caused them.
 */
import { useRef } from 'react';
import { useAppStore, type Notice } from './store';
import { focusAfterRemoval } from './focusAfterRemoval';

export function Notices({ sources, className = 'notices' }: { sources: readonly Notice['source'][]; className?: string }) {
  const all = useAppStore((s) => s.notices);
  const dismissNotice = useAppStore((s) => s.dismissNotice);
  const notices = all.filter((n) => sources.includes(n.source));
  const container = useRef<HTMLDivElement>(null);
  if (notices.length === 0) return null;
  return (
    <div className={className} ref={container}>
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
          <button
            type="button"
            className="notice-dismiss"
            aria-label="Dismiss"
            onClick={(e) => {
              // The next notice's dismiss button, else the one before, else what follows the notices.
              const next = container.current && focusAfterRemoval([...container.current.querySelectorAll<HTMLElement>('.notice-dismiss')], e.currentTarget, container.current);
              dismissNotice(n.id);
              next?.focus();
            }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
