/**
 * Copy link: puts the experiment's link in the address and the clipboard, and shows it in a selectable field whatever
 * happens (the fallback where the clipboard is unavailable). In the explorer's Share panel and the teaching lab's Keep
 * panel: a teacher preparing a link in the lab should not have to know that the address bar holds it. A link that
 * holds a setting typed out of range says so, with what the opener will get instead (the opener's own decoder).
 */
import { useState } from 'react';
import { decodeLink } from '../../experiment/link/location';
import { shareUrl } from './urlSync';

/** `testId` names the button; its status line and field are `${testId}-status` and `${testId}-field`, or `ids`. */
export function CopyLink({ testId, ids }: { testId: string; ids?: { status: string; field: string } }) {
  const [link, setLink] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  const copyLink = async () => {
    const url = shareUrl();
    window.history.replaceState(window.history.state, '', url);
    setLink(url);
    const { search, hash } = new URL(url);
    setProblems(decodeLink({ search, hash }).problems);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard access here');
      await navigator.clipboard.writeText(url);
      setCopyStatus('Link copied to the clipboard.');
    } catch {
      setCopyStatus('The clipboard is not available: copy the link from the field below.');
    }
  };

  return (
    <>
      <div className="button-row">
        <button type="button" onClick={() => void copyLink()} data-testid={testId}>
          Copy link
        </button>
      </div>
      {link !== null && (
        <div className="share-link">
          <p className="share-status" role="status" data-testid={ids?.status ?? `${testId}-status`}>
            {copyStatus}
          </p>
          {problems.length > 0 && (
            <div className="share-problems" data-testid={`${testId}-problems`}>
              <p>Some settings are out of range, and whoever opens the link gets these instead (and a notice):</p>
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <input
            type="text"
            readOnly
            value={link}
            aria-label="Link to this experiment"
            data-testid={ids?.field ?? `${testId}-field`}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
    </>
  );
}
