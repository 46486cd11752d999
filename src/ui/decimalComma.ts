/**
 * A comma typed or pasted into a decimal number field is taken as the decimal point. Chromium's number fields drop a
 * typed comma in an English browser ("0,3" became 03, that is 3), and many people write decimals with one. Inserted as
 * typing would be (the field's input event follows), since a number field's value cannot be edited at the caret.
 */
import type { ClipboardEvent, KeyboardEvent } from 'react';

export function typeCommaAsPoint(e: KeyboardEvent<HTMLInputElement>): void {
  if (e.key !== ',' || e.ctrlKey || e.metaKey || e.altKey) return;
  e.preventDefault();
  insertAtCaret('.');
}

/** "0,3" pasted: the number it says (a field would refuse it whole). A text with both marks ("1.000,5") is left as is. */
export function pasteCommaAsPoint(e: ClipboardEvent<HTMLInputElement>): void {
  const text = e.clipboardData.getData('text');
  if (!text.includes(',') || text.includes('.')) return;
  e.preventDefault();
  insertAtCaret(text.trim().replace(',', '.'));
}

function insertAtCaret(text: string): void {
  // The only way to type into a number field at its caret (setRangeText and selectionStart are refused there).
  document.execCommand('insertText', false, text);
}
