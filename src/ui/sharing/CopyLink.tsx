/**
 * Copy link: puts the experiment's link in the address and the clipboard, and shows it in a selectable field whatever
 * happens (the fallback where the clipboard is unavailable). In the explorer's Share panel and the teaching lab's Keep
 * panel: a teacher preparing a link in the lab should not have to know that the address bar holds it. A link that
 * holds a setting the opener cannot use (typed out of range, say) lists what the opener will get instead, decoded by
 * the opener's own decoder, as of the click.
 */
import { useState } from 'react';
import { decodeLink } from '../../experiment/link/location';
import { shareUrl } from './urlSync';

/** `testId` names the button; its status line and field are `${testId}-status` and `${testId}-field`, or `ids`. */
export function CopyLink({ testId, ids }: { testId: string; ids?: { status: string; field: string } }) {
  const [link, setLink] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const [decoded, setDecoded] = useState<{ problems: string[]; refused: boolean }>({ problems: [], refused: false });

  const copyLink = async () => {
    const url = shareUrl();
    window.history.replaceState(window.history.state, '', url);
    setLink(url);
    const { search, hash } = new URL(url);
    const { problems, refused } = decodeLink({ search, hash });
    setDecoded({ problems, refused });
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
          {decoded.problems.length > 0 && (
            <div className="share-problems" data-testid={`${testId}-problems`}>
              <p>
                {decoded.refused
                  ? 'Whoever opens the link below gets the default settings instead (and a notice): it would be refused as a whole.'
                  : 'Some settings in the link below cannot be used: whoever opens it gets these instead (and a notice).'}
              </p>
              <ul>
                {decoded.problems.map((p) => (
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
