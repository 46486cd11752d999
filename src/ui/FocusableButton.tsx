/**
 * A button that stays focusable while disabled (`aria-disabled`, clicks ignored). Pressing Pause, Run or Start queue
 * disables that very button; a natively disabled button would drop the keyboard user's focus to the top of the page.
 */
import type { ComponentProps } from 'react';

export function FocusableButton({ disabled = false, onClick, ...rest }: ComponentProps<'button'>) {
  return (
    <button
      type="button"
      {...rest}
      aria-disabled={disabled || undefined}
      onClick={(event) => {
        if (!disabled) onClick?.(event);
      }}
    />
  );
}
