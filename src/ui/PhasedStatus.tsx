/**
 * A status line a screen reader hears once per phase, not at every change: the visible line follows the work (the run
 * a sweep trains, its k), the live region takes the line only when `phase` changes (training begins, everything has
 * ended). A live status line that changed with every run of a sweep said 37 things in 5 seconds.
 */
import { useEffect, useRef, useState, type HTMLAttributes } from 'react';

type Props = HTMLAttributes<HTMLParagraphElement> & { text: string; phase: string; 'data-testid'?: string; 'data-status'?: string };

export function PhasedStatus({ text, phase, ...paragraph }: Props) {
  const [announced, setAnnounced] = useState(text);
  const shownPhase = useRef(phase);
  useEffect(() => {
    if (phase === shownPhase.current) return;
    shownPhase.current = phase;
    setAnnounced(text);
  }, [phase, text]);
  return (
    <>
      <p {...paragraph}>{text}</p>
      <span className="visually-hidden" role="status" data-testid={paragraph['data-testid'] ? `${paragraph['data-testid']}-announced` : undefined}>
        {announced}
      </span>
    </>
  );
}
