/**
 * One control for one parameter of the registry, by its kind: a number field (empty = "all" where the parameter
 * may be null), a select of its values, or a checkbox. Its label, tooltip, range and step come from the
 * declaration; an edited value (different from the preset) is marked.
 */
import { useState } from 'react';
import { describeRange, inRange, type ParameterSpec } from '../../experiment/parameter';
import { pasteCommaAsPoint, typeCommaAsPoint } from '../decimalComma';

/** Option text longer than this does not fit a select in half the hyper-parameters' panel. */
const WIDE_OPTION_CHARACTERS = 16;

type Value = number | string | boolean | null;

export function ParameterControl({ spec, value, preset, onChange }: { spec: ParameterSpec; value: Value; preset: Value; onChange(value: Value | undefined): void }) {
  const edited = value !== preset;
  const common = { 'data-testid': `setting-${spec.key}`, title: spec.help };
  switch (spec.kind) {
    case 'number': {
      // Kept as typed (the run is refused with the field named); said here, beside the entry.
      const problem = typeof value === 'number' && !inRange(spec, value) ? `must be ${describeRange(spec)}` : null;
      return (
        <label className={edited ? 'edited' : undefined}>
          {spec.label}
          <NumberField spec={spec} value={value} invalid={problem !== null} onChange={onChange} />
          {problem && (
            <span className="field-note" data-testid={`setting-${spec.key}-note`}>
              {problem}
            </span>
          )}
        </label>
      );
    }
    case 'enum': {
      // A choice whose words do not fit half the panel ("once per epoch (summed η)") takes the row: a select cuts its text.
      const wide = spec.values.some((v) => (spec.labels?.[v] ?? String(v)).length > WIDE_OPTION_CHARACTERS);
      const className = [edited ? 'edited' : '', wide ? 'wide' : ''].filter(Boolean).join(' ');
      return (
        <label className={className || undefined}>
          {spec.label}
          <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
            {spec.values.map((v) => (
              <option key={v} value={v}>
                {spec.labels?.[v] ?? v}
              </option>
            ))}
          </select>
        </label>
      );
    }
    case 'flag':
      return (
        <label className={`checkbox${edited ? ' edited' : ''}`}>
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {spec.label}
        </label>
      );
    case 'vector':
      return null;
  }
}

/**
 * A number parameter's field. What is typed is shown as typed while the field has the focus, and counts whenever it is
 * a number: fed back as the value's own text, "0.00" would become "0" at its second zero (React compares a number
 * field's text with the value given), so a learning rate of 0.002 could not be typed key by key — it came out as 2.
 */
function NumberField({ spec, value, invalid, onChange }: { spec: ParameterSpec & { kind: 'number' }; value: Value; invalid: boolean; onChange(value: Value | undefined): void }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      data-testid={`setting-${spec.key}`}
      title={spec.help}
      aria-invalid={invalid ? true : undefined}
      type="number"
      step={spec.integer ? 1 : 'any'}
      min={spec.minExclusive ? undefined : spec.min}
      max={spec.max}
      value={draft ?? (value === null ? '' : String(value))}
      placeholder={spec.nullable ? spec.nullLabel : undefined}
      onKeyDown={spec.integer ? undefined : typeCommaAsPoint}
      onPaste={spec.integer ? undefined : pasteCommaAsPoint}
      onBlur={() => setDraft(null)}
      onChange={(e) => {
        setDraft(e.target.value);
        if (e.target.value === '') onChange(spec.nullable ? null : undefined);
        else if (Number.isFinite(e.target.valueAsNumber)) onChange(e.target.valueAsNumber);
      }}
    />
  );
}
