/** A button for what cannot be undone: the first click asks, in place, and only "yes" does it. */
import { useState } from 'react';

export function ConfirmButton({
  label,
  question,
  confirm,
  onConfirm,
  disabled = false,
  testId,
  title,
}: {
  label: string;
  /** What will be lost, as a question. */
  question: string;
  /** The word on the button that does it. */
  confirm: string;
  onConfirm(): void;
  disabled?: boolean;
  testId: string;
  title?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled} data-testid={testId} title={title}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>{' '}
      <button
        type="button"
        className="danger"
        data-testid={`${testId}-confirm`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)} data-testid={`${testId}-cancel`}>
        Cancel
      </button>
    </span>
  );
}
