/**
 * A button for what cannot be undone: the first click asks, in place, and only "yes" does it. The question takes the
 * focus (on Cancel, the safe answer); Escape or Cancel puts it back on the button.
 */
import { useEffect, useRef, useState } from 'react';
import { FocusableButton } from './FocusableButton';

export function ConfirmButton({
  label,
  question,
  confirm,
  onConfirm,
  disabled = false,
  testId,
  title,
  ariaLabel,
  className,
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
  /** The button's name where its label alone would not say what it acts on (one of several in a list). */
  ariaLabel?: string;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  // Where the focus goes when the question opens or closes; null: leave it (the first render, a click elsewhere).
  const focusNext = useRef<'cancel' | 'button' | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const target = focusNext.current === 'cancel' ? cancelRef.current : focusNext.current === 'button' ? buttonRef.current : null;
    focusNext.current = null;
    target?.focus();
  }, [asking]);
  const close = (refocus: boolean) => {
    focusNext.current = refocus ? 'button' : null;
    setAsking(false);
  };
  if (!asking) {
    return (
      <FocusableButton
        ref={buttonRef}
        onClick={() => {
          focusNext.current = 'cancel';
          setAsking(true);
        }}
        disabled={disabled}
        data-testid={testId}
        title={title}
        aria-label={ariaLabel}
        className={className}
      >
        {label}
      </FocusableButton>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close(true);
        }
      }}
    >
      <span>{question}</span>{' '}
      <button
        type="button"
        className="danger"
        data-testid={`${testId}-confirm`}
        onClick={() => {
          close(true);
          onConfirm();
        }}
      >
        {confirm}
      </button>{' '}
      <button type="button" ref={cancelRef} onClick={() => close(true)} data-testid={`${testId}-cancel`}>
        Cancel
      </button>
    </span>
  );
}
