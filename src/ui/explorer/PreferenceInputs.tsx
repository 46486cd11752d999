/**
 * The preference's exact numbers. What is typed stays a draft until Enter or leaving the field (Escape drops it), so
 * "0.25" is never taken as "0" on the way, nor re-targets a running run at each key. A committed entry keeps the one
 * edited before it and gives the rest to the third (simplex.ts setComponent); with none edited before, a task's entry
 * keeps the sparsity weight k₀ (it trades one task against the other at the same sparsity) and k₀'s keeps the tasks'
 * ratio. A value out of [0, 1] is clamped, and the note under the fields says what was used.
 */
import { useRef, useState } from 'react';
import { clampToRange } from '../../experiment/parameter';
import { pasteCommaAsPoint, typeCommaAsPoint } from '../decimalComma';
import { setComponent } from './simplex';

const NAMES = ['Sparsity k₀', 'Task 1 k₁', 'Task 2 k₂'];

export function PreferenceInputs({ preference, onCommit }: { preference: readonly number[]; onCommit(k: readonly number[]): void }) {
  const [drafts, setDrafts] = useState<(string | null)[]>([null, null, null]);
  const [note, setNote] = useState<string | null>(null);
  // The entry committed last, and what it made: a preference moved since (the handle, a link) keeps nothing.
  const lastEdited = useRef<{ entry: number; made: readonly number[] } | null>(null);
  const setDraft = (i: number, draft: string | null) => setDrafts((d) => d.map((v, j) => (j === i ? draft : v)));
  /** `enter`: Enter was pressed, which commits the entry as it stands even when nothing was typed (it is then kept). */
  const commit = (i: number, enter = false) => {
    const draft = drafts[i];
    setDraft(i, null);
    if (draft === null || draft.trim() === '') {
      // Confirmed empty (Enter, or a field emptied): a note on an earlier entry is over; leaving a field untouched (a
      // click on Run after Enter) keeps it.
      if (enter || draft !== null) setNote(null);
      // The number shown confirmed as it is (typing the value it already had changes nothing to see, so no draft).
      if (enter && draft === null) lastEdited.current = { entry: i, made: preference };
      return;
    }
    const typed = Number(draft);
    if (!Number.isFinite(typed)) return;
    const { value, note: clamped } = clampToRange({ label: NAMES[i], min: 0, max: 1 }, typed);
    setNote(clamped);
    const last = lastEdited.current;
    const keep = last && last.made.every((v, j) => v === preference[j]) ? last.entry : i === 0 ? null : 0;
    const next = value === preference[i] ? preference : setComponent(preference, i, value, keep);
    // The preference keeps 3 decimals: a value that rounds away is said (1e-9 for k₀ is 0, a plain run).
    if (Math.abs(next[i] - value) > 1e-12) {
      const plain = i === 0 && next[0] === 0 && value > 0 ? ' (k₀ = 0: a plain run, without the sparsity objective)' : '';
      setNote(`${clamped ? `${clamped} ` : ''}${NAMES[i]} keeps 3 decimals: ${typed} is ${next[i]}${plain}.`);
    }
    lastEdited.current = { entry: i, made: next };
    if (next !== preference) onCommit(next);
  };
  return (
    <>
      <div className="preference-inputs">
        {preference.map((v, i) => (
          <label key={NAMES[i]}>
            {NAMES[i]}
            <input
              type="number"
              min={0}
              max={1}
              step={0.01}
              value={drafts[i] ?? v}
              data-testid={`preference-k${i}`}
              onChange={(e) => setDraft(i, e.target.value)}
              onBlur={() => commit(i)}
              onPaste={pasteCommaAsPoint}
              onKeyDown={(e) => {
                typeCommaAsPoint(e);
                if (e.key === 'Enter') commit(i, true);
                if (e.key === 'Escape') setDraft(i, null);
              }}
            />
          </label>
        ))}
      </div>
      {note && (
        <p className="field-note" role="status" data-testid="preference-note">
          {note}
        </p>
      )}
    </>
  );
}
