/**
 * Notices of some sources, where they belong: the page's (link, worker, backend, storage) under the header, an
 * import's or an export's beside the buttons that caused them.
 */
import { useRef } from 'react';
import { useAppStore, type Notice } from './store';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Where the keyboard goes when the notice holding `button` is dismissed (it leaves the page, and with it the focus,
 * which would drop to the top): the next notice's dismiss button, else the one before, else what follows the notices.
 */
function focusAfterDismiss(container: HTMLElement, button: HTMLElement): HTMLElement | null {
  const buttons = [...container.querySelectorAll<HTMLElement>('.notice-dismiss')];
  const i = buttons.indexOf(button);
  const neighbour = buttons[i + 1] ?? buttons[i - 1];
  if (neighbour) return neighbour;
  const after = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].find(
    (el) => !container.contains(el) && container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !el.closest('[hidden]'),
  );
  return after ?? null;
}

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
              const next = container.current && focusAfterDismiss(container.current, e.currentTarget);
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
