/**
 * A number field for a value with a range (the lab's dimension, the sweep's size): what is typed stays as typed while
 * it is being edited — emptied with Backspace, then retyped — and counts at once when it is a number in range; out of
 * range, it counts on Enter or on leaving the field, clamped, and `onNote` says what was used. A controlled field that
 * refused every keystroke out of range could not be emptied: Backspace then 8 turned 5 into 58, then 50.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { clampToRange, type NumberRange } from '../experiment/parameter';
import { pasteCommaAsPoint, typeCommaAsPoint } from './decimalComma';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> & {
  /** Null: no value yet (the field is blank, its placeholder shown). */
  value: number | null;
  range: NumberRange & { label: string };
  onValue(value: number): void;
  /** What was used instead of what was typed (null: as typed). */
  onNote(note: string | null): void;
};

export function RangedNumberInput({ value, range, onValue, onNote, onBlur, onKeyDown, ...input }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const typed = Number(draft);
    setDraft(null);
    // Nothing usable typed: the value stays, and the note says so (the field shows it again, which read as unchanged).
    if (draft.trim() === '' || !Number.isFinite(typed)) {
      if (value !== null) onNote(`${range.label} needs a number: ${value} is kept`);
      return;
    }
    const { value: used, note } = clampToRange(range, typed);
    onNote(note);
    if (used !== value) onValue(used);
  };
  return (
    <input
      {...input}
      type="number"
      min={range.min}
      max={range.max}
      step={range.integer ? 1 : 'any'}
      value={draft ?? (value === null ? '' : String(value))}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        const typed = e.target.valueAsNumber;
        if (text.trim() !== '' && Number.isFinite(typed) && clampToRange(range, typed).note === null) {
          onNote(null);
          onValue(typed);
        }
      }}
      onBlur={(e) => {
        commit();
        onBlur?.(e);
      }}
      onPaste={range.integer ? undefined : pasteCommaAsPoint}
      onKeyDown={(e) => {
        if (!range.integer) typeCommaAsPoint(e);
        if (e.key === 'Enter') commit();
        onKeyDown?.(e);
      }}
    />
  );
}
